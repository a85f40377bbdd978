"""The one place that opens database engines and sessions (SQLite with WAL, or PostgreSQL)."""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from easytrack.config import settings
from easytrack.services.errors import Busy

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


# Password hashing has a thread of its own: each argon2 hash holds a thread for ~0.1 s and 64 MiB, and in
# the default pool (asyncio.to_thread, shared with every database call) a burst of logins or registrations
# would make every other user's tick wait behind them. One thread hashes (argon2 itself runs 4 lanes in
# parallel); at most MAX_HASHING_QUEUE more calls wait, and the next is refused at once with Busy. The
# thread runs at the lowest CPU priority, which argon2's lane threads inherit: during a flood of hashes
# the event loop still gets the CPU first, so ticks stay fast and only logins and registrations wait.
# (Measured with bench/flood.py: two threads at normal priority made other users' ticks 25x slower.)
HASHING_THREADS = 1
MAX_HASHING_QUEUE = 16
HASHING_NICENESS = 19


def _lower_priority() -> None:
    try:  # Linux: a thread's nice value is its own, and threads it starts inherit it
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)
    except (AttributeError, OSError):  # no such call here, or not allowed: hash at normal priority
        pass


_hashing_pool = ThreadPoolExecutor(max_workers=HASHING_THREADS, thread_name_prefix="easytrack-hash",
                                   initializer=_lower_priority)
_hashing_slots = threading.BoundedSemaphore(HASHING_THREADS + MAX_HASHING_QUEUE)


async def run_hashing(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run `fn(session, ...)`, which hashes or verifies a password, in one transaction on the hashing pool.

    Raises:
        Busy: HASHING_THREADS calls are running and MAX_HASHING_QUEUE more are waiting.
    """
    if not _hashing_slots.acquire(blocking=False):
        raise Busy()
    try:
        future = _hashing_pool.submit(call, fn, *args, **kwargs)
        return await asyncio.wrap_future(future)
    finally:
        _hashing_slots.release()
