"""What Loop's CSV and SQLite exports share: value codes, colours, frequencies and targets."""

from __future__ import annotations

import re
from datetime import date

from easytrack.domain.frequency import MONTH_DAYS, Schedule
from easytrack.domain.target import parse_period, period_text
from easytrack.i18n import N_
from easytrack.services.transfer.limits import MAX_AMOUNT
from easytrack.services.transfer.types import ImportedCheckin, ImportFailed, Text

# Loop's entry codes (legacy CSV integers and the database's `value` column).
UNKNOWN, NO, AUTO, MANUAL, SKIP = -1, 0, 1, 2, 3
WORDS = {"UNKNOWN": UNKNOWN, "NO": NO, "YES_AUTO": AUTO, "YES_MANUAL": MANUAL, "SKIP": SKIP}
CODES = frozenset(WORDS.values())
# Loop's 20-colour palette; its database stores an index into it (old versions: an ARGB integer).
PALETTE = (
    "#d32f2f", "#e64a19", "#f57c00", "#ff8f00", "#f9a825", "#afb42b", "#7cb342", "#388e3c", "#00897b",
    "#00acc1", "#039be5", "#1976d2", "#303f9f", "#5e35b1", "#8e24aa", "#d81b60", "#5d4037", "#303030",
    "#757575", "#aaaaaa",
)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{2})?([0-9a-fA-F]{6})")
_PERIODS = {1: "day", 7: "week", MONTH_DAYS: "month", 31: "month"}


def checkin(code: int, day: date, note: str, *, measurable: bool, where: Text | str) -> ImportedCheckin | None:
    """Map one Loop entry to a check-in, or None for days Loop derived or knows nothing about.

    Yes/no habits: ticked → done, NO → no, SKIP → skip; YES_AUTO and UNKNOWN → nothing (we derive
    auto days ourselves). Measurable habits: the value is the amount × 1000 (done); NO (0) is
    stored as state "no" with amount 0; SKIP → skip; UNKNOWN → nothing.

    Raises:
        ImportFailed: naming `where`, for a code a yes/no habit cannot have, or an amount out of range.
    """
    if code == UNKNOWN:
        return None
    if code == SKIP:
        return ImportedCheckin(day, "skip", None, note)
    if code == NO:
        return ImportedCheckin(day, "no", 0.0 if measurable else None, note)
    if not measurable:
        if code == MANUAL:
            return ImportedCheckin(day, "done", None, note)
        if code == AUTO:
            return None
        raise ImportFailed("{where}: unknown value '{code}' for a yes/no habit.", where=where, code=code)
    amount = code / 1000
    if not 0 <= amount <= MAX_AMOUNT:
        raise ImportFailed("{where}: the amount {amount} is out of range.", where=where, amount=format(amount, "g"))
    return ImportedCheckin(day, "done", amount, note)


def schedule_text(num: object, den: object, *, where: Text | str) -> str:
    """Return the stored schedule for Loop's "num times in den days"."""
    try:
        return Schedule.from_loop(num, den).to_text()
    except (ValueError, TypeError):
        raise ImportFailed("{where}: the frequency {num}/{den} is not valid.", where=where, num=num, den=den) from None


def target_period(den: int, *, where: Text | str, warnings: list[Text], num: int = 1) -> str:
    """Return our target period for a Loop target summed over `den` days.

    Loop compares the sum of the last `den` days with the target; the value is kept as it is (so
    scores stay Loop's) and the period named after the window: 1 day, 7 (week), 30/31 (month), any
    other N days "days:N". Loop's numerator only speeds up its score (its screens always set 1): another
    one is dropped with a warning.
    """
    if num != 1:
        warnings.append(Text(N_("{where}: Loop's target is {num} times per {den} days; it is kept as per {den} days."),
                             where=where, num=num, den=den))
    if den in _PERIODS:
        return _PERIODS[den]
    return period_text(*parse_period(f"days:{den}"))


def hex_color(text: object) -> str | None:
    """Return "#rrggbb" from "#RRGGBB" or "#AARRGGBB", else None."""
    match = _HEX.fullmatch(text) if isinstance(text, str) else None
    return f"#{match.group(1).lower()}" if match else None


def db_color(value: object) -> str | None:
    """Return the colour of a Loop database `color` cell: a palette index or an ARGB integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if 0 <= value < len(PALETTE):
        return PALETTE[value]
    return f"#{value & 0xFFFFFF:06x}"


def unique_days(items: list[tuple[Text | str, ImportedCheckin]]) -> tuple[ImportedCheckin, ...]:
    """Return the check-ins oldest first; raise naming the place of a day that appears twice."""
    seen: dict[date, ImportedCheckin] = {}
    for where, item in items:
        if item.day in seen:
            raise ImportFailed("{where}: the day {day} appears twice.", where=where, day=item.day.isoformat())
        seen[item.day] = item
    return tuple(sorted(seen.values(), key=lambda c: c.day))


def source_id(position: int, name: str) -> str:
    """Loop CSV (and old databases) have no uuid: identify a habit by position and name."""
    return f"loop:{position}:{name}"[:120]
