"""Where the suite finds PostgreSQL and Redis: explicit URLs (CI) must work; defaults are tried and skipped."""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

PG_ENV = "EASYTRACK_TEST_POSTGRES_URL"
REDIS_ENV = "EASYTRACK_TEST_REDIS_URL"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/0"


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def _service_url(env: str, default: str, port: int, what: str) -> str:
    """The URL to test against; skips (default URL down) or fails (explicit URL down) when unreachable."""
    explicit = os.environ.get(env)
    url = explicit or default
    if _reachable(url, port):
        return url
    if explicit:
        pytest.fail(f"{env}={explicit} is set but {what} is not reachable there", pytrace=False)
    pytest.skip(f"{what} not reachable at {default}; set {env} to run these tests")


def postgres_url() -> str:
    return _service_url(PG_ENV, PG_DEFAULT, 5432, "PostgreSQL")


def redis_url() -> str:
    return _service_url(REDIS_ENV, REDIS_DEFAULT, 6379, "Redis")


@contextlib.contextmanager
def postgres_schema(prefix: str, *, migrate: bool = True) -> Iterator[str]:
    """A fresh PostgreSQL schema on the test server (migrated to head unless told not to); yields a URL
    whose connections use it, and drops it afterwards."""
    from sqlalchemy import text

    from easytrack.db import make_engine
    from easytrack.migrate import upgrade

    base = postgres_url()
    schema = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        if migrate:
            upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextlib.contextmanager
def private_redis(db: int) -> Iterator[str]:
    """Database number `db` of the test Redis server, emptied before and after; yields its URL."""
    import redis

    url = redis_url().rsplit("/", 1)[0] + f"/{db}"
    client = redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
