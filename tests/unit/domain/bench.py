"""Optional timing helper: `python -m tests.unit.domain.bench` (no test asserts on time)."""

import random
import time
from datetime import date, timedelta

from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells, window_for
from easytrack.domain.marks import State
from easytrack.domain.scores import score_on
from easytrack.domain.streaks import streak_summary

TODAY = date(2026, 3, 15)
SCHEDULES = [
    Schedule.daily(),
    Schedule.per_week(3),
    Schedule.on_weekdays({0, 2, 4}),
    Schedule.every_days(2),
    Schedule.per_month(10),
]


def make_histories(habits: int = 50, days: int = 3 * 365, seed: int = 7) -> list[dict]:
    """Return `habits` random histories of `days` days ending today (about 70% done)."""
    rng = random.Random(seed)
    states = [State.DONE] * 14 + [State.SKIP, State.NO] + [None] * 4
    histories = []
    for _ in range(habits):
        picks = ((TODAY - timedelta(days=i), rng.choice(states)) for i in range(days))
        histories.append({day: state for day, state in picks if state is not None})
    return histories


def run_once(histories: list[dict]) -> float:
    """Return the seconds taken for streaks, score and a month grid row of every history."""
    days = window_for("month", TODAY, 0)
    began = time.perf_counter()
    for i, entries in enumerate(histories):
        schedule = SCHEDULES[i % len(SCHEDULES)]
        num, den = schedule.as_fraction()
        streak_summary(entries, schedule, today=TODAY)
        score_on(entries, num=num, den=den, start=min(entries), day=TODAY)
        row_cells(entries, days, today=TODAY, schedule=schedule)
    return time.perf_counter() - began


if __name__ == "__main__":
    data = make_histories()
    best = min(run_once(data) for _ in range(5))
    print(f"50 habits x 3 years: {best * 1000:.1f} ms (best of 5)")
