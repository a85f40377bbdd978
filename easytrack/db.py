"""The one place that opens database engines and sessions (SQLite with WAL, or PostgreSQL)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from easytrack.config import settings

P = ParamSpec("P")
T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite gets its folder created and the pragmas easytrack relies on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@functools.cache
def engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(settings.db_url)


@contextmanager
def session_scope(bind: Engine | None = None) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back on an exception."""
    with Session(bind or engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def call(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run `fn(session, *args, **kwargs)` in one transaction."""
    with session_scope() as session:
        return fn(session, *args, **kwargs)


async def run(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run `fn(session, ...)` in one transaction on a worker thread, keeping the event loop free."""
    return await asyncio.to_thread(call, fn, *args, **kwargs)
