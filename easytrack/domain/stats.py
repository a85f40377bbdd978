"""Completion rates and amount totals of one habit over this week, month, year or all time."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from easytrack.domain.calendar import week_start
from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.status import DayStatus, day_statuses, history_start
from easytrack.domain.target import Target

DAYS_PER_MONTH = 365.2425 / 12


class Span(str, Enum):
    """The period a statistic covers; every span ends on today."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ALL = "all"


@dataclass(frozen=True)
class Completion:
    """Counts over `start`..`end` (inclusive). `rate` is done ÷ (done + missed), None if 0/0."""

    start: date
    end: date
    done: int = 0
    missed: int = 0
    skipped: int = 0
    rate: float | None = None
    total: float = 0.0  # measurable: sum of amounts
    per_day: float = 0.0
    per_week: float = 0.0
    per_month: float = 0.0

    @property
    def required(self) -> int:
        """Days that counted toward the rate (skip, not-needed and still-open days excluded)."""
        return self.done + self.missed


def span_start(span: Span, today: date, first_weekday: int) -> date | None:
    """Return the first day of `span` ending on `today` (None for ALL: the history decides)."""
    span = Span(span)
    if span is Span.WEEK:
        return week_start(today, first_weekday)
    if span is Span.MONTH:
        return today.replace(day=1)
    return today.replace(month=1, day=1) if span is Span.YEAR else None


def completion(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    span: Span,
    first_weekday: int = 0,
    since: date | None = None,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> Completion:
    """Return completion over `span` up to `today`, never before `since` (default: first entry).

    Required days are done + missed; skipped, not-needed and open days (today, or an unmet
    quota that can still be met) are left out. Averages divide the amount total by the
    number of days in the range (per week ×7, per month ×365.2425/12).
    """
    first = since if since is not None else history_start(entries, amounts, today, target)
    begin = span_start(span, today, first_weekday)
    if first is not None:
        begin = max(begin or first, first)
    if begin is None or begin > today:
        return Completion(start=today, end=today)
    statuses = day_statuses(
        entries,
        schedule,
        start=begin,
        end=today,
        today=today,
        first_weekday=first_weekday,
        amounts=amounts,
        target=target,
    )
    done, missed = statuses.count(DayStatus.DONE.value), statuses.count(DayStatus.MISSED.value)
    total = sum(v for d, v in (amounts or {}).items() if begin <= d <= today)
    days = (today - begin).days + 1
    return Completion(
        start=begin,
        end=today,
        done=done,
        missed=missed,
        skipped=statuses.count(DayStatus.SKIP.value),
        rate=done / (done + missed) if done + missed else None,
        total=total,
        per_day=total / days,
        per_week=total * 7 / days,
        per_month=total * DAYS_PER_MONTH / days,
    )
