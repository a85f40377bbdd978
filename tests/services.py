"""Where the suite finds PostgreSQL and Redis: explicit URLs (CI) must work; defaults are tried and skipped."""

from __future__ import annotations

import os
import socket
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
