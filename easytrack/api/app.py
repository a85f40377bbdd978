"""`create_api()`: the REST API app that Reflex mounts in front of itself (`rx.App(api_transformer=...)`).

The returned app holds one mount, `/api/v1`, with everything of the API inside (routes, docs, error
handlers, CORS, body limits); Reflex then mounts its own app behind it, so every other path
(`/_event`, `/ping`, the pages) falls through to Reflex untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Engine

from easytrack.api import docs, errors
from easytrack.api.bodylimit import BodyLimit
from easytrack.api.context import ApiContext
from easytrack.api.ratelimit import Limiter, make_limiter
from easytrack.api.routers import batch, checkins, groups, habits, me, push, reminders, transfer
from easytrack.api.schemas import ErrorOut
from easytrack.config import settings
from easytrack.models import utcnow

PREFIX = "/api/v1"
RATE_LIMIT = 600  # requests per minute, per token (or per client address without a valid token)
MAX_JSON_BODY = 64 * 1024  # bytes; only the import takes more
VERSION = "1.0.0"
_ERRORS = {status: {"model": ErrorOut} for status in (401, 404, 413, 422, 429)}
_DESCRIPTION = """The easytrack REST API. Authenticate every request with a personal API token:
`Authorization: Bearer et_…` (create one with `python -m easytrack token create --user EMAIL --name NAME`).
Errors are JSON `{"error": "..."}`; someone else's ids answer 404 like missing ones. Days are `YYYY-MM-DD`,
and "today" is the day in your own time zone.

Error messages are in the language of the request's `Accept-Language` header when easytrack speaks it
(English `en`, Russian `ru`; e.g. `Accept-Language: ru-RU,ru;q=0.9`), else in English; the `Content-Language`
header of an error response says which. Only the message changes: the JSON shape, the status and the field
names stay the same in every language."""


def create_api(
    engine: Engine | None = None,
    *,
    rate_limit: int = RATE_LIMIT,
    limiter: Limiter | None = None,
    clock: Callable[[], datetime] = utcnow,
    proxy_hops: int = 0,
    cors_origins: Sequence[str] | None = None,
) -> FastAPI:
    """Build the app to pass as `rx.App(api_transformer=create_api())`.

    Args:
        engine: the database; None uses the configured one (`easytrack.db.engine()`).
        rate_limit: requests per minute per token or client address (ignored when `limiter` is given).
        limiter: the counters; default: Redis when REFLEX_REDIS_URL is set (shared by all workers),
            else this process's memory.
        clock: returns the current aware UTC instant (tests pin it).
        proxy_hops: trusted reverse proxies in front (Reflex's `trusted_proxy_hops`), for client addresses.
        cors_origins: browser origins allowed to call the API; default: the app's own (EASYTRACK_BASE_URL).
    """
    ctx = ApiContext(
        limiter=limiter or make_limiter(rate_limit, settings.redis_url),
        engine=engine,
        clock=clock,
        proxy_hops=proxy_hops,
    )
    outer = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    errors.install(outer, http_only=True)  # a path the mount cannot take; with Reflex behind, it answers those
    outer.mount(PREFIX, _v1(ctx, settings.cors_origins if cors_origins is None else cors_origins), name="api-v1")
    return outer


def _v1(ctx: ApiContext, cors_origins: Sequence[str]) -> FastAPI:
    """The API itself, with paths relative to PREFIX."""
    api = FastAPI(
        title="easytrack API",
        version=VERSION,
        description=_DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses=_ERRORS,
    )
    api.state.ctx = ctx
    errors.install(api)
    docs.install(api)
    router = APIRouter()
    for module in (me, groups, habits, reminders, checkins, batch, push, transfer):
        router.include_router(module.router)
    api.include_router(router)
    api.add_middleware(BodyLimit, default=MAX_JSON_BODY, per_path={"/import": transfer.MAX_REQUEST, "/checkins/batch": batch.MAX_BODY})
    api.add_middleware(  # added last: outermost, so even a 413 carries the CORS headers
        CORSMiddleware,
        allow_origins=list(cors_origins),
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        allow_credentials=False,
        max_age=600,
    )
    return api
