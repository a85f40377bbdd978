"""Fixed-window request counters: in Redis (shared by every worker) or in this process.

A key may make `limit` requests per `window` seconds; the request after that is refused until the
window ends. Keys are hashes or addresses, never secrets.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("easytrack.api")


class Limiter(Protocol):
    """Counts requests per key; `hit` counts one, `blocked` only looks."""

    limit: int
    window: int

    async def hit(self, key: str) -> int:
        """Count one request for `key`; return 0 if allowed, else the seconds until it will be."""

    async def blocked(self, key: str) -> int:
        """Return the seconds until `key` may make a request (0 if it may now), counting nothing."""


def _window(clock: Callable[[], float], window: int) -> tuple[int, int]:
    """(index of the current window, whole seconds until it ends, at least 1)."""
    now = clock()
    index = int(now // window)
    return index, max(1, math.ceil((index + 1) * window - now))


class MemoryLimiter:
    """Counters in this process: exact with one worker; with N workers a client may get up to N × limit."""

    def __init__(self, limit: int, window: int = 60, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    async def hit(self, key: str) -> int:
        index, retry = _window(self._clock, self.window)
        with self._lock:
            if len(self._counts) > 100_000:  # forget finished windows before growing further
                self._counts = {k: v for k, v in self._counts.items() if v[0] == index}
            start, count = self._counts.get(key, (index, 0))
            count = count + 1 if start == index else 1
            self._counts[key] = (index, count)
        return 0 if count <= self.limit else retry

    async def blocked(self, key: str) -> int:
        index, retry = _window(self._clock, self.window)
        with self._lock:
            start, count = self._counts.get(key, (index, 0))
        return retry if start == index and count >= self.limit else 0


class RedisLimiter:
    """Counters in Redis (`INCR` + `EXPIRE` per key and window), shared by every worker and process."""

    def __init__(self, url: str, limit: int, window: int = 60, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._redis = Redis.from_url(url)

    def _key(self, key: str, index: int) -> str:
        return f"easytrack:ratelimit:{key}:{index}"

    async def hit(self, key: str) -> int:
        index, retry = _window(self._clock, self.window)
        name = self._key(key, index)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                count, _ = await pipe.incr(name).expire(name, self.window * 2).execute()
        except (RedisError, OSError):  # fail open: an unreachable Redis must not take the API down
            log.warning("rate limiter: Redis unreachable, request not counted", exc_info=True)
            return 0
        return 0 if count <= self.limit else retry

    async def blocked(self, key: str) -> int:
        index, retry = _window(self._clock, self.window)
        try:
            count = int(await self._redis.get(self._key(key, index)) or 0)
        except (RedisError, OSError):
            log.warning("rate limiter: Redis unreachable", exc_info=True)
            return 0
        return retry if count >= self.limit else 0

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()


def make_limiter(limit: int, redis_url: str | None, window: int = 60) -> Limiter:
    """A RedisLimiter when `redis_url` is set (several workers share it), else a MemoryLimiter."""
    if redis_url:
        return RedisLimiter(redis_url, limit, window)
    return MemoryLimiter(limit, window)
