"""Per-habit statistics (strength score, streaks, completion rates, totals) from the history and the domain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.scores import score_on
from easytrack.domain.stats import Completion, Span, completion
from easytrack.domain.streaks import streak_summary
from easytrack.domain.target import Target
from easytrack.services import checkins, habits
from easytrack.services.tracker_types import CheckinInfo, HabitInfo


@dataclass(frozen=True)
class CompletionStats:
    """Done, missed and skipped days and the rate done ÷ (done + missed) from `start` to `end` (inclusive)."""

    start: date
    end: date
    done: int
    missed: int
    skipped: int
    rate: float | None
    total: float  # measurable habits: the sum of the amounts in the span

    @classmethod
    def of(cls, c: Completion) -> CompletionStats:
        return cls(c.start, c.end, c.done, c.missed, c.skipped, c.rate, c.total)


@dataclass(frozen=True)
class HabitStats:
    """One habit's statistics as of `day` (entries after it are ignored).

    `score` is Loop's habit strength in 0..1; streaks count done days; `total` is the number of done days
    (yes/no habits) or the sum of all amounts (measurable habits), up to `day`.
    """

    habit_id: int
    day: date
    score: float
    streak_current: int
    streak_best: int
    week: CompletionStats
    month: CompletionStats
    year: CompletionStats
    all: CompletionStats
    total: float
    first_day: date | None  # the oldest day with an entry, None without any


def habit_stats(session: Session, *, user_id: int, habit_id: int, day: date, first_weekday: int = 0) -> HabitStats:
    """Return the statistics of one of the user's habits as of `day` (two queries, then pure computation).

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
    """
    habit = habits.get_habit(session, user_id=user_id, habit_id=habit_id)
    history = checkins.get_history(session, user_id=user_id, habit_id=habit.id)
    return compute_stats(habit, history, day=day, first_weekday=first_weekday)


def compute_stats(
    habit: HabitInfo, history: Mapping[date, CheckinInfo], *, day: date, first_weekday: int = 0
) -> HabitStats:
    """The pure part of `habit_stats`: statistics of `habit` with the entered `history` as of `day`."""
    history = {d: c for d, c in history.items() if d <= day}
    states = {d: State(c.state) for d, c in history.items()}
    amounts = {d: c.amount for d, c in history.items() if c.amount is not None} if habit.measurable else {}
    schedule, target = Schedule.from_text(habit.schedule), _target(habit)
    common = {"today": day, "first_weekday": first_weekday, "amounts": amounts or None, "target": target}
    streaks = streak_summary(states, schedule, **common)
    spans = {span: CompletionStats.of(completion(states, schedule, span=span, **common)) for span in Span}
    first = min(history, default=None)
    return HabitStats(
        habit_id=habit.id,
        day=day,
        score=_score(habit, history, first, day),
        streak_current=streaks.current,
        streak_best=streaks.best,
        week=spans[Span.WEEK],
        month=spans[Span.MONTH],
        year=spans[Span.YEAR],
        all=spans[Span.ALL],
        total=sum(amounts.values()) if habit.measurable else float(sum(s is State.DONE for s in states.values())),
        first_day=first,
    )


def _target(habit: HabitInfo) -> Target | None:
    if not habit.measurable:
        return None
    return Target(habit.unit, habit.target_value, habit.target_direction, habit.target_period)


def score_fraction(habit: HabitInfo) -> tuple[int, int]:
    """Loop's (num, den) for the score: the schedule's fraction; for measurable habits 1 in the target's
    window (1, 7, 30 or N days), whose amounts Loop sums against the target."""
    if habit.measurable:
        return 1, _target(habit).days
    return Schedule.from_text(habit.schedule).as_fraction()


def score_entries(history: Mapping[date, CheckinInfo], measurable: bool) -> dict[date, State | float]:
    """The history as `domain.scores` takes it: a state per day, or a measurable day's amount."""
    return {d: _score_entry(c, measurable) for d, c in history.items()}


def _score(habit: HabitInfo, history: Mapping[date, CheckinInfo], first: date | None, day: date) -> float:
    """Loop's strength on `day`: yes/no habits by their schedule, measurable ones by their target window.

    With nothing entered Loop's history starts on `day` itself: an at-most habit scores 1.0 there."""
    first = day if first is None else first
    num, den = score_fraction(habit)
    entries = score_entries(history, habit.measurable)
    return score_on(
        entries,
        num=num,
        den=den,
        start=first,
        day=day,
        measurable=habit.measurable,
        target_value=habit.target_value,
        at_most=habit.target_direction == "at_most",
    )


def _score_entry(checkin: CheckinInfo, measurable: bool) -> State | float:
    """A skip carries the score over; a measurable day otherwise counts its amount (none counts 0)."""
    state = State(checkin.state)
    if state is State.SKIP or not measurable:
        return state
    return checkin.amount if checkin.amount is not None else state
