"""Languages on the account pages, through the real handlers: a new account takes the page's language and its
locale's first weekday, the confirmation mail goes out in that language, and switching language in the
settings is immediate, keeps every other setting and re-makes the server's texts."""

from __future__ import annotations

import pytest
from reflex.istate.data import RouterData
from sqlmodel import Session, select

from easytrack import config
from easytrack.models import User
from easytrack.pages.recover import RecoverState
from easytrack.pages.register import RegisterState
from easytrack.pages.settings import SettingsState
from easytrack.services import account_mail
from easytrack.state.auth import AuthState
from tests.app.conftest import call, logged_in_tab, new_tab, substate
from tests.app.test_abuse_state import settle
from tests.factories import PASSWORD, fast_hashing  # noqa: F401  (fixture)
from tests.smtp import body

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def mail(app_db, smtp_server, monkeypatch):
    monkeypatch.setattr(config, "settings", config.load(smtp_server.env()))
    monkeypatch.setattr(account_mail, "settings", config.settings)
    return smtp_server


def register_tab(accept_language: str, ip: str = "192.0.2.50"):
    root = new_tab()
    state = substate(root, RegisterState)
    state.router = RouterData.from_router_data({"pathname": "/register", "asPath": "/register", "ip": ip,
                                                "headers": {"accept-language": accept_language}})
    return root, state


def stored(engine, email: str) -> User:
    with Session(engine) as session:
        return session.exec(select(User).where(User.email == email)).one()


async def register(state, email: str) -> None:
    await call(state, "pick_language")
    await call(state, "submit", {"email": email, "password": "a fine long password"})


@pytest.mark.parametrize(("accept", "language", "weekday"), [
    ("en-US,en;q=0.9", "en", 6),          # the US start their weeks on Sunday
    ("en-GB,en;q=0.9", "en", 0),
    ("ru-RU,ru;q=0.9,en;q=0.8", "ru", 0),
    ("de-DE,ru;q=0.5", "ru", 0),          # the first of the browser's languages we have
])
async def test_a_new_account_gets_the_pages_language_and_its_locales_first_weekday(mail, app_db, accept, language,
                                                                                    weekday):
    _, state = register_tab(accept)
    await register(state, "new@example.org")
    assert state.error == ""
    user = stored(app_db, "new@example.org")
    assert (user.language, user.first_weekday) == (language, weekday)


async def test_a_visitor_who_switched_to_russian_registers_a_russian_account_and_gets_a_russian_mail(mail, app_db):
    _, state = register_tab("en-US,en;q=0.9")
    await call(state, "pick_language")
    await call(state, "set_language", "ru")
    await call(state, "submit", {"email": "ru@example.org", "password": "a fine long password"})
    assert state.info == ("Проверьте почту: если адрес ru@example.org у нас впервые, мы отправили на него ссылку "
                          "для подтверждения аккаунта.")
    assert stored(app_db, "ru@example.org").language == "ru"
    [message] = mail.wait_for(1)
    assert message["Subject"] == "Подтвердите аккаунт easytrack"
    assert "Ссылка действует 24 часа" in body(message) and "/confirm?token=" in body(message)


async def test_registration_errors_are_in_the_pages_language(mail, app_db):
    _, state = register_tab("ru-RU,ru")
    await call(state, "pick_language")
    await call(state, "submit", {"email": "x@example.org", "password": "short"})
    assert state.error == "Пароль должен быть не короче 8 символов."


async def test_a_reset_link_goes_out_in_the_accounts_language_whoever_asks(mail, app_db):
    _, russian = register_tab("ru-RU,ru")
    await register(russian, "olga@example.org")
    mail.wait_for(1)
    root = new_tab()
    recover = substate(root, RecoverState)
    recover.router = RouterData.from_router_data({"pathname": "/forgot", "asPath": "/forgot", "ip": "198.51.100.7",
                                                  "headers": {"accept-language": "en-US"}})
    await call(recover, "pick_language")
    await call(recover, "forgot", {"email": "olga@example.org"})
    await settle()
    assert recover.info.startswith("If olga@example.org has an account")  # the asker's language
    message = mail.wait_for(2)[-1]
    assert message["Subject"] == "Выберите новый пароль для easytrack"  # the owner's


