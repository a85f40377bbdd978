"""Live updates: after a user's data changes (in a tab, through the API, by an import), tell their open tabs.

Publishers call `await publish(user_id, change)` after the transaction committed. The Reflex side
subscribes once per process and pushes the change into each open tab of that user. A change is either
one cell (`Cell`) — small enough to patch the page in place — or `Reload`: the tab reloads its data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

log = logging.getLogger("easytrack.live")


@dataclass(frozen=True)
class Cell:
    """One day of one habit changed; `rev` orders it among the user's changes."""

    rev: int
    habit_id: int
    day: date


@dataclass(frozen=True)
class Reload:
    """Habits or groups changed (or many cells at once): open pages reload what they show."""

    rev: int


Change = Cell | Reload
Listener = Callable[[int, Change, str], Awaitable[None]]
_listeners: list[Listener] = []
_pending: set[asyncio.Task] = set()  # strong references, so running deliveries are not collected


def subscribe(listener: Listener) -> None:
    """Register `listener(user_id, change, origin)`; `origin` is the client token that made the change, or ""."""
    if listener not in _listeners:
        _listeners.append(listener)


async def publish(user_id: int, change: Change, *, origin: str = "") -> None:
    """Deliver `change` to every listener; a failing listener is logged, never raised to the publisher."""
    for listener in list(_listeners):
        try:
            await listener(user_id, change, origin)
        except Exception:  # noqa: BLE001 (a broken tab must not fail the change that was already saved)
            log.exception("live update for user %s failed", user_id)


def publish_soon(user_id: int, change: Change, *, origin: str = "") -> None:
    """Deliver in a task of its own: an event handler holds its tab's state lock, and waiting for other
    tabs' locks from inside it could deadlock with a handler in one of those tabs doing the same."""
    task = asyncio.get_running_loop().create_task(publish(user_id, change, origin=origin))
    _pending.add(task)
    task.add_done_callback(_pending.discard)
