"""SMTP down during registration: the account is kept, the page says the mail failed, and resending works later."""

from __future__ import annotations

import asyncio
import dataclasses
import re

import pytest
from sqlalchemy import select

from easytrack import config
from easytrack.models import User
from easytrack.pages.confirm import ConfirmState
from easytrack.pages.recover import RecoverState
from easytrack.pages.register import RegisterState
from tests.app.conftest import app_db, call, new_tab, substate  # noqa: F401  (app_db: fixture)
from tests.factories import fast_hashing  # noqa: F401  (fixture)
from tests.isolation.drive import claim_route
from tests.smtp import body, free_port, running_smtp_server

EMAIL = "smtp.down@example.org"


def _point_mail_at(monkeypatch, port: int) -> None:
    changed = dataclasses.replace(config.settings, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                  smtp_user=None, smtp_password=None)
    monkeypatch.setattr(config, "settings", changed)


def _user(engine):
    with engine.connect() as conn:
        return conn.execute(select(User.email, User.is_confirmed).where(User.email == EMAIL)).first()


async def test_registration_with_smtp_down_keeps_the_account_and_resending_works_later(
        app_db, fast_hashing, monkeypatch):  # noqa: F811
    _point_mail_at(monkeypatch, free_port())  # nothing listens there: connection refused
    register = substate(new_tab(), RegisterState)
    await call(register, "submit", {"email": EMAIL, "password": "a long enough password", "display_name": ""})
    assert "could not send the confirmation e-mail" in register.error
    assert register.info == "" and not register.loading
    assert _user(app_db) == (EMAIL, False)  # kept, waiting for confirmation

    with running_smtp_server() as smtp:  # SMTP is back
        _point_mail_at(monkeypatch, smtp.port)
        resend = substate(new_tab(), RecoverState)
        await call(resend, "resend", {"email": EMAIL})
        assert resend.error == "" and EMAIL in resend.info
        for _ in range(200):  # the resend mails in the background, on this event loop
            if smtp.messages:
                break
            await asyncio.sleep(0.05)
        (message,) = smtp.wait_for(1, timeout=1)
    assert message["To"] == EMAIL
    token = re.search(r"token=([A-Za-z0-9_\-]+)", body(message)).group(1)

    root = new_tab()
    claim_route(root, {}, {"token": token})
    confirm = substate(root, ConfirmState)
    await call(confirm, "confirm_account")
    assert confirm.done and confirm.error == ""
    assert _user(app_db) == (EMAIL, True)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_a_mail_server_that_hangs_up_is_reported_like_one_that_is_down(app_db, fast_hashing,
                                                                             monkeypatch):  # noqa: F811
    """A port that accepts and closes at once (a crashed relay behind a proxy) is a MailError too, not a crash."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def hang_up():
        for _ in range(2):
            conn, _ = server.accept()
            conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        _point_mail_at(monkeypatch, server.getsockname()[1])
        register = substate(new_tab(), RegisterState)
        await call(register, "submit", {"email": EMAIL, "password": "a long enough password"})
        assert "could not send the confirmation e-mail" in register.error
        assert _user(app_db) == (EMAIL, False)
    finally:
        server.close()
