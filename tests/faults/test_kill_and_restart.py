"""kill -9 of the whole app during a load of ticks, then a restart on the same SQLite file.

Every tick the server had acknowledged (a patch echoing the press's `q` reached the client) must be in the
database, and a client that reconnects must be shown exactly what the database holds.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bench.client import Stats
from bench.common import fresh_database, seed_users
from easytrack.db import make_engine
from tests.faults.live import GridClient, kill_9, start_app, stored_cells, tick_until

pytestmark = pytest.mark.e2e
USERS, HABITS = 3, 3
LOAD_SECONDS = 2.0


async def _load_then_kill(app, users) -> tuple[list[GridClient], Stats]:
    stats = Stats()
    clients = [GridClient(app.base_url, u.token, stats) for u in users]
    await asyncio.gather(*(c.connect() for c in clients))
    assert all(c.habit_ids and c.today for c in clients), stats.errors
    stop = asyncio.Event()
    load = asyncio.create_task(tick_until(clients, stop))
    await asyncio.sleep(LOAD_SECONDS)
    kill_9(app)  # mid-load: presses are in flight, some answered, some not
    stop.set()
    await asyncio.wait_for(load, 10)
    await asyncio.sleep(0.2)
    for c in clients:
        c.give_up_pending()
        await c.close()
    return clients, stats


async def _rehydrate(app, users) -> list[GridClient]:
    clients = [GridClient(app.base_url, u.token, Stats()) for u in users]
    await asyncio.gather(*(c.connect() for c in clients))
    for c in clients:
        await c.close()
    return clients


def test_every_acknowledged_tick_survives_kill_9_and_clients_see_the_stored_state():
    started = time.monotonic()
    db = fresh_database("sqlite")
    engine = make_engine(db.url)
    users = seed_users(engine, USERS, HABITS)
    habit_ids = [h for u in users for h in u.habit_ids]
    app = start_app(db.url, db.workdir)
    try:
        clients, stats = asyncio.run(_load_then_kill(app, users))
        settled = {k: v for c in clients for k, v in c.settled().items()}
        assert len(stats.latencies) >= 20 and settled, f"too little load before the kill: {stats.errors}"
        assert set(stats.errors) <= {"disconnected", "timeout"}, stats.errors  # nothing refused or wrong

        stored = stored_cells(engine, habit_ids)
        lost = {k: v for k, v in settled.items() if stored.get(k, "0") != v}
        assert not lost, f"acknowledged but not stored after kill -9: {sorted(lost.items())[:10]}"

        app = start_app(db.url, db.workdir, port=app.port, log_name="app-restarted.log")
        again = asyncio.run(_rehydrate(app, users))
        for c in again:
            assert c.rows and c.days, "the restarted app did not hydrate the grid"
            for habit, cells in c.rows.items():
                for day, cell in zip(c.days, cells):
                    assert (cell == "1") == ((habit, day) in stored), (habit, day, cell)
        print(f"kill -9: {len(stats.latencies)} ticks acknowledged before the kill, "
              f"{len(settled)} settled cells checked, restart + rehydrate OK in {time.monotonic() - started:.1f} s")
    finally:
        app.stop()
        engine.dispose()
