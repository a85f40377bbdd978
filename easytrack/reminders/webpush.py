"""Sending Web Push notifications (RFC 8030 + 8291 aes128gcm + 8292 VAPID) with pywebpush, many at once.

`deliver` is blocking (it runs its own event loop: call it on a worker thread, as the scheduler does) and
sends every push concurrently, at most CONCURRENCY in flight, one signed VAPID header per push service.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp
from py_vapid import Vapid
from pywebpush import WebPusher

from easytrack.i18n import format_number, gettext
from easytrack.services.push import Target
from easytrack.services.push_keys import PushKeys

log = logging.getLogger("easytrack.push")
CONCURRENCY = 50
TIMEOUT = 10.0  # seconds per push
TTL = 4 * 3600  # a reminder the phone gets hours late is no use
VAPID_LIFETIME = 12 * 3600
GONE = (404, 410)  # the browser dropped the subscription: forget it


@dataclass(frozen=True)
class Notice:
    """What one reminder shows on a phone (and sends to Apprise channels), already in the account's
    language; `action` (a signed token) adds a button titled `done`."""

    title: str
    body: str
    path: str
    tag: str
    action: str = ""
    done: str = "Done"

    def payload(self) -> bytes:
        data = {"title": self.title, "body": self.body, "url": self.path, "tag": self.tag}
        if self.action:
            data["action"], data["done"] = self.action, self.done  # the worker titles its button with `done`
        return json.dumps(data, ensure_ascii=False).encode()


def habit_notice(lang: str, *, name: str, path: str, tag: str, action: str = "") -> Notice:
    """One habit's reminder in `lang` (the account's language, "" = English)."""
    return Notice(gettext(lang, "Reminder: {name}", name=name), gettext(lang, "Still open today. Tap Done when it is."),
                  path, tag, action, gettext(lang, "Done"))


def digest_notice(lang: str, *, count: int, body: str, path: str = "/") -> Notice:
    """The daily digest in `lang`: how many habits are still open today; `body` lists them."""
    return Notice(gettext(lang, "Still open today: {n}", n=format_number(count, lang)), body, path, "digest",
                  done=gettext(lang, "Done"))


@dataclass
class Outcome:
    """Subscription ids by what happened: delivered, gone (404/410) and failed (to retry with the claim)."""

    sent: list[int] = field(default_factory=list)
    gone: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


class _Signer:
    """VAPID headers per push-service origin, signed once per pass (a pass fans out to few origins)."""

    def __init__(self, keys: PushKeys) -> None:
        self.vapid = Vapid.from_raw(keys.private_raw.encode())  # base64url, as py_vapid takes it
        self.subject = keys.subject
        self.cache: dict[str, dict[str, str]] = {}

    def headers(self, endpoint: str) -> dict[str, str]:
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.cache:
            claims = {"aud": origin, "sub": self.subject, "exp": int(time.time()) + VAPID_LIFETIME}
            self.cache[origin] = dict(self.vapid.sign(claims))
        return self.cache[origin]


async def _one(http, signer: _Signer, target: Target, data: bytes, outcome: Outcome, gate) -> None:
    info = {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}}
    async with gate:
        try:
            pusher = WebPusher(info, aiohttp_session=http)
            response = await pusher.send_async(data, {**signer.headers(target.endpoint), "Urgency": "high"},
                                               ttl=TTL, timeout=aiohttp.ClientTimeout(total=TIMEOUT))
            status = response.status
        except Exception as exc:  # noqa: BLE001 (a push service down must not stop the others)
            log.warning("push to subscription %s failed: %s", target.id, type(exc).__name__)
            outcome.failed.append(target.id)
            return
    if status in GONE:
        outcome.gone.append(target.id)
    elif 200 <= status < 300:
        outcome.sent.append(target.id)
    else:
        log.warning("push service answered %s for subscription %s", status, target.id)
        outcome.failed.append(target.id)


async def _deliver(jobs: list[tuple[Target, Notice]], keys: PushKeys) -> Outcome:
    outcome, signer, gate = Outcome(), _Signer(keys), asyncio.Semaphore(CONCURRENCY)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as http:
        await asyncio.gather(*(_one(http, signer, target, notice.payload(), outcome, gate)
                               for target, notice in jobs))
    return outcome


def deliver(jobs: list[tuple[Target, Notice]], keys: PushKeys) -> Outcome:
    """Encrypt and send each (subscription, notice); never raises for a failed push (see Outcome)."""
    if not jobs:
        return Outcome()
    return asyncio.run(_deliver(jobs, keys))
