"""One habit's page: its statistics, a year heatmap, strength and monthly charts, streaks and notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from easytrack.domain.calendar import shift_month, week_start
from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells
from easytrack.domain.marks import Cell, State
from easytrack.domain.progress import Progress, period_progress
from easytrack.domain.scores import score_series
from easytrack.domain.streaks import Streak, streak_list
from easytrack.domain.target import Target
from easytrack.services import checkins, habits
from easytrack.services.stats import HabitStats, compute_stats, score_entries, score_fraction
from easytrack.services.tracker_types import CheckinInfo, HabitInfo

HEATMAP_WEEKS = 53  # GitHub-style: 53 week columns of 7 days, the last one holding today
STRENGTH_WEEKS = 52  # the strength chart: today and every 7th day before it, a year back
BAR_MONTHS = 12  # the bar chart: this month and the 11 before it
TOP_STREAKS = 10
NOTES_SHOWN = 100
# Loop scores a measurable habit over its target's window (as `services.stats` does).
# Heatmap characters: the grid's cells, with "not needed" shown like an empty day.
_HEATMAP = str.maketrans({Cell.NOT_NEEDED.value: Cell.EMPTY.value})


@dataclass(frozen=True)
class Point:
    """One point of a chart: a day (a sample day, or the first of a month) and its value."""

    day: date
    value: float


@dataclass(frozen=True)
class Note:
    day: date
    text: str


@dataclass(frozen=True)
class HabitReport:
    """Everything the habit page shows, as of `today` (entries after it are ignored).

    `heatmap` has HEATMAP_WEEKS * 7 characters, one per day from `heatmap_start` (a first weekday):
    "1" done, "p" partly done (measurable), "s" skipped, "x" not done, "0" nothing, "f" future.
    `strength` is the score (0..1) every 7th day up to today, oldest first, from the first entry on;
    `months` the done days (yes/no) or the amount total (measurable) per month, oldest first;
    `streaks` the longest first (ties: newest first); `notes` newest first. With a `year` the heatmap
    ends on that year's 31 December (or today) and `months` are that year's; `years` lists every year
    from the first entry's to today's, oldest first. `progress`: "N times a week/month" schedules only.
    """

    habit: HabitInfo
    today: date
    stats: HabitStats
    per_day: float  # measurable: the all-time total per day and per week since the first entry
    per_week: float
    heatmap_start: date
    heatmap: str
    strength: list[Point]
    months: list[Point]
    streaks: list[Streak]
    notes: list[Note]
    year: int | None = None
    years: tuple[int, ...] = ()
    progress: Progress | None = None


def habit_report(
    session: Session, *, user_id: int, habit_id: int, today: date, first_weekday: int = 0, year: int | None = None
) -> HabitReport:
    """Return the page data of one of the user's habits as of `today` (two queries, then pure computation).

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's (also for ids that cannot exist).
    """
    habit = habits.get_habit(session, user_id=user_id, habit_id=habit_id)
    history = checkins.get_history(session, user_id=user_id, habit_id=habit.id)
    return build_report(habit, history, today=today, first_weekday=first_weekday, year=year)


def build_report(
    habit: HabitInfo, history: Mapping[date, CheckinInfo], *, today: date, first_weekday: int = 0,
    year: int | None = None,
) -> HabitReport:
    """The pure part of `habit_report`: the page data of `habit` with the entered `history`."""
    history = {d: c for d, c in sorted(history.items()) if d <= today}
    stats = compute_stats(habit, history, day=today, first_weekday=first_weekday)
    first_year = min(history).year if history else today.year
    year = year if year is not None and first_year <= year < today.year else None
    end = today if year is None else date(year, 12, 31)
    start = week_start(end, first_weekday) - timedelta(weeks=HEATMAP_WEEKS - 1)
    span = stats.all
    days = (span.end - span.start).days + 1 if stats.first_day else 0
    return HabitReport(
        habit=habit,
        today=today,
        stats=stats,
        per_day=span.total / days if days else 0.0,
        per_week=span.total * 7 / days if days else 0.0,
        heatmap_start=start,
        heatmap=_heatmap(habit, history, start, today, first_weekday),
        strength=_strength(habit, history, today),
        months=_months(habit, history, end),
        streaks=_best_streaks(habit, history, today, first_weekday),
        notes=[Note(d, c.note) for d, c in reversed(history.items()) if c.note][:NOTES_SHOWN],
        year=year,
        years=tuple(range(first_year, today.year + 1)),
        progress=None if habit.measurable else period_progress(
            {d: State(c.state) for d, c in history.items()}, Schedule.from_text(habit.schedule), today=today,
            first_weekday=first_weekday),
    )


def _split(habit: HabitInfo, history: Mapping[date, CheckinInfo]) -> dict:
    """The domain's view of a history: entries, amounts, schedule and target."""
    amounts = {d: c.amount for d, c in history.items() if c.amount is not None} if habit.measurable else {}
    target = Target(habit.unit, habit.target_value, habit.target_direction, habit.target_period) \
        if habit.measurable else None
    return {
        "entries": {d: State(c.state) for d, c in history.items()},
        "schedule": Schedule.from_text(habit.schedule),
        "amounts": amounts or None,
        "target": target,
    }


def _heatmap(habit: HabitInfo, history, start: date, today: date, first_weekday: int) -> str:
    days = [start + timedelta(days=i) for i in range(HEATMAP_WEEKS * 7)]
    d = _split(habit, history)
    cells = row_cells(d["entries"], days, today=today, schedule=d["schedule"], amounts=d["amounts"],
                      target=d["target"], first_weekday=first_weekday)
    return cells.translate(_HEATMAP)


def _best_streaks(habit: HabitInfo, history, today: date, first_weekday: int) -> list[Streak]:
    d = _split(habit, history)
    streaks = streak_list(d["entries"], d["schedule"], today=today, first_weekday=first_weekday,
                          amounts=d["amounts"], target=d["target"])
    return sorted(streaks, key=lambda s: -s.length)[:TOP_STREAKS]  # stable: ties stay newest first


def _strength(habit: HabitInfo, history: Mapping[date, CheckinInfo], today: date) -> list[Point]:
    """Loop's score every 7th day back from today (at most a year), like `services.stats` scores it
    (an at-most habit with nothing entered has today's 1.0)."""
    at_most = habit.measurable and habit.target_direction == "at_most"
    if not history and not at_most:
        return []
    num, den = score_fraction(habit)
    entries = score_entries(history, habit.measurable)
    series = score_series(entries, num=num, den=den, start=min(history, default=today), end=today,
                          measurable=habit.measurable, target_value=habit.target_value, at_most=at_most)
    sampled = series[::-7][: STRENGTH_WEEKS + 1]
    return [Point(day, score) for day, score in reversed(sampled)]


def _months(habit: HabitInfo, history: Mapping[date, CheckinInfo], end: date) -> list[Point]:
    """The 12 months up to the one holding `end`."""
    firsts = [shift_month(end, -k) for k in range(BAR_MONTHS - 1, -1, -1)]
    values = dict.fromkeys(firsts, 0.0)
    for day, checkin in history.items():
        key = day.replace(day=1)
        if key not in values:
            continue
        if habit.measurable:
            values[key] += checkin.amount or 0.0
        elif checkin.state == State.DONE.value:
            values[key] += 1
    return [Point(first, value) for first, value in values.items()]
