"""The paper grid: which days a page shows and one compact string of cells per habit row."""

from collections.abc import Mapping
from datetime import date

from easytrack.domain.calendar import month_days, week_days
from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import Cell, State
from easytrack.domain.status import DayStatus, day_statuses
from easytrack.domain.target import Target

MONTH = "month"
WEEK = "week"

_CELL = {
    DayStatus.DONE.value: Cell.DONE.value,
    DayStatus.SKIP.value: Cell.SKIP.value,
    DayStatus.NOT_NEEDED.value: Cell.NOT_NEEDED.value,
    DayStatus.MISSED.value: Cell.EMPTY.value,
    DayStatus.OPEN.value: Cell.EMPTY.value,
    DayStatus.FUTURE.value: Cell.FUTURE.value,
}


def window_for(view: str, anchor: date, first_weekday: int) -> list[date]:
    """Return the days a view shows, oldest first: the month holding `anchor` (1st..last)
    or the week holding it (7 days starting on `first_weekday`, 0=Monday)."""
    if view == MONTH:
        return month_days(anchor)
    if view == WEEK:
        return week_days(anchor, first_weekday)
    raise ValueError(f"view must be {MONTH!r} or {WEEK!r}, got {str(view)[:20]!r}")


def row_cells(
    entries: Mapping[date, State],
    days: list[date],
    *,
    today: date,
    schedule: Schedule,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
    first_weekday: int = 0,
) -> str:
    """Return one `Cell` character per day of `days`, in the same order.

    Days after `today` are FUTURE. An explicit "no" is NO; for measurable habits an amount
    short of an at-least target is PARTIAL (NO when it is 0) and an amount over an at-most limit
    is NO (a day with nothing entered is within that limit: DONE). Otherwise the day's status
    decides: required and empty is EMPTY, not required and empty is NOT_NEEDED.
    """
    if not days:
        return ""
    lo = min(days)
    statuses = day_statuses(
        entries,
        schedule,
        start=lo,
        end=max(days),
        today=today,
        first_weekday=first_weekday,
        amounts=amounts,
        target=target,
    )
    at_most = target is not None and target.at_most
    return "".join(_cell(statuses[(d - lo).days], d, entries, amounts, at_most) for d in days)


def _cell(status: str, day: date, entries, amounts, at_most: bool) -> str:
    if status in "dsf":
        return _CELL[status]
    if entries.get(day) == State.NO:
        return Cell.NO.value
    if amounts:
        amount = amounts.get(day)
        if amount is not None:
            return Cell.PARTIAL.value if amount > 0 and not at_most else Cell.NO.value
    return _CELL[status]
