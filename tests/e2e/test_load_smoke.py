"""Smoke runs of the load generator (bench/load.py): a few users tick for a few seconds and nothing is lost.

No timing assertions: the figures live in docs/benchmarks.md. These only prove that the generator still
speaks the app's protocol and that every acknowledged tick is in the database.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.e2e.harness import ROOT
from tests.services import postgres_url, redis_url

SMOKE = ["--users", "3", "--habits", "3", "--rate", "5", "--duration", "5", "--warmup", "0", "--drain", "20"]


def _run_load(*args: str, timeout: float = 600) -> tuple[subprocess.CompletedProcess, dict]:
    proc = subprocess.run([sys.executable, "-m", "bench.load", *args, *SMOKE, "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    lines = proc.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("{"), f"no JSON summary:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc, json.loads(lines[-1])


def _assert_nothing_lost(proc: subprocess.CompletedProcess, summary: dict) -> None:
    detail = f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert summary["connected"] == summary["users"] == 3, detail
    assert summary["errors"] == 0, detail
    assert summary["sent"] > 0 and summary["acked"] == summary["sent"], detail
    assert summary["checked_cells"] > 0, detail
    assert summary["lost"] == 0 and summary["stray"] == 0 and summary["unsure"] == 0, detail
    assert proc.returncode == 0, detail


def test_load_generator_loses_no_tick_on_sqlite(app):
    """Against the suite's running app (SQLite): seeded users hydrate, tick, and the database agrees."""
    proc, summary = _run_load("--url", app.base_url, "--db-url", app.db_url)
    _assert_nothing_lost(proc, summary)


def test_load_generator_loses_no_tick_on_postgres_with_redis_and_two_workers():
    """A fresh app on PostgreSQL with its state in Redis and two workers: ticks spread over both, none lost."""
    proc, summary = _run_load("--start-app", "postgres", "--pg-url", postgres_url(), "--redis-url", redis_url(),
                              "--workers", "2")
    assert summary["workers"] == 2 and summary["redis"] is True
    _assert_nothing_lost(proc, summary)
