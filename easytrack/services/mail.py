"""Sending e-mail: over SMTP when a server is configured, else into the server log for the admin to copy."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from easytrack import config
from easytrack.config import Settings
from easytrack.services.errors import MailError

logger = logging.getLogger("easytrack.mail")
TIMEOUT_SECONDS = 10


def send_mail(to: str, subject: str, body: str, *, settings: Settings | None = None,
              headers: tuple[tuple[str, str], ...] = ()) -> None:
    """Send a plain-text e-mail (blocking: call it on a worker thread).

    Without `settings.smtp_host` the whole message, links included, is written to the "easytrack.mail"
    logger at WARNING level ("[mail] To: … Subject: …" then the body), so a lone self-hoster can copy the
    link from the server log. `headers` are extra header fields (List-Unsubscribe on reminders).
    Otherwise it goes to the SMTP server (security none, starttls or tls; login
    when a user is set; 10 s timeout per network operation).

    Raises:
        MailError: the server could not be reached or refused the message (the cause is logged).
    """
    settings = settings or config.settings
    message = _message(settings, to, subject, body)
    for name, value in headers:
        message[name] = " ".join(value.split())  # no line breaks: no header injection
    if not settings.smtp_host:
        logger.warning("[mail] To: %s Subject: %s\n%s", message["To"], message["Subject"], body)
        return
    try:
        _deliver(settings, message)
    except (OSError, smtplib.SMTPException, UnicodeError) as exc:
        logger.error(
            "could not send mail to %s via %s:%s: %s: %s",
            to, settings.smtp_host, settings.smtp_port, type(exc).__name__, exc,
        )  # fmt: skip
        raise MailError() from exc


def _message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    if not isinstance(to, str) or "@" not in to or any(char in to for char in "\r\n,;"):
        logger.error("refusing to send mail to %r: not a single address", to)  # a caller bug
        raise MailError()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = " ".join(subject.split())  # no line breaks: no header injection
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rsplit("@", 1)[-1].strip("<> ") or None)
    message.set_content(body)
    return message


def _deliver(settings: Settings, message: EmailMessage) -> None:
    host, port = settings.smtp_host, settings.smtp_port
    if settings.smtp_security == "tls":
        smtp = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    with smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)
