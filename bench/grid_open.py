"""Opening the grid with 50 habits x 2 years of history: SQL queries and wall time, on SQLite and PostgreSQL.

    python -m bench.grid_open                       # both databases, 50 habits, 2 years, month view
    python -m bench.grid_open --db sqlite --habits 50 --years 2 --repeat 30 --json

It runs what GridState.load runs inside its transaction (easytrack.pages.grid._grid_tx: session
validation, then services.board.load_board) and then builds the page's vars as GridState._reload does
(columns, title, row dicts). Queries are counted with an SQLAlchemy `before_cursor_execute` hook; those
touching auth_sessions are the session validation, the rest are the grid data. Budget: <= 3 grid-data
queries, <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session

from bench import common


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    @property
    def session_queries(self) -> int:
        return sum("auth_sessions" in s for s in self.statements)

    @property
    def data_queries(self) -> int:
        return len(self.statements) - self.session_queries


@contextmanager
def counting(engine):
    counter = QueryCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def open_grid(engine, token: str, view: str = "month"):
    """One grid opening as GridState.load does it; returns (queries, seconds for load_board + vars)."""
    from easytrack.pages.grid import _columns, _grid_tx, _title

    with counting(engine) as counter, Session(engine, expire_on_commit=False) as session:
        now = common.utcnow()
        t0 = time.perf_counter()
        user, today, days, data = _grid_tx(session, token, now, view, "")
        cols, title = _columns(days, today), _title(days, view)
        rows = [{"id": r.habit_id, "name": r.name, "color": r.color, "cells": r.cells, "streak": r.streak,
                 "group": r.group} for r in data.rows]
        elapsed = time.perf_counter() - t0
        session.commit()
    assert len(rows) and cols and title
    return counter, elapsed, len(rows)


def bench_db(kind: str, *, habits: int, years: int, repeat: int, view: str, pg_url: str) -> dict:
    db = common.fresh_database(kind, pg_url=pg_url)
    engine = common.make_engine(db.url)
    try:
        user = common.seed_users(engine, 1, habits)[0]
        rows = common.seed_history(engine, list(user.habit_ids), days=365 * years, today=common.utcnow().date())
        first_counter, first, nrows = open_grid(engine, user.token, view)
        times = []
        for _ in range(repeat):
            counter, elapsed, _ = open_grid(engine, user.token, view)
            times.append(elapsed)
        times.sort()
        return {
            "db": kind, "habits": nrows, "history_rows": rows, "view": view,
            "grid_data_queries": counter.data_queries, "session_queries": counter.session_queries,
            "first_open_queries": len(first_counter.statements),
            "first_ms": round(first * 1000, 1),
            "median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(common.percentile(times, 95) * 1000, 1),
            "min_ms": round(times[0] * 1000, 1),
            "statements": [s.split()[0] + " … " + _tables(s) for s in counter.statements],
        }
    finally:
        engine.dispose()
        db.drop()


def _tables(statement: str) -> str:
    words = statement.replace("\n", " ").split()
    return ", ".join(w for i, w in enumerate(words) if i and words[i - 1].upper() in ("FROM", "JOIN"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.grid_open", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--habits", type=int, default=50)
    p.add_argument("--years", type=int, default=2, help="years of history (60%% of days done)")
    p.add_argument("--repeat", type=int, default=30, help="timed openings after one cold opening")
    p.add_argument("--view", choices=["month", "week"], default="month")
    p.add_argument("--pg-url", default=common.PG_DEFAULT)
    p.add_argument("--json", action="store_true", help="print one JSON line per database")
    args = p.parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    ok = True
    for kind in kinds:
        r = bench_db(kind, habits=args.habits, years=args.years, repeat=args.repeat, view=args.view,
                     pg_url=args.pg_url)
        met = r["grid_data_queries"] <= 3 and r["median_ms"] <= 50
        ok &= met
        print(f"{kind}: {r['habits']} habits, {r['history_rows']} check-ins, {r['view']} view: "
              f"{r['grid_data_queries']} grid-data queries + {r['session_queries']} session-validation; "
              f"load_board+vars median {r['median_ms']} ms, p95 {r['p95_ms']} ms, min {r['min_ms']} ms "
              f"(cold {r['first_ms']} ms) -> {'MET' if met else 'MISSED'}")
        for s in r["statements"]:
            print(f"    {s}")
        if args.json:
            print(json.dumps(r, separators=(",", ":")))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
