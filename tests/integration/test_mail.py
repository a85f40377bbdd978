"""Sending mail through a real SMTP server (aiosmtpd), the log fallback, failures, and the templates."""

from __future__ import annotations

import logging
import re

import pytest

from easytrack.config import load
from easytrack.db import session_scope
from easytrack.services import accounts, mail_templates
from easytrack.services.errors import MailError
from easytrack.services.mail import send_mail
from tests.factories import PASSWORD, fast_hashing  # noqa: F401
from tests.smtp import body, free_port, running_smtp_server, smtp_server  # noqa: F401

BASE = "https://habits.example.org"
TOKEN = "tok_-42abcdefghijklmnopqrstuvwxyz0123456789AB"


def smtp_settings(server, **extra):
    return load({"EASYTRACK_BASE_URL": BASE, **server.env(), **extra})


def test_mail_is_delivered_over_smtp(smtp_server):
    send_mail("alice@example.org", "Hello", "Open https://x/confirm?token=abc", settings=smtp_settings(smtp_server))
    [message] = smtp_server.messages
    assert (message["To"], message["Subject"]) == ("alice@example.org", "Hello")
    assert message["From"] == "easytrack <noreply@habits.example.org>"
    assert message["Message-ID"] and message["Date"]
    assert body(message).strip() == "Open https://x/confirm?token=abc"
    assert smtp_server.recipients == [["alice@example.org"]]


def test_line_breaks_in_the_subject_cannot_add_headers(smtp_server):
    send_mail("alice@example.org", "Hi\r\nBcc: eve@example.org", "body", settings=smtp_settings(smtp_server))
    [message] = smtp_server.messages
    assert message["Bcc"] is None and message["Subject"] == "Hi Bcc: eve@example.org"
    assert smtp_server.recipients == [["alice@example.org"]]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_mail_server_requiring_login_gets_the_configured_credentials():
    with running_smtp_server(user="mailer", password="s3cret") as server:
        send_mail("alice@example.org", "Hello", "body", settings=smtp_settings(server))
        assert len(server.messages) == 1
        with pytest.raises(MailError):
            bad = smtp_settings(server, EASYTRACK_SMTP_PASSWORD="bad")
            send_mail("alice@example.org", "Hello", "body", settings=bad)
        assert len(server.messages) == 1


@pytest.mark.parametrize("to", ["alice@example.org\r\nBcc: eve@example.org", "a@example.org, eve@example.org", "nobody"])
def test_anything_but_a_single_address_is_refused(smtp_server, to):
    with pytest.raises(MailError):
        send_mail(to, "Hello", "body", settings=smtp_settings(smtp_server))
    assert smtp_server.messages == []


def test_unreachable_mail_server_raises_mail_error_and_logs_the_cause(caplog):
    settings = load({"EASYTRACK_SMTP_HOST": "127.0.0.1", "EASYTRACK_SMTP_PORT": str(free_port())})
    with caplog.at_level(logging.ERROR, logger="easytrack.mail"), pytest.raises(MailError) as caught:
        send_mail("alice@example.org", "Hello", "body", settings=settings)
    assert caught.value.message == "We could not send the e-mail right now. Please try again in a few minutes."
    assert "ConnectionRefusedError" in caplog.text


def test_without_smtp_host_the_mail_goes_to_the_log_with_its_link(caplog):
    settings = load({"EASYTRACK_BASE_URL": BASE})
    mail = mail_templates.confirm_account(base_url=settings.base_url, token=TOKEN)
    with caplog.at_level(logging.WARNING, logger="easytrack.mail"):
        send_mail("alice@example.org", mail.subject, mail.body, settings=settings)
    [record] = caplog.records
    assert (record.name, record.levelno) == ("easytrack.mail", logging.WARNING)
    text = record.getMessage()
    assert text.startswith("[mail] To: alice@example.org Subject: Confirm your easytrack account\n")
    assert f"{BASE}/confirm?token={TOKEN}" in text


@pytest.mark.parametrize(
    ("template", "path", "validity"),
    [
        (mail_templates.confirm_account, "/confirm", "24 hours"),
        (mail_templates.reset_password, "/reset", "1 hour"),
        (mail_templates.confirm_email_change, "/confirm-email", "24 hours"),
    ],
)
def test_link_mails_carry_one_link_and_say_how_long_it_works(template, path, validity):
    mail = template(base_url=BASE + "/", token=TOKEN)
    assert re.findall(r"https?://\S+", mail.body) == [f"{BASE}{path}?token={TOKEN}"]
    assert validity in mail.body and mail.subject


def test_already_registered_notice_links_to_login_and_password_reset():
    mail = mail_templates.already_registered(base_url=BASE)
    assert re.findall(r"https?://\S+", mail.body) == [f"{BASE}/login", f"{BASE}/forgot"]
    assert "already have" in mail.body


@pytest.mark.usefixtures("fast_hashing")
def test_the_link_received_by_mail_confirms_the_account(engine, now, smtp_server):
    settings = smtp_settings(smtp_server)
    with session_scope(engine) as session:
        reg = accounts.register(session, email="new@example.org", password=PASSWORD, now=now)
    mail = mail_templates.confirm_account(base_url=settings.base_url, token=reg.confirm_token)
    send_mail("new@example.org", mail.subject, mail.body, settings=settings)

    [message] = smtp_server.wait_for(1)
    token = re.search(r"/confirm\?token=(\S+)", body(message)).group(1)
    with session_scope(engine) as session:
        assert accounts.confirm_account(session, token=token, now=now) == reg.user_id
