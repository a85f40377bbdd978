"""Loop Habit Tracker's habit-strength score, reimplemented from its published description."""

import math
from collections.abc import Mapping
from datetime import date
import operator
from itertools import accumulate, compress

from easytrack.domain.marks import State

MILLI = 1000  # amounts are summed as integer thousandths (like Loop) so sums never drift


def multiplier(num: int, den: int) -> float:
    """Return the day-to-day decay 0.5 ** (sqrt(num/den) / 13) (the score halves in 13/√f days)."""
    return 0.5 ** (math.sqrt(num / den) / 13)


def score_series(
    entries: Mapping[date, State | float],
    *,
    num: int,
    den: int,
    start: date,
    end: date,
    measurable: bool = False,
    target_value: float = 0.0,
    at_most: bool = False,
) -> list[tuple[date, float]]:
    """Return the daily strength score from `start` to `end`, both inclusive, oldest first.

    `start` is the day of the habit's first entry (Loop starts there); entries outside the
    range are ignored. Yes/no habits count `State.DONE` days, measurable ones the numeric
    amounts (`State.NO` counts 0); on a `State.SKIP` day the score carries over unchanged.
    """
    values = _scores(entries, num, den, start, end, measurable, target_value, at_most)
    first = start.toordinal()  # dates built in C: a timedelta per day was half the time of a long series
    return list(zip(map(date.fromordinal, range(first, first + len(values))), values, strict=True))


def score_on(
    entries: Mapping[date, State | float],
    *,
    num: int,
    den: int,
    start: date,
    day: date,
    measurable: bool = False,
    target_value: float = 0.0,
    at_most: bool = False,
) -> float:
    """Return the strength score on `day` (0.0 before `start`), see `score_series`."""
    values = _scores(entries, num, den, start, day, measurable, target_value, at_most)
    return values[-1] if values else 0.0


def _check(num: int, den: int, target_value: float) -> None:
    if not (isinstance(num, int) and isinstance(den, int) and num > 0 and den > 0):
        raise ValueError("frequency must be positive whole numbers num/den")
    if not 0 <= target_value < math.inf:
        raise ValueError("target value must be a finite number ≥ 0")


def _daily_values(entries, start, n, measurable):
    """Return (per-day ints: ticks or milli-amounts, per-day skip flags) for n days from start."""
    values, skips = [0] * n, bytearray(n)
    base, done, skip = start.toordinal(), State.DONE, State.SKIP
    for ordinal, entry in zip(map(date.toordinal, entries), entries.values()):
        i = ordinal - base
        if not 0 <= i < n:
            continue
        if entry is skip or entry == "skip":  # identity first: a str enum's == is slower
            skips[i] = 1
        elif measurable:
            if isinstance(entry, (int, float)) and not isinstance(entry, bool):
                values[i] = max(0, round(entry * MILLI))
        elif entry is done or entry == "done":
            values[i] = 1
    return values, skips


def _scores(entries, num, den, start, end, measurable, target_value, at_most) -> list[float]:
    _check(num, den, target_value)
    n = (end - start).days + 1
    if n <= 0:
        return []
    values, skips = _daily_values(entries, start, n, measurable)
    window, need = den, num
    if not measurable and num < den:  # smooth irregular schedules: 2n in 2d days
        window, need = 2 * den, 2 * num
    m = multiplier(num, den)
    kept = list(map(operator.not_, skips)) if any(skips) else None  # None: no day was skipped
    if measurable:  # Loop sums a measurable window over every day, skipped ones included (as 0)
        percent = _measured(target_value, at_most)
        gains = [(1.0 - m) * percent(total) for total in _rolling(values, window)]
        if kept is not None:
            gains = list(compress(gains, kept))
    else:  # a window holds 0..window ticks: look the gain up instead of computing it
        table = [(1.0 - m) * min(1.0, k / need) for k in range(window + 1)]
        # A yes/no window is the last `window` days that were not skipped (as Loop's current ScoreList:
        # skipped days count as if they never existed).
        ticks = values if kept is None else list(compress(values, kept))
        gains = list(map(table.__getitem__, _rolling(ticks, window)))
    first = 1.0 if (measurable and at_most) else 0.0
    scores = _recurrence(gains, m, first)
    if kept is None:
        return scores
    # A skipped day keeps the score of the last day that was not skipped (`first` before any).
    return list(map([first, *scores].__getitem__, accumulate(kept)))


def _recurrence(gains: list[float], m: float, score: float) -> list[float]:
    """Apply score = score * m + gain for each gain in turn; return every score."""
    out = []
    append = out.append
    for gain in gains:
        score = score * m + gain
        append(score)
    return out


def _rolling(values: list[int], window: int) -> list[int]:
    """Return the sum of each day's value and those of the window - 1 days before it."""
    prefix = [0, *accumulate(values)]
    head = prefix[1:window]
    return head + [a - b for a, b in zip(prefix[window:], prefix, strict=False)]


def _measured(target_value: float, at_most: bool):
    """Return the completion function of a window total (in thousandths) against the target."""
    target = target_value * MILLI
    if at_most:
        if target <= 0:
            return lambda total: 0.0 if total > 0 else 1.0
        return lambda total: min(1.0, max(0.0, 1.0 - (total - target) / target))
    if target <= 0:
        return lambda total: 1.0
    return lambda total: min(1.0, total / target)
