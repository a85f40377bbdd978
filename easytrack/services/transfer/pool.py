"""Imports and previews run in worker processes of their own, at a lower CPU priority: never on the event
loop, never on the shared worker threads (asyncio.to_thread) every tick needs, and never competing for
the web worker's GIL (a parsing or writing thread in the same process slows every tick by its GIL turns).

At most RUNNING run at once per web worker and WAITING more may queue; past that a caller is told to
try again. The processes start on first use and stay (spawned, so a threaded server is never forked).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from easytrack.i18n import N_
from easytrack.services.transfer.types import ImportBusy

T = TypeVar("T")
RUNNING = 2
WAITING = 3
NICENESS = 10  # ticks of other users come first when the cores are busy
BUSY = N_("The server is busy with other imports; please try again in a minute.")
_slots = threading.BoundedSemaphore(RUNNING + WAITING)
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _lower_priority() -> None:
    os.nice(NICENESS)


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=RUNNING, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_lower_priority)
        return _pool


async def run(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run the module-level function `fn(*args, **kwargs)` in an import process and return its result
    (arguments, result and exceptions travel pickled).

    Raises:
        ImportBusy: if RUNNING + WAITING imports are already under way in this web worker.
    """
    if not _slots.acquire(blocking=False):
        raise ImportBusy(BUSY)
    try:
        job = _executor().submit(fn, *args, **kwargs)
    except BaseException:
        _slots.release()
        raise
    job.add_done_callback(lambda _job: _slots.release())  # when it ends, even if the caller went away
    return await asyncio.wrap_future(job)
