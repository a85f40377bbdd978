"""Sending the account e-mails off the event loop; what must not reveal an address's existence goes in the background."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine

from easytrack.config import settings
from easytrack.services import mail_templates
from easytrack.services.accounts import Registration
from easytrack.services.errors import MailError
from easytrack.services.mail import send_mail

log = logging.getLogger("easytrack.mail")
_background: set[asyncio.Task] = set()


async def _send(to: str, message: mail_templates.Mail) -> None:
    await asyncio.to_thread(send_mail, to, message.subject, message.body)


async def after_registration(email: str, result: Registration) -> None:
    """The confirmation link for a new account, or a notice to the owner of an existing one (raises MailError)."""
    if result.confirm_token:
        await send_confirmation(email, result.confirm_token)
    elif result.existing_user_id:
        await _send(email, mail_templates.already_registered(base_url=settings.base_url))


async def send_confirmation(email: str, token: str) -> None:
    await _send(email, mail_templates.confirm_account(base_url=settings.base_url, token=token))


async def send_reset(email: str, token: str) -> None:
    await _send(email, mail_templates.reset_password(base_url=settings.base_url, token=token))


async def send_email_change(email: str, token: str) -> None:
    await _send(email, mail_templates.confirm_email_change(base_url=settings.base_url, token=token))


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
