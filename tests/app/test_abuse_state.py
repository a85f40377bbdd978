"""Floods through the real handlers, at small scale, with a real SMTP server: each is bounded."""

from __future__ import annotations

import asyncio
import time

import pytest
from reflex.istate.data import RouterData
from sqlalchemy import func, select

from easytrack import config, db
from easytrack.models import ApiToken, User
from easytrack.pages.login import LoginState
from easytrack.pages.recover import RecoverState
from easytrack.pages.register import RegisterState
from easytrack.pages.settings import SettingsState
from easytrack.services import account_mail, api_tokens, passwords, ratelimits
from easytrack.services.errors import Busy
from easytrack.state.auth import AuthState, utcnow
from tests.app.conftest import account, call, logged_in_tab, new_tab, substate
from tests.factories import PASSWORD, fast_hashing  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def mail(app_db, smtp_server, monkeypatch):
    monkeypatch.setattr(config, "settings", config.load(smtp_server.env()))
    monkeypatch.setattr(account_mail, "settings", config.settings)
    return smtp_server


def tab_from(ip: str, cls, path: str = "/"):
    root = new_tab()
    state = substate(root, cls)
    state.router = RouterData.from_router_data({"pathname": path, "asPath": path, "ip": ip})
    return root, state


async def settle() -> None:
    """Let the background mails go out."""
    while account_mail._background:
        await asyncio.gather(*list(account_mail._background), return_exceptions=True)


def hashes_counted(monkeypatch) -> list[int]:
    calls = [0]
    real = passwords.hash_password

    def counting(password):
        calls[0] += 1
        return real(password)

    monkeypatch.setattr(passwords, "hash_password", counting)
    return calls


async def test_a_registration_flood_from_one_address_is_cut_off_before_hashing(mail, app_db, monkeypatch):
    hashed = hashes_counted(monkeypatch)
    _, state = tab_from("203.0.113.9", RegisterState)
    for n in range(30):
        await call(state, "submit", {"email": f"bot{n}@example.org", "password": "a fine long password"})
    assert hashed[0] == ratelimits.REGISTER.per_address == 10
    assert "Too many requests" in state.error
    with app_db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(User)).scalar_one() == 10
    assert len(mail.messages) == 10


async def test_registering_someone_elses_address_again_and_again_mails_them_at_most_three_times(mail, app_db):
    account(app_db, "victim@example.org")
    for n in range(20):  # from 20 addresses, so the per-address limit never applies
        _, state = tab_from(f"192.0.2.{n}", RegisterState)
        await call(state, "submit", {"email": "victim@example.org", "password": "a fine long password"})
    assert len(mail.messages) == ratelimits.REGISTER.per_account == 3


async def test_forgot_and_resend_floods_mail_a_recipient_at_most_five_times_an_hour(mail, app_db):
    account(app_db, "victim@example.org")
    for n in range(3):  # each form's own per-account limit, from different addresses: 6 mails asked for
        _, state = tab_from(f"192.0.2.{n}", RecoverState)
        await call(state, "forgot", {"email": "victim@example.org"})
    for n in range(3):
        _, state = tab_from(f"198.51.100.{n}", RegisterState)
        await call(state, "submit", {"email": "victim@example.org", "password": "a fine long password"})
    await settle()
    assert len(mail.messages) == ratelimits.MAILS_PER_RECIPIENT == 5
    assert state.error == "" and state.info.startswith("Check your inbox")  # as usual: nothing tells


async def test_forgot_is_limited_per_address_with_the_same_answer_for_unknown_accounts(mail, app_db):
    account(app_db, "real@example.org")
    answers = []
    for email in ("real@example.org", "nobody@example.org"):
        _, state = tab_from("203.0.113.10", RecoverState)
        for _ in range(4):
            await call(state, "forgot", {"email": email})
        answers.append(state.error)
    assert answers[0] == answers[1] and answers[0].startswith("Too many requests")


