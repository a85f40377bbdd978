"""Shared fixtures: a migrated database per test, on SQLite and on PostgreSQL, and a fixed clock."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

from easytrack import models  # noqa: F401  (registers tables)
from easytrack.db import make_engine
from easytrack.migrate import upgrade
from tests.services import postgres_schema

pytest_plugins = ["tests.smtp"]

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def now() -> datetime:
    """A fixed 'now' (aware UTC); tests move it explicitly with timedelta."""
    return NOW


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def _postgres_schema():
    with postgres_schema("et_test") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _truncate_all(engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path, _sqlite_template):
    """A freshly migrated, empty database: a copied SQLite file, or the PostgreSQL test schema emptied."""
    if request.param == "sqlite":
        path = tmp_path / "easytrack.db"
        shutil.copy(_sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("_postgres_schema")
        _truncate_all(eng)
        yield eng


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


def pytest_collection_modifyitems(items):
    """Browser tests (e2e, and container tests, which use the same browser) last: Playwright's sync API
    keeps an event loop running in the main thread for the rest of the session, and async tests after it
    could not start their own."""
    items.sort(key=lambda item: "/e2e/" in str(item.path) or "/container/" in str(item.path))
