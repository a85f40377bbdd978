"""Which browser tabs each user has open, so a change can be pushed to the others.

One worker keeps the list in memory; several workers (REFLEX_REDIS_URL set) share it in Redis, and
Reflex relays a pushed update to whichever worker holds that tab's websocket.
"""

from __future__ import annotations

import time

from easytrack.config import settings

MAX_TABS_PER_USER = 32
TAB_TTL_SECONDS = 2 * 24 * 3600


class _MemoryTabs:
    def __init__(self) -> None:
        self._tabs: dict[int, dict[str, float]] = {}

    async def register(self, user_id: int, token: str) -> None:
        seen = self._tabs.setdefault(user_id, {})
        seen[token] = time.time()
        if len(seen) > MAX_TABS_PER_USER:
            del seen[min(seen, key=seen.__getitem__)]

    async def forget(self, user_id: int, token: str) -> None:
        self._tabs.get(user_id, {}).pop(token, None)

    async def seen(self, user_id: int) -> dict[str, float]:
        return dict(self._tabs.get(user_id, {}))


class _RedisTabs:
    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)

    @staticmethod
    def _key(user_id: int) -> str:
        return f"easytrack:tabs:{user_id}"

    async def register(self, user_id: int, token: str) -> None:
        key = self._key(user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            await pipe.hset(key, token, time.time()).expire(key, TAB_TTL_SECONDS).execute()
        seen = await self.seen(user_id)
        if len(seen) > MAX_TABS_PER_USER:
            await self._redis.hdel(key, *sorted(seen, key=seen.__getitem__)[: len(seen) - MAX_TABS_PER_USER])

    async def forget(self, user_id: int, token: str) -> None:
        await self._redis.hdel(self._key(user_id), token)

    async def seen(self, user_id: int) -> dict[str, float]:
        raw = await self._redis.hgetall(self._key(user_id))
        return {k.decode(): float(v) for k, v in raw.items()}


_store = _RedisTabs(settings.redis_url) if settings.redis_url else _MemoryTabs()


async def register(user_id: int, client_token: str) -> None:
    """Remember that `client_token` (a tab) shows `user_id`'s data; the oldest beyond the cap is dropped."""
    if client_token:
        await _store.register(user_id, client_token)


async def forget(user_id: int, client_token: str) -> None:
    await _store.forget(user_id, client_token)


async def others(user_id: int, origin: str = "") -> list[str]:
    """The tabs of `user_id` other than `origin`, most recently seen first."""
    seen = await _store.seen(user_id)
    return sorted((t for t in seen if t != origin), key=seen.__getitem__, reverse=True)