async def test_email_change_says_the_same_for_a_taken_address_and_sends_it_nothing(mail, app_db):
    account(app_db, "taken@example.org")
    root, _ = logged_in_tab(app_db, "me@example.org")
    settings_state = substate(root, SettingsState)
    infos = []
    for address in ("taken@example.org", "free@example.org"):
        await call(settings_state, "change_email", {"new_email": address, "email_password": PASSWORD})
        infos.append(settings_state.info.replace(address, "ADDRESS"))
    await settle()
    assert infos[0] == infos[1] and settings_state.error == ""
    assert [m["To"] for m in mail.messages] == ["free@example.org"]


async def test_a_password_change_revokes_api_tokens_unless_asked_to_keep_them(app_db):
    root, user_id = logged_in_tab(app_db, "me@example.org")
    state = substate(root, SettingsState)
    await db.run(api_tokens.create_token, user_id=user_id, name="backup", now=utcnow())
    form = {"current_password": PASSWORD, "new_password": "a new long password", "new_password_again":
            "a new long password", "keep_api_tokens": "on"}
    await call(state, "change_password", form)
    assert "API tokens are kept" in state.info
    with app_db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ApiToken)).scalar_one() == 1
    await call(state, "change_password", {**form, "current_password": "a new long password", "keep_api_tokens": ""})
    assert "API tokens are revoked" in state.info
    with app_db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ApiToken)).scalar_one() == 0


async def test_deleting_the_account_cannot_be_used_to_guess_its_password(app_db):
    root, _ = logged_in_tab(app_db, "me@example.org")
    state = substate(root, SettingsState)
    for _ in range(5):
        await call(state, "delete_account", {"confirm": "DELETE", "delete_password": "wrong guess!"})
    await call(state, "delete_account", {"confirm": "DELETE", "delete_password": PASSWORD})
    assert state.error.startswith("Too many failed attempts")
    with app_db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(User)).scalar_one() == 1


async def test_a_login_keeps_a_device_token_that_spares_it_from_others_failures(app_db):
    account(app_db, "me@example.org")
    root, login = tab_from("203.0.113.5", LoginState, "/login")
    await call(login, "submit", {"email": "me@example.org", "password": PASSWORD})
    device = substate(root, AuthState).device_tokens
    assert device and substate(root, AuthState).session_token
    for n in range(12):  # someone else, from other addresses
        _, other = tab_from(f"192.0.2.{n}", LoginState, "/login")
        await call(other, "submit", {"email": "me@example.org", "password": "wrong guess!"})
    _, stranger = tab_from("198.51.100.7", LoginState, "/login")
    await call(stranger, "submit", {"email": "me@example.org", "password": PASSWORD})
    assert stranger.error.startswith("Too many failed attempts")
    root2, again = tab_from("198.51.100.7", LoginState, "/login")
    substate(root2, AuthState).device_tokens = device
    await call(again, "submit", {"email": "me@example.org", "password": PASSWORD})
    assert again.error == "" and substate(root2, AuthState).session_token


async def test_database_calls_do_not_wait_behind_a_queue_of_password_hashes(app_db, monkeypatch):
    monkeypatch.setattr(passwords, "context", passwords.CryptContext(schemes=["argon2"]))  # the real cost

    def slow_hash(_session):
        passwords.hash_password("a fine long password")

    hashing = [asyncio.ensure_future(db.run_hashing(slow_hash))
               for _ in range(db.HASHING_THREADS + db.MAX_HASHING_QUEUE)]
    await asyncio.sleep(0.05)
    with pytest.raises(Busy):  # one more than the queue holds: refused at once
        await db.run_hashing(slow_hash)
    latencies = []
    for _ in range(10):
        start = time.perf_counter()
        await db.run(lambda s: s.execute(select(1)).scalar_one())
        latencies.append(time.perf_counter() - start)
    assert not all(task.done() for task in hashing)  # the hashes were still queued meanwhile
    await asyncio.gather(*hashing)
    assert max(latencies) < 0.5, latencies  # a 0.1-0.5 s hash each, 17 queued: seconds if the pool were shared
