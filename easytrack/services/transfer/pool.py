"""Imports and previews run on their own small thread pool: never on the event loop, and never on the
shared worker threads (asyncio.to_thread) that every tick and page load needs.

At most RUNNING run at once per process and WAITING more may queue; past that a caller is told to try
again (each queued upload holds its bytes in memory).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from easytrack.services.transfer.types import ImportBusy

T = TypeVar("T")
RUNNING = 2
WAITING = 3
BUSY = "The server is busy with other imports; please try again in a minute."
_pool = ThreadPoolExecutor(max_workers=RUNNING, thread_name_prefix="easytrack-import")
_slots = threading.BoundedSemaphore(RUNNING + WAITING)


async def run(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run `fn(*args, **kwargs)` on the import pool and return its result.

    Raises:
        ImportBusy: if RUNNING + WAITING imports are already under way in this process.
    """
    if not _slots.acquire(blocking=False):
        raise ImportBusy(BUSY)
    try:
        job = _pool.submit(functools.partial(fn, *args, **kwargs))
    except BaseException:
        _slots.release()
        raise
    job.add_done_callback(lambda _job: _slots.release())  # when it ends, even if the caller went away
    return await asyncio.wrap_future(job)
