"""When a reminder is due: a local time of day on a local date, as a UTC instant (pure, stdlib only)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
_HHMM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def parse_time(text: object) -> int:
    """Minutes after midnight of an "HH:MM" time (24-hour clock, as an <input type="time"> sends it).

    Raises:
        ValueError: not a string of that form.
    """
    if not isinstance(text, str) or not _HHMM.fullmatch(text.strip()):
        raise ValueError("Enter a time such as 07:30.")
    hours, minutes = text.strip().split(":")
    return int(hours) * 60 + int(minutes)


def format_time(minute: int) -> str:
    """"HH:MM" for `minute` minutes after midnight (0 … 1439)."""
    if not 0 <= minute < MINUTES_PER_DAY:
        raise ValueError(f"minute of the day out of range: {minute}")
    return f"{minute // 60:02d}:{minute % 60:02d}"


def due_at(day: date, minute: int, tz: str) -> datetime:
    """The UTC instant at which local time `minute` (after midnight) happens on `day` in zone `tz`.

    Across DST: a time that does not exist (the clocks jump over it) is due as late as the jump — 02:30 on a
    spring-forward night in Europe/Berlin is 03:30 local; a time that happens twice (autumn) is due at its
    first occurrence.
    """
    if not 0 <= minute < MINUTES_PER_DAY:
        raise ValueError(f"minute of the day out of range: {minute}")
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(tz))  # fold=0
    return local.astimezone(UTC)


def is_due(day: date, minute: int, tz: str, *, now: datetime) -> bool:
    """Whether the reminder of local `day` at `minute` is due at the aware instant `now` (due at or after)."""
    return due_at(day, minute, tz) <= now
