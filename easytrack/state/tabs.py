"""Which browser tabs each user has open on this worker, so a change can be pushed to the others."""

from __future__ import annotations

import time

MAX_TABS_PER_USER = 32
_tabs: dict[int, dict[str, float]] = {}


def register(user_id: int, client_token: str) -> None:
    """Remember that `client_token` (a tab) shows `user_id`'s data; the oldest beyond the cap is dropped."""
    if not client_token:
        return
    seen = _tabs.setdefault(user_id, {})
    seen[client_token] = time.monotonic()
    if len(seen) > MAX_TABS_PER_USER:
        del seen[min(seen, key=seen.__getitem__)]


def forget(user_id: int, client_token: str) -> None:
    _tabs.get(user_id, {}).pop(client_token, None)


def others(user_id: int, origin: str = "") -> list[str]:
    """The tabs of `user_id` other than `origin`, most recently seen first."""
    seen = _tabs.get(user_id, {})
    return sorted((t for t in seen if t != origin), key=seen.__getitem__, reverse=True)
