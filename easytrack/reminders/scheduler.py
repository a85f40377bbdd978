"""The reminder scheduler: every EASYTRACK_REMINDER_INTERVAL seconds (default 30) each worker looks for due
reminders, claims each one in the database (only one worker wins a claim) and sends the mails it won.

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

from easytrack import config
from easytrack.db import session_scope
from easytrack.models import Habit
from easytrack.reminders import claims, mails
from easytrack.services import reminders
from easytrack.services.errors import MailError
from easytrack.services.mail import send_mail
from easytrack.services.mail_templates import Mail

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


def _compose(session, due: reminders.Due) -> tuple[str, Mail] | None:
    """The (address, mail) to send for a claimed reminder, or None when nothing is to be sent any more."""
    user = reminders.still_eligible(session, user_id=due.key.user_id)
    if user is None:
        return None
    still_open = reminders.open_habits(session, user=user, today=due.key.day)
    token = reminders.unsubscribe_token(session, user_id=user.id)
    base = config.settings.base_url
    if due.key.kind == claims.DIGEST:
        if not user.digest_enabled or not still_open:
            return None
        return user.email, mails.digest(base_url=base, token=token, names=[name for _, name in still_open])
    habit = session.get(Habit, due.key.subject_id)
    if habit is None or habit.user_id != user.id or habit.reminder_minute is None:
        return None
    if due.key.subject_id not in {habit_id for habit_id, _ in still_open}:
        return None
    return user.email, mails.habit(base_url=base, token=token, name=habit.name)


def _handle(due: reminders.Due, *, now: datetime, bind: Engine | None, send: Sender) -> bool:
    """Claim, compose, send and mark one reminder; True if a mail went out."""
    with session_scope(bind) as session:
        if not claims.claim(session, due.key, now=now):
            return False  # another worker has it, or already sent it
    with session_scope(bind) as session:
        composed = _compose(session, due)
    if composed is not None:
        to, mail = composed
        # MailError: the claim stays unsent and is retried after its lease
        send(to, mail.subject, mail.body, headers=mail.headers)
    with session_scope(bind) as session:
        claims.mark_sent(session, due.key, now=now)
    return composed is not None


def run_once(now: datetime | None = None, *, bind: Engine | None = None, send: Sender | None = None) -> int:
    """One pass at the aware instant `now` (default: the current time): send every due, unclaimed reminder.

    Blocking (database and SMTP): run it on a worker thread. Returns the number of mails sent; a failure
    with one reminder is logged and the others still go.
    """
    now = now or datetime.now(timezone.utc)
    send = send or send_mail
    with session_scope(bind) as session:
        due_list = reminders.due_reminders(session, now=now)
    sent = 0
    for due in due_list:
        try:
            sent += _handle(due, now=now, bind=bind, send=send)
        except MailError:
            log.warning("reminder %s for user %s not sent; retrying later", due.key.kind, due.key.user_id)
        except Exception:  # noqa: BLE001 (one broken reminder must not stop the others)
            log.exception("reminder %s for user %s failed", due.key.kind, due.key.user_id)
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
