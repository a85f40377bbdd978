"""Helpers for the fault suite: the real app, raw Socket.IO clients (bench/client.py) and what they were told."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from contextlib import suppress
from datetime import date, timedelta

from sqlalchemy import text

from bench.client import Names, ReflexClient, Stats
from tests.e2e.harness import ROOT, AppProcess

WEB_WORKDIR = str(ROOT / ".web-faults")


def start_app(db_url: str, workdir, *, port: int | None = None, extra: dict | None = None,
              log_name: str = "app.log") -> AppProcess:
    env = {"REFLEX_DB_URL": db_url, "REFLEX_WEB_WORKDIR": WEB_WORKDIR,
           "REFLEX_STATES_WORKDIR": str(workdir / "states"), **(extra or {})}
    app = AppProcess(env=env, log_path=workdir / log_name, db_url=db_url)
    if port:
        app.port = port
    return app.start()


def kill_9(app: AppProcess) -> None:
    """SIGKILL the app's whole process group (reflex run, gunicorn, its workers) and wait until it is gone."""
    with suppress(ProcessLookupError):
        os.killpg(app.proc.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        app.proc.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(app.proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


class GridClient(ReflexClient):
    """A bench client on /grid that also keeps the rows the page was hydrated with."""

    def __init__(self, base_url: str, token: str, stats: Stats):
        super().__init__(base_url.replace("http", "ws", 1), token, Names.load("grid"), stats, path="/grid")
        self.rows: dict[int, str] = {}
        self.days: list[str] = []

    def _on_event(self, body: str, size: int) -> None:
        import json

        name, update = json.loads(body)[:2]
        if name == "event":
            delta = (json.loads(update) if isinstance(update, str) else update).get("delta") or {}
            page = delta.get(self.names.page) or {}
            if page.get("rows_rx_state_") is not None:
                self.rows = {r["id"]: r["cells"] for r in page["rows_rx_state_"]}
            if page.get("days_rx_state_") is not None:
                self.days = [d["d"] for d in page["days_rx_state_"]]
        super()._on_event(body, size)

    def settled(self) -> dict[tuple[int, str], str]:
        """Cells whose last press was acknowledged: the database must hold exactly these values."""
        return {k: v for k, v in self.acked.items() if k not in self.unsure and self.intended.get(k) == v
                and not any((p.habit_id, p.day) == k for p in self.pending.values())}


def press_days(today: str, n: int = 5) -> list[str]:
    """Up to `n` days ending today, all inside today's month (so the month grid shows them)."""
    end = date.fromisoformat(today)
    return [(end - timedelta(days=k)).isoformat() for k in range(n) if (end - timedelta(days=k)).month == end.month]


def stored_cells(engine, habit_ids) -> dict[tuple[int, str], str]:
    """(habit, day) -> "1" for every stored done check-in of these habits."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT habit_id, day FROM checkins WHERE state = 'done'")).all()
    wanted = set(habit_ids)
    return {(h, str(d)[:10]): "1" for h, d in rows if h in wanted}


async def tick_until(clients: list[GridClient], stop: asyncio.Event, pause: float = 0.01) -> None:
    """Each client toggles its habits' recent days round-robin until `stop` is set (or its socket dies)."""
    async def one(c: GridClient):
        days = press_days(c.today)
        i = 0
        while not stop.is_set() and c.alive:
            habit = c.habit_ids[i % len(c.habit_ids)]
            day = days[(i // len(c.habit_ids)) % len(days)]
            current = c.intended.get((habit, day), c.acked.get((habit, day), "0"))
            try:
                c.press(habit, day, "0" if current == "1" else "1")
            except (ConnectionError, RuntimeError):
                return
            i += 1
            await asyncio.sleep(pause)

    await asyncio.gather(*(one(c) for c in clients))
