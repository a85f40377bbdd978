"""Migrations build the schema the models declare, on SQLite and PostgreSQL."""

from contextlib import contextmanager, nullcontext

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


_SEED_0007 = (
    _SEED_0002[0],
    "INSERT INTO habits (id, user_id, name, name_key, description, question, color, position, archived, created_at,"
    " schedule, measurable, unit, target_value, target_direction, target_period, source_id, source_alt,"
    " reminder_minute, reminder_channels) VALUES"
    " (1, 1, 'Read', 'read', '', '', '#2e7d32', 0, false, '2026-01-01 00:00:00', 'daily', false, '', 1, 'at_least',"
    " 'day', '', '', 450, 'push,c3'),"
    " (2, 1, 'Walk', 'walk', '', '', '#2e7d32', 1, false, '2026-01-01 00:00:00', 'daily', false, '', 1, 'at_least',"
    " 'day', '', '', NULL, 'email,push')",
    "INSERT INTO checkins (habit_id, day, state, amount, note, updated_at) VALUES"
    " (1, '2026-01-02', 'done', NULL, 'kept', '2026-01-02 00:00:00')",
    # Today's reminder of Read was already sent, and the digest too.
    "INSERT INTO reminder_sends (user_id, kind, subject_id, local_day, claimed_at, sent_at) VALUES"
    " (1, 'habit', 1, '2026-01-02', '2026-01-02 07:30:00', '2026-01-02 07:30:01'),"
    " (1, 'digest', 1, '2026-01-02', '2026-01-02 08:00:00', '2026-01-02 08:00:01')",
)


@contextmanager
def _at_0008(backend: str, tmp_path, name: str):
    """A database seeded at 0007 (a habit with a reminder, sent today) and upgraded to 0008: its engine."""
    from sqlalchemy import text

    from easytrack.db import make_engine
    from easytrack.migrate import upgrade
    from tests.services import postgres_schema

    place = nullcontext(f"sqlite:///{tmp_path}/old.db") if backend == "sqlite" else postgres_schema(
        name, migrate=False)
    with place as url:
        upgrade(url, "0007")
        engine = make_engine(url)
        with engine.begin() as conn:
            for statement in _SEED_0007:
                conn.execute(text(statement))
        upgrade(url, "0008")
        try:
            yield url, engine
        finally:
            engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0008_moves_each_habits_reminder_into_its_own_row_on_every_weekday(backend, tmp_path):
    from sqlalchemy import inspect, text

    with _at_0008(backend, tmp_path, "upgrade8") as (_, engine), engine.connect() as conn:
        moved = conn.execute(text("SELECT id, habit_id, user_id, minute, weekdays, channels"
                                  " FROM habit_reminders")).all()
        sends = conn.execute(text("SELECT kind, subject_id FROM reminder_sends ORDER BY kind")).all()
        notes = conn.execute(text("SELECT note FROM checkins")).scalars().all()
        columns = {c["name"] for c in inspect(conn).get_columns("habits")}
    [(rid, habit_id, user_id, minute, weekdays, channels)] = moved
    assert (habit_id, user_id, minute, weekdays, channels) == (1, 1, 450, 127, "push,c3")
    assert sends == [("digest", 1), ("reminder", rid)]  # today's send follows the reminder: not sent again
    assert notes == ["kept"]
    assert not {"reminder_minute", "reminder_channels"} & columns


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0008_downgrades_to_the_earliest_reminder_of_each_habit(backend, tmp_path):
    from alembic import command
    from sqlalchemy import text

    from easytrack.migrate import alembic_config

    with _at_0008(backend, tmp_path, "downgrade8") as (url, engine):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO habit_reminders (habit_id, user_id, minute, weekdays, channels)"
                              " VALUES (1, 1, 300, 31, 'email'), (1, 1, 1200, 96, 'push')"))
        command.downgrade(alembic_config(url), "0007")
        with engine.connect() as conn:
            habits = conn.execute(text("SELECT id, reminder_minute, reminder_channels FROM habits ORDER BY id")).all()
            notes = conn.execute(text("SELECT note FROM checkins")).scalars().all()
    assert habits == [(1, 300, "email"), (2, None, "email,push")]
    assert notes == ["kept"]
