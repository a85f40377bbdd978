"""What every API request needs: the database, the clock, the rate limiter and the proxy settings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from fastapi import Request
from sqlalchemy import Engine

from easytrack import db
from easytrack.api.ratelimit import Limiter
from easytrack.models import utcnow

T = TypeVar("T")


@dataclass(frozen=True)
class ApiContext:
    """Settings of one API app; `engine` None means the process-wide engine (`easytrack.db.engine()`)."""

    limiter: Limiter
    engine: Engine | None = None
    clock: Callable[[], datetime] = utcnow
    proxy_hops: int = 0

    def now(self) -> datetime:
        """The current instant (aware UTC); tests inject a fixed clock."""
        return self.clock()

    async def run(self, fn: Callable[..., T], /, *args, **kwargs) -> T:
        """Run `fn(session, *args, **kwargs)` in one transaction on a worker thread."""
        return await asyncio.to_thread(self._call, fn, *args, **kwargs)

    def _call(self, fn: Callable[..., T], /, *args, **kwargs) -> T:
        with db.session_scope(self.engine) as session:
            return fn(session, *args, **kwargs)

    def client_ip(self, request: Request) -> str:
        """The client's address: the peer, or with `proxy_hops` trusted proxies, from X-Forwarded-For."""
        ip = request.client.host if request.client else ""
        if self.proxy_hops:
            forwarded = [p.strip() for p in request.headers.get("x-forwarded-for", "").split(",") if p.strip()]
            if len(forwarded) >= self.proxy_hops:
                ip = forwarded[-self.proxy_hops]
        return ip[:64] or "unknown"


def context(request: Request) -> ApiContext:
    """The ApiContext of the app serving `request` (a FastAPI dependency)."""
    return request.app.state.ctx
