"""Progress of a quota schedule ("3 times a week") in the period holding today, and the days a view shows."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from easytrack.domain.calendar import month_end, week_start
from easytrack.domain.frequency import Kind, Schedule
from easytrack.domain.marks import State

MIN_RECENT_DAYS = 7
MAX_RECENT_DAYS = 62


@dataclass(frozen=True)
class Progress:
    """`done` of `needed` times in the calendar `period` ("week" or "month") from `start` to `end`."""

    done: int
    needed: int
    period: str
    start: date
    end: date

    @property
    def rate(self) -> float:
        """Done ÷ needed, capped at 1 (doing more than asked is 100 %)."""
        return min(1.0, self.done / self.needed)

    def short(self) -> str:
        """As on a button: "2/3 this week"."""
        return f"{self.done}/{self.needed} this {self.period}"


def period_progress(entries: Mapping[date, State], schedule: Schedule, *, today: date,
                    first_weekday: int = 0) -> Progress | None:
    """Return the done days of the week or month holding `today` (entries after `today` ignored)
    against the quota, for "N times a week/month" schedules; None for every other schedule."""
    if schedule.kind is Kind.WEEKLY:
        start, period = week_start(today, first_weekday), "week"
        end = start + timedelta(days=6)
    elif schedule.kind is Kind.MONTHLY:
        start, end, period = today.replace(day=1), month_end(today), "month"
    else:
        return None
    done = sum(1 for d, s in entries.items() if start <= d <= today and State(s) is State.DONE)
    return Progress(done, schedule.times, period, start, end)


def recent_days(today: date, n: int) -> list[date]:
    """Return the `n` days ending on `today` (clamped to MIN..MAX_RECENT_DAYS), oldest first: Loop's
    "last N days", so today is always the last column."""
    n = max(MIN_RECENT_DAYS, min(MAX_RECENT_DAYS, n))
    return [today - timedelta(days=k) for k in range(n - 1, -1, -1)]
