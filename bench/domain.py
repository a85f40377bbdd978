"""The pure domain at scale: 50 habits x 3 years of history -> streaks, scores and grid rows (budget < 50 ms).

    python -m bench.domain                 # 50 habits, 3 years, 60% of days done, month row
    python -m bench.domain --habits 50 --years 3 --repeat 20 --json

Per habit: `streak_summary` (current and best streak over the whole history), `score_series` (Loop's
strength for every day of the history, as a chart needs it; `score_on`, today's score alone as the
stats page computes it, is timed apart) and `row_cells` for the current month.
Schedules rotate through daily, 3 times a week and every 2 days so every classifier is exercised.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta

from easytrack.domain.calendar import month_days
from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells
from easytrack.domain.marks import State
from easytrack.domain.scores import score_on, score_series
from easytrack.domain.streaks import streak_summary

TODAY = date(2026, 3, 15)
SCHEDULES = ("daily", "week:3", "every:2")


def histories(habits: int, years: int, density: float, seed: int = 1) -> list[tuple[Schedule, dict[date, State]]]:
    rnd = random.Random(seed)
    out = []
    for i in range(habits):
        schedule = Schedule.from_text(SCHEDULES[i % len(SCHEDULES)])
        entries = {TODAY - timedelta(days=k): (State.SKIP if rnd.random() < 0.03 else State.DONE)
                   for k in range(365 * years) if rnd.random() < density}
        out.append((schedule, entries))
    return out


def run_once(data, days: list[date]) -> dict[str, float]:
    """Seconds spent in each part for all habits."""
    t = {"streaks": 0.0, "scores": 0.0, "grid_rows": 0.0}
    score_today = 0.0
    for schedule, entries in data:
        t0 = time.perf_counter()
        streak_summary(entries, schedule, today=TODAY)
        t1 = time.perf_counter()
        num, den = schedule.as_fraction()
        score_series(entries, num=num, den=den, start=min(entries), end=TODAY)
        t2 = time.perf_counter()
        row_cells(entries, days, today=TODAY, schedule=schedule)
        t3 = time.perf_counter()
        score_on(entries, num=num, den=den, start=min(entries), day=TODAY)
        score_today += time.perf_counter() - t3
        t["streaks"] += t1 - t0
        t["scores"] += t2 - t1
        t["grid_rows"] += t3 - t2
    t["total"] = sum(t.values())
    t["score_on_only"] = score_today  # what the stats page computes: today's score alone (not in total)
    return t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.domain", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--habits", type=int, default=50)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--density", type=float, default=0.6, help="share of days with an entry")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--budget-ms", type=float, default=50.0)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    data = histories(args.habits, args.years, args.density)
    days = month_days(TODAY)
    run_once(data, days)  # warm caches and imports
    runs = [run_once(data, days) for _ in range(args.repeat)]
    result = {k: round(statistics.median(r[k] for r in runs) * 1000, 2) for k in runs[0]}
    result["min_total"] = round(min(r["total"] for r in runs) * 1000, 2)
    entries = sum(len(e) for _, e in data)
    met = result["total"] < args.budget_ms
    print(f"{args.habits} habits x {args.years} years ({entries} entries), median of {args.repeat}: "
          f"streaks {result['streaks']} ms + scores {result['scores']} ms + grid rows {result['grid_rows']} ms "
          f"= {result['total']} ms (min {result['min_total']} ms; today's score alone {result['score_on_only']} ms); budget < {args.budget_ms:g} ms -> "
          f"{'MET' if met else 'MISSED'}")
    if args.json:
        print(json.dumps({"habits": args.habits, "years": args.years, "entries": entries, **result, "met": met}))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
