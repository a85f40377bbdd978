"""PostgreSQL, then Redis, restarted under a running app (2 workers): it serves ticks again without a restart.

PostgreSQL: the engine's pool_pre_ping replaces the dead connections, so the next tick on the same open
socket is stored. Redis (state manager, started with --save "" like CI, so every tab's server-side state
is gone): Reflex's state lives there, so an open tab loses its session; a client that reconnects (what
the browser does on its own) hydrates again and ticks. Both services are always brought back, in a
`finally`, and waited for: the rest of the suite uses them.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path

import pytest

from bench.client import Stats
from bench.common import seed_users
from easytrack.db import make_engine
from tests.faults.live import GridClient, press_days, start_app, stored_cells
from tests.services import postgres_schema, postgres_url, private_redis, redis_url

pytestmark = pytest.mark.e2e
REDIS_DB = 9
RECOVERY_S = 20.0  # "within a few seconds" with a margin for a loaded CI box
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
               "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"]


def _answers(cmd: list[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(cmd, capture_output=True).returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError(f"{cmd[0]} did not answer within {timeout:.0f} s")


def _pg_ready() -> None:
    _answers(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"])


def _redis_ready() -> None:
    _answers(["redis-cli", "-p", "6379", "ping"])


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    try:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True,
                       capture_output=True, timeout=60)
    finally:
        _ensure_postgres()


def _ensure_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], capture_output=True)
    _pg_ready()


def restart_redis() -> None:
    try:
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True, timeout=30)
        time.sleep(0.3)
    finally:
        _ensure_redis()


def _ensure_redis() -> None:
    if subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode != 0:
        Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
        subprocess.run(REDIS_START, capture_output=True, timeout=30)
    _redis_ready()


def _local(url: str) -> bool:
    return "127.0.0.1" in url or "localhost" in url


@pytest.fixture
def cluster(tmp_path):
    """The app with 2 workers on a fresh PostgreSQL schema, its state in a private Redis database."""
    base, redis_base = postgres_url(), redis_url()
    if not (_local(base) and _local(redis_base) and Path("/etc/postgresql").is_dir()):
        pytest.skip("restarting services needs PostgreSQL and Redis running on this machine")
    with postgres_schema("et_fault") as db_url, private_redis(REDIS_DB) as redis_db:
        engine = make_engine(db_url)
        app = start_app(db_url, tmp_path, extra={"REFLEX_REDIS_URL": redis_db, "WEB_CONCURRENCY": "2"})
        try:
            yield app, engine
        finally:
            app.stop()
            _ensure_postgres()  # both services must answer again before the schema is dropped
            _ensure_redis()
            engine.dispose()


async def _connect(app, user) -> GridClient:
    client = GridClient(app.base_url, user.token, Stats())
    await client.connect()
    assert client.habit_ids and client.today, client.stats.errors
    return client


async def _tick(client: GridClient, habit: int, day: str, value: str, timeout: float = 3.0) -> bool:
    """One press; True when acknowledged without error within `timeout`."""
    before = len(client.stats.latencies)
    client.press(habit, day, value)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and client.alive:
        if len(client.stats.latencies) > before:
            return not client.stats.errors.get("refused") and client.acked.get((habit, day)) == value
        await asyncio.sleep(0.02)
    client.pending.clear()
    return False


async def _recovers(app, user, client: GridClient, value: str) -> tuple[float, GridClient, str]:
    """Seconds until a tick is acknowledged again: on the open socket, else after a reconnect."""
    started, how = time.monotonic(), "same socket"
    habit, day = client.habit_ids[0], press_days(client.today)[0]
    while time.monotonic() - started < RECOVERY_S:
        if client.alive and await _tick(client, habit, day, value):
            return time.monotonic() - started, client, how
        if how == "same socket":
            how = f"reconnected; the open socket got {dict(client.stats.errors) or 'no answer'}"
        client.stats.errors.clear()
        await client.close()
        try:
            client = await asyncio.wait_for(_connect(app, user), 5)
        except (OSError, asyncio.TimeoutError, AssertionError):
            await asyncio.sleep(0.5)
    raise AssertionError(f"no tick acknowledged within {RECOVERY_S:.0f} s")


def test_the_app_serves_ticks_again_after_postgres_and_then_redis_restart(cluster):
    app, engine = cluster
    (user,) = seed_users(engine, 1, 2)

    async def scenario() -> list[str]:
        client = await _connect(app, user)
        habit, day = client.habit_ids[0], press_days(client.today)[0]
        assert await _tick(client, habit, day, "1")
        report = []
        restart_postgres()
        took, client, how = await _recovers(app, user, client, "0")
        report.append(f"PostgreSQL restart: ticks again after {took:.1f} s ({how})")
        assert stored_cells(engine, [habit]).get((habit, day), "0") == "0"
        restart_redis()
        took, client, how = await _recovers(app, user, client, "1")
        report.append(f"Redis restart: ticks again after {took:.1f} s ({how})")
        assert stored_cells(engine, [habit]).get((habit, day)) == "1"
        await client.close()
        return report

    for line in asyncio.run(scenario()):
        print(line)
    assert app.proc.poll() is None  # never restarted