async def loaded_settings(app_db, email: str = "me@example.org"):
    root, user_id = logged_in_tab(app_db, email)
    state = substate(root, SettingsState)
    await call(substate(root, AuthState), "check_login")
    await call(state, "load")
    return root, state, user_id


async def test_switching_to_russian_in_the_settings_is_immediate_and_keeps_the_other_settings(app_db):
    root, state, _ = await loaded_settings(app_db)
    await call(state, "save_profile", {"display_name": "Me", "timezone": "Europe/Moscow", "first_weekday": "6"})
    before = (state.timezone, state.first_weekday, state.profile_name)
    assert dict(state.weekdays)["0"] == "Monday"
    assert dict(state.timezones)["Europe/Moscow"] == "Moscow (Europe/Moscow)"

    await call(substate(root, AuthState), "set_language", "ru")
    await call(state, "relabel")
    assert state.lang == "ru" and state.lang_saved == "ru"
    assert (state.timezone, state.first_weekday, state.profile_name) == before
    assert [name for _, name in state.weekdays] == ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница",
                                                    "Суббота", "Воскресенье"]
    assert dict(state.timezones)["Europe/Moscow"] == "Москва (Europe/Moscow)"
    assert state.info == "" and state.error == ""
    user = stored(app_db, "me@example.org")
    assert (user.language, user.timezone, user.first_weekday, user.display_name) == ("ru", "Europe/Moscow", 6, "Me")

    await call(state, "save_profile", {"display_name": "Me", "timezone": "Nowhere/Else", "first_weekday": "6"})
    assert state.error == "Выберите часовой пояс из списка."
    await call(state, "change_password", {"new_password": "one long phrase", "new_password_again": "another"})
    assert state.error == "Новые пароли не совпадают."

    await call(substate(root, AuthState), "set_language", "en")
    await call(state, "relabel")
    assert dict(state.weekdays)["6"] == "Sunday" and state.error == ""
    assert stored(app_db, "me@example.org").language == "en"


async def test_the_account_language_is_the_pages_on_the_next_visit_from_any_browser(app_db):
    root, state, _ = await loaded_settings(app_db)
    await call(substate(root, AuthState), "set_language", "ru")
    other = new_tab()
    other_auth = substate(other, AuthState)
    other_auth.session_token = substate(root, AuthState).session_token
    await call(other_auth, "check_login")
    assert other_auth.lang == "ru"
    other_settings = substate(other, SettingsState)
    await call(other_settings, "load")
    assert dict(other_settings.weekdays)["0"] == "Понедельник"


@pytest.mark.parametrize("code", ["de", "RU", "ru-RU", "", None, 1, ["ru"], {"code": "ru"}])
async def test_a_language_we_do_not_have_changes_nothing(app_db, code):
    root, state, _ = await loaded_settings(app_db)
    await call(substate(root, AuthState), "set_language", code)
    await call(state, "relabel")
    assert state.lang == "en" and dict(state.weekdays)["0"] == "Monday"
    assert stored(app_db, "me@example.org").language == ""


async def test_a_logged_out_visitor_switches_the_page_without_touching_any_account(app_db):
    root = new_tab()
    auth = substate(root, AuthState)
    await call(auth, "set_language", "ru")
    assert (auth.lang, auth.lang_saved) == ("ru", "ru")
    with Session(app_db) as session:
        assert session.exec(select(User)).all() == []


async def test_the_email_change_link_goes_out_in_the_language_of_the_settings_page(mail, app_db):
    root, state, _ = await loaded_settings(app_db)
    await call(substate(root, AuthState), "set_language", "ru")
    await call(state, "change_email", {"new_email": "new.me@example.org", "email_password": PASSWORD})
    await settle()
    assert state.info == "Мы отправили ссылку на new.me@example.org. Адрес сменится, когда вы её откроете."
    [message] = mail.wait_for(1)
    assert message["To"] == "new.me@example.org"
    assert message["Subject"] == "Подтвердите новый адрес эл. почты для easytrack"
    assert "/confirm-email?token=" in body(message)
