"""The reminder scheduler: every EASYTRACK_REMINDER_INTERVAL seconds (default 30) each worker looks for due
reminders, claims each one in the database (only one worker wins a claim) and sends the ones it won to their
channels: e-mail, Web Push to each of the user's browsers, Apprise URLs.

`run_once(now)` is one pass with an injectable clock (the tests call it directly); `reminder_loop` is the
lifespan task the app starts. Nothing here may stop the app: every failure is logged and the loop goes on.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Engine

from easytrack.db import session_scope
from easytrack.reminders import apprise_send, claims, plan, webpush
from easytrack.services import channels, push, push_keys, reminders
from easytrack.services.errors import MailError
from easytrack.services.mail import send_mail

log = logging.getLogger("easytrack.reminders")
INTERVAL_ENV = "EASYTRACK_REMINDER_INTERVAL"
DEFAULT_INTERVAL = 30.0
Sender = Callable[..., None]  # (to, subject, body, *, headers)


def interval(env: dict[str, str] | None = None) -> float:
    """Seconds between passes: EASYTRACK_REMINDER_INTERVAL (0.5 … 3600), else 30; a bad value is logged."""
    raw = (os.environ if env is None else env).get(INTERVAL_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_INTERVAL
    except ValueError:
        value = -1.0
    if not 0.5 <= value <= 3600:
        log.error("%s must be a number of seconds from 0.5 to 3600 (got %r); using %s", INTERVAL_ENV, raw,
                  DEFAULT_INTERVAL)
        return DEFAULT_INTERVAL
    return value


def _claimed(due_list: list[reminders.Due], *, now: datetime, bind: Engine | None) -> list[reminders.Due]:
    """The reminders this worker won, claimed in one transaction committed before anything is sent, so
    other workers see the claims (in key order: two workers claiming the same set cannot deadlock)."""
    ordered = sorted(due_list, key=lambda d: (d.key.kind, d.key.subject_id, d.key.day))
    with session_scope(bind) as session:
        return [due for due in ordered if claims.claim(session, due.key, now=now)]


def _plans(claimed: list[reminders.Due], *, now: datetime, bind: Engine | None):
    """(plans, push keys or None, {user id: push targets}) for the claimed reminders, in one transaction."""
    with session_scope(bind) as session:
        wants_push = push.targets(session, user_ids=sorted({d.key.user_id for d in claimed}))
        keys = push_keys.load_keys(session) if wants_push else None
        found = []
        for due in claimed:
            try:
                found.append(plan.compose(session, due, keys=keys, now=now))
            except Exception:  # noqa: BLE001 (one broken reminder must not stop the others)
                log.exception("reminder %s for user %s failed", due.key.kind, due.key.user_id)
        return found, keys, wants_push


def _send_mails(plans: list[plan.Plan], send: Sender) -> dict[claims.Key, bool]:
    """Send each plan's e-mail; {key: whether it went} for the plans that have one."""
    went = {}
    for item in plans:
        if item.mail is None:
            continue
        try:
            send(item.email, item.mail.subject, item.mail.body, headers=item.mail.headers)
            went[item.due.key] = True
        except MailError:
            log.warning("reminder %s for user %s not mailed", item.due.key.kind, item.due.key.user_id)
            went[item.due.key] = False
    return went


def _send_pushes(plans: list[plan.Plan], keys, targets, *, now: datetime, bind: Engine | None) -> dict[claims.Key, bool]:
    """Push each plan's notice to all its user's browsers and forget the expired ones; {key: whether any
    browser's push service took it} for the plans that had browsers to push to."""
    jobs, by_key = [], {}
    for item in plans:
        for target in targets.get(item.due.key.user_id, []) if item.push and keys else []:
            jobs.append((target, item.notice))
            by_key.setdefault(item.due.key, []).append(target.id)
    if not jobs:
        return {}
    outcome = webpush.deliver(jobs, keys)
    with session_scope(bind) as session:
        push.forget(session, ids=outcome.gone)
        push.mark_sent(session, ids=sorted(set(outcome.sent)), now=now)
    failed = set(outcome.failed)
    return {key: not all(i in failed for i in ids) for key, ids in by_key.items()}


def _send_channels(plans: list[plan.Plan], *, bind: Engine | None) -> dict[claims.Key, bool]:
    """Send each plan to its Apprise channels; {key: whether any channel took it}."""
    wanted = {}
    for item in plans:
        wanted.setdefault(item.due.key.user_id, []).extend(item.channel_ids)
    if not any(wanted.values()):
        return {}
    with session_scope(bind) as session:
        urls = channels.urls_for(session, wanted=wanted)
    jobs = [(item.due.key, cid, urls[cid], item.notice) for item in plans if item.notice
            for cid in item.channel_ids if cid in urls]
    results = apprise_send.send_all([(url, notice.title, notice.body) for _, _, url, notice in jobs])
    went: dict[claims.Key, bool] = {}
    for (key, cid, _, _), ok in zip(jobs, results):
        if not ok:
            log.warning("notification channel %s did not take reminder %s", cid, key.kind)
        went[key] = went.get(key, False) or ok
    return went


def run_once(now: datetime | None = None, *, bind: Engine | None = None, send: Sender | None = None) -> int:
    """One pass at the aware instant `now` (default: the current time): send every due, unclaimed reminder
    to its channels (e-mail, push, Apprise).

    Blocking (database, SMTP, HTTP): run it on a worker thread. Returns the number of reminders sent. A
    reminder whose every channel failed keeps its claim unsent and is retried after the lease; one that
    reached any channel is done for the day.
    """
    now = now or datetime.now(timezone.utc)
    with session_scope(bind) as session:
        due_list = reminders.due_reminders(session, now=now)
    plans, keys, targets = _plans(_claimed(due_list, now=now, bind=bind), now=now, bind=bind)
    results = [_send_mails(plans, send or send_mail), _send_pushes(plans, keys, targets, now=now, bind=bind),
               _send_channels(plans, bind=bind)]
    sent = 0
    with session_scope(bind) as session:
        for item in plans:
            tried = [r[item.due.key] for r in results if item.due.key in r]
            if tried and not any(tried):
                continue  # nothing reached the user: the claim's lease runs out and another pass retries
            claims.mark_sent(session, item.due.key, now=now)
            sent += bool(tried)
    return sent


def _prune(now: datetime) -> None:
    with session_scope() as session:
        claims.prune(session, now=now)


async def reminder_loop() -> None:
    """The lifespan task: a pass now (catching up what came due while no worker ran), then one per interval."""
    every, passes = interval(), 0
    log.info("reminder scheduler started (every %s s)", every)
    while True:
        try:
            await asyncio.to_thread(run_once)
            if passes % 1000 == 0:
                await asyncio.to_thread(_prune, datetime.now(timezone.utc))
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 (the database may be away for a while: keep going)
            log.exception("reminder pass failed")
        passes += 1
        await asyncio.sleep(every)
