"""Streaks: runs of days that no missed day interrupts, computed from the entered history.

Rules (see `status.DayStatus`), as Loop Habit Tracker counts them: a streak runs from its first done
(or skipped) day to its last done, skipped or not-needed day, and its length is every day in between —
the days a non-daily schedule did not ask for and skipped days count, as in Loop's streaks (built from
its computed entries, where those days are filled in). A missed day (required, past, not done — or
today marked "no") breaks it; today left open neither breaks nor counts, the day isn't over. A run
needs at least one done day. The history starts at the oldest entered day, so nothing before it
counts as missed; streaks end on `today` at the latest (Loop's run into the current interval's future).
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
_SKIP = DayStatus.SKIP.value
_FREE = DayStatus.NOT_NEEDED.value


@dataclass(frozen=True)
class Streak:
    """A run of `length` days (`start` and `end` included) with a done day and no missed one."""

    start: date
    end: date
    length: int


def _history(entries, schedule, today, first_weekday, amounts, target) -> tuple[date | None, str]:
    first = history_start(entries, amounts, today, target)
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
        bounds = _bounds(piece)
        if bounds is not None:
            begin, end = bounds
            start = first + timedelta(days=offset + begin)
            streaks.append(Streak(start, start + timedelta(days=end - begin), end - begin + 1))
        offset += len(piece) + 1
    streaks.reverse()
    return streaks


def _bounds(piece: str) -> tuple[int, int] | None:
    """The first and last index of the streak in a run of statuses with no missed day, or None."""
    if _DONE not in piece:
        return None
    skip = piece.find(_SKIP)
    begin = piece.find(_DONE) if skip < 0 else min(skip, piece.find(_DONE))
    end = max(piece.rfind(_DONE), piece.rfind(_SKIP), piece.rfind(_FREE))
    return begin, end


def _length(piece: str) -> int:
    bounds = _bounds(piece)
    return 0 if bounds is None else bounds[1] - bounds[0] + 1


def _longest(pieces: list[str]) -> int:
    """The longest streak of `pieces`: longest pieces first, stopping once no piece can beat it."""
    best = 0
    for piece in sorted(pieces, key=len, reverse=True):
        if len(piece) <= best:
            break
        best = max(best, _length(piece))
    return best


def current_streak(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> int:
    """Return the days of the streak still alive on `today` (0 if the last one broke)."""
    _, statuses = _history(entries, schedule, today, first_weekday, amounts, target)
    return _length(statuses.rpartition(_BREAK)[2])


def best_streak(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> int:
    """Return the days of the longest streak up to and including `today` (0 if none)."""
    _, statuses = _history(entries, schedule, today, first_weekday, amounts, target)
    return _longest(statuses.split(_BREAK))


@dataclass(frozen=True)
class StreakSummary:
    """The current and the best streak, in days."""

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
    pieces = statuses.split(_BREAK)
    return StreakSummary(current=_length(pieces[-1]), best=_longest(pieces))
