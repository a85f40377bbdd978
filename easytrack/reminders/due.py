"""When a reminder is due: a local time of day on a local date, as a UTC instant (pure, stdlib only)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60


def N_(msgid: str) -> str:  # noqa: N802 - marks a message for the catalogue (easytrack.i18n.N_, kept stdlib-only)
    return msgid

_HHMM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def parse_time(text: object) -> int:
    """Minutes after midnight of an "HH:MM" time (24-hour clock, as an <input type="time"> sends it).

    Raises:
        ValueError: not a string of that form.
    """
    if not isinstance(text, str) or not _HHMM.fullmatch(text.strip()):
        raise ValueError(N_("Enter a time such as 07:30."))
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


# --- weekdays: a 7-bit mask, bit 0 = Monday … bit 6 = Sunday (date.weekday() numbering) ----------------------

EVERY_DAY = 0b1111111
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekday_mask(days: object) -> int:
    """The mask of a collection of weekday numbers (0 = Monday … 6 = Sunday); repeats count once.

    Raises:
        ValueError: not a list/tuple/set of such numbers, or an empty one (a reminder on no day).
    """
    if not isinstance(days, (list, tuple, set, frozenset)) or len(days) > 7 * 4:
        raise ValueError(N_("Choose the weekdays as a list of numbers, 0 = Monday … 6 = Sunday."))
    mask = 0
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ValueError(N_("Choose the weekdays as a list of numbers, 0 = Monday … 6 = Sunday."))
        mask |= 1 << day
    if not mask:
        raise ValueError(N_("Choose at least one weekday."))
    return mask


def weekdays_of(mask: int) -> tuple[int, ...]:
    """The weekday numbers in `mask`, Monday first."""
    return tuple(day for day in range(7) if mask >> day & 1)


def fires_on(mask: int, day: date) -> bool:
    """Whether a reminder with weekday `mask` is meant for the local date `day`."""
    return bool(mask >> day.weekday() & 1)


def describe_weekdays(mask: int) -> str:
    """"Every day", "Weekdays", "Weekends" or the short names ("Mon, Wed, Fri")."""
    if mask & EVERY_DAY == EVERY_DAY:
        return "Every day"
    if mask == 0b0011111:
        return "Weekdays"
    if mask == 0b1100000:
        return "Weekends"
    return ", ".join(WEEKDAY_NAMES[d] for d in weekdays_of(mask))


def due_today(times: list[tuple[int, int, int]], tz: str, *, today: date, now: datetime) -> list[tuple[int, int]]:
    """(id, minute) of the reminders of `times` ((id, minute, weekday mask)) due at `now` on the local date
    `today` in zone `tz`: meant for today's weekday and with their local time come (at or before `now`).

    Only `today` is looked at: a reminder of yesterday that was missed is never due (the caller passes the
    user's own today, so each zone's midnight starts a new day). In the order given.
    """
    return [(rid, minute) for rid, minute, mask in times
            if fires_on(mask, today) and due_at(today, minute, tz) <= now]
