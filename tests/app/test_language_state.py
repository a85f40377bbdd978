"""Which language a tab speaks: the account's, else this device's last, else the browser's; switching."""

from __future__ import annotations

from reflex.istate.data import HeaderData, RouterData
from sqlmodel import Session

from easytrack.models import User
from easytrack.pages.login import LoginState
from easytrack.state.auth import AuthState
from tests.app.conftest import call, logged_in_tab, new_tab, substate


def _browser(state, accept_language: str) -> None:
    state.router = RouterData(headers=HeaderData(accept_language=accept_language))


def _language(engine, user_id: int) -> str:
    with Session(engine) as s:
        return s.get(User, user_id).language


async def test_a_visitor_gets_the_browsers_language_and_a_saved_choice_beats_it(app_db):
    auth = substate(new_tab(), AuthState)
    _browser(auth, "ru-RU,ru;q=0.9,en;q=0.8")
    await call(auth, "pick_language")
    assert auth.lang == "ru" and auth.lang_saved == ""  # nothing chosen yet: nothing kept
    other = substate(new_tab(), AuthState)
    _browser(other, "ru-RU,ru;q=0.9")
    other.lang_saved = "en"  # this device last used English
    await call(other, "pick_language")
    assert other.lang == "en"


async def test_the_accounts_language_wins_once_logged_in_and_stays_on_the_device(app_db):
    root, user_id = logged_in_tab(app_db, "lang-account@example.org")
    auth = substate(root, AuthState)
    with Session(app_db) as s:
        s.get(User, user_id).language = "ru"
        s.commit()
    _browser(auth, "en-US,en;q=0.9")
    await call(auth, "pick_language")
    assert auth.lang == "en"
    await call(auth, "check_login")
    assert auth.lang == "ru" and auth.lang_saved == "ru"


async def test_switching_is_immediate_kept_for_the_account_and_junk_is_ignored(app_db):
    root, user_id = logged_in_tab(app_db, "lang-switch@example.org")
    auth = substate(root, AuthState)
    await call(auth, "set_language", "ru")
    assert auth.lang == "ru" and auth.lang_saved == "ru" and _language(app_db, user_id) == "ru"
    for junk in ("de", "RU", "ru-RU", "", None, 7, ["ru"], "../ru"):
        await call(auth, "set_language", junk)
        assert auth.lang == "ru" and _language(app_db, user_id) == "ru", junk
    await call(auth, "set_language", "en")
    assert auth.lang == "en" and _language(app_db, user_id) == "en"


async def test_a_logged_out_visitor_can_switch_and_nothing_is_stored_for_anyone(app_db):
    auth = substate(new_tab(), AuthState)
    auth.session_token = "not-a-session"
    await call(auth, "set_language", "ru")
    assert auth.lang == "ru" and auth.lang_saved == "ru"


async def test_a_refused_login_is_explained_in_the_pages_language(app_db):
    root = new_tab()
    login = substate(root, LoginState)
    substate(root, AuthState).lang = "ru"
    login.lang = "ru"
    await call(login, "submit", {"email": "nobody@example.org", "password": "wrong password"})
    assert login.error == "Неверный адрес эл. почты или пароль."


async def test_switching_rewrites_the_texts_the_server_made_for_an_open_page(app_db):
    from easytrack.pages.grid import GridState
    from easytrack.services import habits

    root, user_id = logged_in_tab(app_db, "lang-grid@example.org")
    with Session(app_db) as s:
        habits.create_habit(s, user_id=user_id, name="Read")
        s.commit()
    grid = substate(root, GridState)
    await call(grid, "load")
    await call(grid, "set_view", "month")
    english = grid.title
    await call(substate(root, AuthState), "set_language", "ru")
    assert grid.title != english and not any(c.isascii() and c.isalpha() for c in grid.title), grid.title


async def test_a_russian_reader_confirms_deleting_the_account_with_the_russian_word(app_db):
    from easytrack.pages.settings import SettingsState
    from tests.factories import PASSWORD

    root, user_id = logged_in_tab(app_db, "lang-delete@example.org")
    settings = substate(root, SettingsState)
    substate(root, AuthState).lang = "ru"
    await call(settings, "delete_account", {"confirm": "delete", "delete_password": PASSWORD})
    assert settings.error == "Введите УДАЛИТЬ для подтверждения." and _language(app_db, user_id) == ""
    await call(settings, "delete_account", {"confirm": "УДАЛИТЬ", "delete_password": PASSWORD})
    with Session(app_db) as s:
        assert s.get(User, user_id) is None
