"""Migrations build the schema the models declare, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel


def test_models_and_migrations_do_not_drift(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    from easytrack.db import make_engine

    eng = make_engine(f"sqlite:///{tmp_path}/x.db")
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


_SEED_0002 = (
    "INSERT INTO users (id, email, display_name, password_hash, is_confirmed, is_admin, is_disabled, timezone,"
    " timezone_set, first_weekday, data_rev, created_at) VALUES (1, 'u@example.org', '', 'x', true, false, false,"
    " 'UTC', true, 0, 0, '2026-01-01 00:00:00')",
    "INSERT INTO habits (id, user_id, name, name_key, description, question, color, position, archived, created_at,"
    " schedule, measurable, unit, target_value, target_direction, target_period, source_id) VALUES (1, 1, 'Read',"
    " 'read', '', '', '#2e7d32', 0, false, '2026-01-01 00:00:00', 'daily', false, '', 1, 'at_least', 'day', '')",
    "INSERT INTO checkins (habit_id, day, state, amount, note, updated_at) VALUES"
    " (1, '2026-01-02', 'done', NULL, 'first', '2026-01-02 00:00:00')",
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrading_from_the_first_release_keeps_every_check_in(backend, tmp_path):
    """A migration that recreates a table (SQLite's batch mode: copy, drop, rename) must not let the drop
    cascade into the rows that point at it."""
    from contextlib import nullcontext

    from sqlalchemy import text

    from easytrack.db import make_engine
    from easytrack.migrate import upgrade
    from tests.services import postgres_schema

    place = nullcontext(f"sqlite:///{tmp_path}/old.db") if backend == "sqlite" else postgres_schema(
        "upgrade", migrate=False)
    with place as url:
        upgrade(url, "0002")
        engine = make_engine(url)
        with engine.begin() as conn:
            for statement in _SEED_0002:
                conn.execute(text(statement))
        upgrade(url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT habit_id, day, state, note FROM checkins")).all()
            habits = conn.execute(text("SELECT name, target_period FROM habits")).all()
        engine.dispose()
    assert [(h, str(d), s, n) for h, d, s, n in rows] == [(1, "2026-01-02", "done", "first")]
    assert habits == [("Read", "day")]
