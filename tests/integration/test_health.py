"""GET /health: 200 when the database (and Redis, if configured) answer, 503 naming the part that does not."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from easytrack.db import make_engine
from easytrack.ops.health import health_route
from tests.e2e.harness import free_port
from tests.services import redis_url


async def _probe(engine, redis=None, *, method="GET", **route_kwargs) -> httpx.Response:
    """One request to /health on an app holding only the health route."""
    if engine is not None:
        route_kwargs = {"engine": lambda: engine, "redis_url": lambda: redis}
    app = Starlette(routes=[health_route(**route_kwargs)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
        return await client.request(method, "/health")


async def test_healthy_without_redis_configured(engine):
    response = await _probe(engine)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert response.headers["cache-control"] == "no-store"


async def test_healthy_with_redis():
    engine = make_engine("sqlite://")
    response = await _probe(engine, redis_url())
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


async def test_unreachable_database_answers_503():
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test")
    response = await _probe(engine)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "redis": "not configured"}
    engine.dispose()


async def test_unreachable_redis_answers_503():
    engine = make_engine("sqlite://")
    response = await _probe(engine, f"redis://127.0.0.1:{free_port()}/0")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "redis": "unreachable"}


async def test_failure_details_stay_out_of_the_response():
    engine = make_engine(f"postgresql+psycopg://secretuser:secretpw@127.0.0.1:{free_port()}/test")
    body = (await _probe(engine)).text
    assert "secret" not in body and "127.0.0.1" not in body
    engine.dispose()


async def test_head_is_answered_for_probes():
    assert (await _probe(make_engine("sqlite://"), method="HEAD")).status_code == 200


async def test_default_endpoint_reads_the_configured_database(monkeypatch, tmp_path):
    """Without arguments the route checks easytrack.db.engine() and REFLEX_REDIS_URL from the settings."""
    import dataclasses

    from easytrack import config, db

    monkeypatch.setattr(config, "settings", dataclasses.replace(config.settings, redis_url=None))
    monkeypatch.setattr(db, "engine", lambda: make_engine(f"sqlite:///{tmp_path}/x.db"))
    response = await _probe(None)
    assert response.json()["redis"] == "not configured" and response.status_code == 200
