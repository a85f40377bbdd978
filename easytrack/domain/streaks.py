"""Streaks: runs of done days that no missed day interrupts, computed from the entered history.

Rules (see `status.DayStatus`): a done day extends a streak by one; a skipped or not-needed
day neither breaks nor extends it; a missed day (required, past, not done — or today marked
"no") breaks it; today left empty does not break the current streak, the day isn't over.
The history starts at the oldest entered day, so nothing before it counts as missed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.status import DayStatus, day_statuses, history_start
from easytrack.domain.target import Target

_BREAK = DayStatus.MISSED.value
_DONE = DayStatus.DONE.value


@dataclass(frozen=True)
class Streak:
    """A run of `length` done days from its first (`start`) to its last (`end`) done day."""

    start: date
    end: date
    length: int


def _history(entries, schedule, today, first_weekday, amounts, target) -> tuple[date | None, str]:
    first = history_start(entries, amounts, today)
    if first is None:
        return None, ""
    statuses = day_statuses(
        entries,
        schedule,
        start=first,
        end=today,
        today=today,
        first_weekday=first_weekday,
        amounts=amounts,
        target=target,
    )
    return first, statuses


def streak_list(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> list[Streak]:
    """Return every streak with at least one done day, newest first."""
    first, statuses = _history(entries, schedule, today, first_weekday, amounts, target)
    streaks, offset = [], 0
    for piece in statuses.split(_BREAK):
        begin = piece.find(_DONE)
        if begin >= 0:
            start = first + timedelta(days=offset + begin)
            end = first + timedelta(days=offset + piece.rfind(_DONE))
            streaks.append(Streak(start, end, piece.count(_DONE)))
        offset += len(piece) + 1
    streaks.reverse()
    return streaks


def current_streak(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> int:
    """Return the done days of the streak still alive on `today` (0 if the last one broke)."""
    _, statuses = _history(entries, schedule, today, first_weekday, amounts, target)
    return statuses.rpartition(_BREAK)[2].count(_DONE)


def best_streak(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> int:
    """Return the done days of the longest streak up to and including `today` (0 if none)."""
    _, statuses = _history(entries, schedule, today, first_weekday, amounts, target)
    return max((piece.count(_DONE) for piece in statuses.split(_BREAK)), default=0)


@dataclass(frozen=True)
class StreakSummary:
    """The current and the best streak, in done days."""

    current: int
    best: int


def streak_summary(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> StreakSummary:
    """Return `current_streak` and `best_streak` together, classifying the history once."""
    _, statuses = _history(entries, schedule, today, first_weekday, amounts, target)
    lengths = [piece.count(_DONE) for piece in statuses.split(_BREAK)]
    return StreakSummary(current=lengths[-1], best=max(lengths))
