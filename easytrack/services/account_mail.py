"""Sending the account e-mails off the event loop; what must not reveal an address's existence goes in the background."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from easytrack import db
from easytrack.config import settings
from easytrack.services import mail_templates, profile, ratelimits
from easytrack.services.accounts import Registration
from easytrack.services.errors import MailError
from easytrack.services.mail import send_mail

log = logging.getLogger("easytrack.mail")
_background: set[asyncio.Task] = set()
# SMTP waits up to 10 s per operation: on threads of its own, never in the pool database calls use.
_mail_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="easytrack-mail")


async def _send(to: str, message: mail_templates.Mail) -> None:
    """Send unless `to` had ratelimits.MAILS_PER_RECIPIENT account mails this hour (then log and drop it:
    the caller answers the same either way, so a flood of forms cannot fill someone's mailbox)."""
    if not await db.run(ratelimits.allow_mail, to=to, now=datetime.now(timezone.utc)):
        log.warning("account e-mail to %s not sent: %s already sent this hour", to, ratelimits.MAILS_PER_RECIPIENT)
        return
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(_mail_pool, lambda: send_mail(to, message.subject, message.body))


async def _account_language(user_id: int | None) -> str:
    return await db.run(profile.language_of, user_id=user_id) if user_id is not None else ""


async def after_registration(email: str, result: Registration, *, lang: str = "") -> None:
    """The confirmation link for a new account (in `lang`, the registration page's language), or a notice to
    the owner of an existing one, in that account's language (raises MailError)."""
    if result.confirm_token:
        await send_confirmation(email, result.confirm_token, lang=lang)
    elif result.existing_user_id:
        lang = await _account_language(result.existing_user_id)
        await _send(email, mail_templates.already_registered(base_url=settings.base_url, lang=lang))


async def send_confirmation(email: str, token: str, *, user_id: int | None = None, lang: str | None = None) -> None:
    """The confirmation link, in `lang`, else in the language of account `user_id` (English when neither)."""
    lang = lang if lang is not None else await _account_language(user_id)
    await _send(email, mail_templates.confirm_account(base_url=settings.base_url, token=token, lang=lang))


async def send_reset(email: str, token: str, *, user_id: int | None = None) -> None:
    """The reset link in the language of account `user_id` (who asked for it may read another language)."""
    lang = await _account_language(user_id)
    await _send(email, mail_templates.reset_password(base_url=settings.base_url, token=token, lang=lang))


async def send_email_change(email: str, token: str, *, lang: str = "") -> None:
    """The link to the new address, in `lang` (the logged-in owner's page language)."""
    await _send(email, mail_templates.confirm_email_change(base_url=settings.base_url, token=token, lang=lang))


def in_background(send: Coroutine) -> None:
    """Send without waiting, so the answer's timing does not tell whether an address has an account."""

    async def guarded() -> None:
        try:
            await send
        except MailError as exc:
            log.warning("background e-mail not sent: %s", exc)

    task = asyncio.get_running_loop().create_task(guarded())
    _background.add(task)
    task.add_done_callback(_background.discard)
