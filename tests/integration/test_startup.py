"""migrate_once: replicas starting together migrate one at a time, and every one of them ends at head."""

from __future__ import annotations

import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from easytrack import migrate
from easytrack.db import make_engine
from easytrack.ops import startup
from tests.services import postgres_url


def _head() -> str:
    return ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return revision


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL schema (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/fresh.db"
        return
    base = postgres_url()
    schema = f"et_start_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_replicas_starting_together_all_end_at_head(empty_url):
    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(startup.migrate_once, empty_url) for _ in range(4)]:
            future.result()
    assert _revision(empty_url) == _head()


def test_migrations_never_run_at_the_same_time(empty_url, monkeypatch):
    running, overlaps, real_upgrade = [], [], migrate.upgrade
    guard = threading.Lock()

    def watched_upgrade(url, revision="head"):
        with guard:
            running.append(1)
            overlaps.append(len(running) > 1)
        time.sleep(0.3)  # long enough for the other replicas to arrive while this one migrates
        real_upgrade(url, revision)
        with guard:
            running.pop()

    monkeypatch.setattr(migrate, "upgrade", watched_upgrade)
    with ThreadPoolExecutor(3) as pool:
        for future in [pool.submit(startup.migrate_once, empty_url) for _ in range(3)]:
            future.result()
    assert overlaps == [False, False, False]
    assert _revision(empty_url) == _head()


def test_sqlite_lock_file_sits_next_to_the_database(tmp_path):
    startup.migrate_once(f"sqlite:///{tmp_path}/sub/app.db")
    assert (tmp_path / "sub" / "app.db.migrate.lock").exists()


def test_in_memory_sqlite_needs_no_lock():
    assert startup._sqlite_path("sqlite://") is None
    assert startup._sqlite_path("sqlite:///:memory:") is None
