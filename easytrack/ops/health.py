"""`GET /health`: is this worker able to reach its database and (when configured) Redis? For probes, not people.

Mount it in front of Reflex with `health_route()` (a plain Starlette route; FastAPI accepts it too). It
answers 200 `{"status": "ok", "database": "ok", "redis": "ok" | "not configured"}`, or 503 with
`"status": "unavailable"` and `"unreachable"` for the part that failed. Failure details go to the log,
never into the response.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import Engine, text
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

log = logging.getLogger(__name__)
TIMEOUT = 3.0  # seconds per check; a probe must answer before Docker's own timeout (5 s)
OK, UNREACHABLE, NOT_CONFIGURED = "ok", "unreachable", "not configured"


def _select_one(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


async def check_database(engine: Engine, timeout: float = TIMEOUT) -> str:
    """"ok" when `SELECT 1` succeeds within `timeout` seconds (run on a thread), else "unreachable"."""
    try:
        await asyncio.wait_for(asyncio.to_thread(_select_one, engine), timeout)
        return OK
    except Exception as exc:  # noqa: BLE001 (any failure means unhealthy)
        log.warning("health: database check failed: %r", exc)
        return UNREACHABLE


async def check_redis(url: str | None, timeout: float = TIMEOUT) -> str:
    """"ok" when Redis at `url` answers PING, "not configured" without a URL, else "unreachable"."""
    if not url:
        return NOT_CONFIGURED
    from redis.asyncio import Redis

    client = Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        await asyncio.wait_for(client.ping(), timeout)
        return OK
    except Exception as exc:  # noqa: BLE001
        log.warning("health: redis check failed: %r", exc)
        return UNREACHABLE
    finally:
        await client.aclose()


def make_health_endpoint(
    engine: Callable[[], Engine] | None = None, redis_url: Callable[[], str | None] | None = None
) -> Callable[[Request], Awaitable[JSONResponse]]:
    """Build the endpoint; by default it checks the configured database and REFLEX_REDIS_URL.

    Args:
        engine: returns the engine to check (default: `easytrack.db.engine`).
        redis_url: returns the Redis URL to check, or None when Redis is not used (default: the setting).
    """

    def _engine() -> Engine:
        from easytrack.db import engine as configured

        return (engine or configured)()

    def _redis_url() -> str | None:
        from easytrack.config import settings

        return redis_url() if redis_url else settings.redis_url

    async def health(_request: Request) -> JSONResponse:
        database, redis = await asyncio.gather(check_database(_engine()), check_redis(_redis_url()))
        healthy = database == OK and redis in (OK, NOT_CONFIGURED)
        body = {"status": OK if healthy else "unavailable", "database": database, "redis": redis}
        return JSONResponse(body, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})

    return health


def health_route(path: str = "/health", **kwargs) -> Route:
    """A Starlette `Route` for `GET`/`HEAD` `path`; kwargs go to `make_health_endpoint`."""
    return Route(path, make_health_endpoint(**kwargs), methods=["GET", "HEAD"], name="health")
