"""Sending reminders through Apprise URLs, several at once, without ever logging a URL.

Apprise logs the services it talks to (hosts, paths, masked tokens) at every level, and urllib3 logs each
request's path (a webhook's token, a Telegram bot key) at DEBUG and in retry warnings: Apprise's logger is
cut off, and urllib3's connection-pool records below ERROR are dropped (they are debugging noise anyway).
Failures are logged by channel id only.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

WORKERS = 8
TIMEOUT = 10  # seconds per request (Apprise's own default is longer)

_quiet = logging.getLogger("apprise")  # URLs (with their secrets) appear in its records: never let them out
_quiet.propagate = False
_quiet.handlers[:] = [logging.NullHandler()]
_quiet.setLevel(logging.CRITICAL + 1)


class _NoPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


for _name in ("urllib3.connectionpool", "urllib3.util.retry"):
    logging.getLogger(_name).addFilter(_NoPaths())


def _instance(url: str):
    import apprise  # noqa: PLC0415 (loading its plugins takes ~1 s: only when a channel is used)

    # async_mode off: one notification is one request, sent before notify() returns.
    plugin = apprise.Apprise.instantiate(url, asset=apprise.AppriseAsset(async_mode=False), suppress_exceptions=True)
    if plugin:
        plugin.socket_connect_timeout = plugin.socket_read_timeout = TIMEOUT
    return plugin


def parses(url: str) -> bool:
    """Whether Apprise understands this URL (it knows the service and the URL has what that service needs)."""
    return bool(_instance(url))


def send_one(url: str, *, title: str, body: str) -> bool:
    """Send one notification; True when the service took it. Never raises, never logs the URL."""
    import apprise  # noqa: PLC0415

    try:
        plugin = _instance(url)
        if not plugin:
            return False
        box = apprise.Apprise()
        box.add(plugin)
        return bool(box.notify(body=body, title=title))
    except Exception:  # noqa: BLE001 (a broken service must not stop the others; no URL in the log)
        return False


def send_all(jobs: list[tuple[str, str, str]]) -> list[bool]:
    """Send each (URL, title, body) concurrently; whether each one went, in order."""
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(jobs))) as pool:
        return list(pool.map(lambda job: send_one(job[0], title=job[1], body=job[2]), jobs))
