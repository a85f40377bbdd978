"""One founding admin however the first registrations race (SQLite and PostgreSQL), and which mails are bulk:
reminders carry RFC 8058 one-click unsubscribe headers that work; account mails carry none."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from easytrack import config, db
from easytrack.db import session_scope
from easytrack.models import User
from easytrack.reminders import scheduler
from easytrack.services import app_settings, reminders
from easytrack.services.account_mail import send_reset
from easytrack.web.unsubscribe import unsubscribe_route
from tests.factories import fast_hashing, make_user  # noqa: F401
from tests.integration.test_reminders import at, habit, user_with
from tests.smtp import body

pytestmark = pytest.mark.usefixtures("fast_hashing")
RACERS = 4


def _admins(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(User).where(User.is_admin.is_(True))).scalar_one()


def test_two_first_registrations_at_the_same_instant_make_one_admin(engine, monkeypatch):
    start = threading.Barrier(RACERS)
    counted = threading.Barrier(RACERS, timeout=3)
    real_count = app_settings.user_count

    def count_then_wait(session):
        n = real_count(session)
        if engine.dialect.name == "postgresql":  # hold the race window open: every racer has counted 1
            counted.wait()
        return n

    monkeypatch.setattr(app_settings, "user_count", count_then_wait)
    errors: list[BaseException] = []

    def racer(n: int) -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                app_settings.register_account(session, email=f"first{n}@example.org", password="a fine long password",
                                              now=datetime.now(timezone.utc), default_open=True)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(User)).scalar_one() == RACERS  # nobody lost
    assert _admins(engine) == 1


def test_the_database_refuses_a_second_founder(engine):
    with Session(engine) as session:
        make_user(session, email="a@example.org", founder=True, is_admin=True)
        with pytest.raises(IntegrityError):
            make_user(session, email="b@example.org", founder=True, is_admin=True)


def test_further_admins_are_not_founders(engine):
    with Session(engine) as session:
        make_user(session, email="a@example.org", founder=True, is_admin=True)
        make_user(session, email="b@example.org", is_admin=True)  # e.g. create-user --admin
    assert _admins(engine) == 2


# --- bulk or not --------------------------------------------------------------------------------------------


@pytest.fixture
def smtp_settings(smtp_server, monkeypatch):
    monkeypatch.setattr(config, "settings", config.load({**smtp_server.env(),
                                                         "EASYTRACK_BASE_URL": "https://habits.example.org"}))
    return smtp_server


def test_reminders_carry_one_click_unsubscribe_headers(engine, smtp_settings):
    user = user_with(engine)
    habit(engine, user, "Read")
    assert scheduler.run_once(at(8), bind=engine) == 1
    [message] = smtp_settings.wait_for(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"]
    assert link.startswith("<https://habits.example.org/_unsubscribe?token=") and link.endswith(">")
    assert link[1:-1].split("token=")[1] in body(message)  # the same token as the link in the text


def test_the_one_click_post_unsubscribes_and_a_get_only_shows_the_page(engine, smtp_settings, monkeypatch):
    monkeypatch.setattr(db, "engine", lambda: engine)
    user = user_with(engine)
    habit(engine, user, "Read")
    scheduler.run_once(at(8), bind=engine)
    [message] = smtp_settings.wait_for(1)
    path = message["List-Unsubscribe"][1:-1].removeprefix("https://habits.example.org")
    client = TestClient(Starlette(routes=[unsubscribe_route()]))
    shown = client.get(path, follow_redirects=False)
    assert shown.status_code == 303 and shown.headers["location"].startswith("/unsubscribe?token=")
    with session_scope(engine) as session:
        assert not reminders.get_settings(session, user_id=user).unsubscribed  # a scanner's GET does nothing
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    with session_scope(engine) as session:
        assert reminders.get_settings(session, user_id=user).unsubscribed
    assert client.post("/_unsubscribe?token=forged").status_code == 404


async def test_account_mails_are_transactional_and_carry_no_unsubscribe(engine, smtp_settings, monkeypatch):
    monkeypatch.setattr(db, "engine", lambda: engine)
    from easytrack.services import account_mail

    monkeypatch.setattr(account_mail, "settings", config.settings)
    await send_reset("a@example.org", "t" * 43)
    [message] = smtp_settings.wait_for(1)
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
