"""The admin page's handlers, called like crafted websocket messages: a non-admin changes and sees nothing,
an admin's hostile payloads change nothing; plus the reminder settings and unsubscribe pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from easytrack.models import AppSetting, AuthSession, Habit, HabitReminder, User
from easytrack.pages.admin import AdminState
from easytrack.pages.register import RegisterState
from easytrack.pages.reminders import RemindersState
from easytrack.pages.unsubscribe import UnsubscribeState
from easytrack.services import reminders
from tests.app.conftest import account, call, logged_in_tab, new_tab, substate

HANDLERS = [
    ("load", ()),
    ("set_disabled", ("VICTIM", True)),
    ("ask_delete", ("VICTIM",)),
    ("confirm_delete", ()),
    ("save_registration", ({"registration": "closed", "max_users": "1"},)),
]
HOSTILE = [None, "1", -1, 2**80, {"id": 1}, [1], True, 1.5, "x" * 100_000]


def snapshot(engine) -> tuple:
    with Session(engine) as session:
        users = session.exec(select(User.id, User.is_disabled, User.is_admin).order_by(User.id)).all()
        sessions = session.exec(select(func.count()).select_from(AuthSession)).one()[0]
        settings = session.exec(select(AppSetting.key, AppSetting.value)).all()
    return [tuple(u) for u in users], sessions, [tuple(s) for s in settings]


def _args(args: tuple, victim: int) -> tuple:
    return tuple(victim if a == "VICTIM" else a for a in args)


@pytest.fixture
def world(app_db):
    """An admin's tab, a plain user's tab, and a victim account with a session."""
    boss, boss_id = logged_in_tab(app_db, "boss@example.org")
    with Session(app_db) as session:
        session.get(User, boss_id).is_admin = True
        session.commit()
    mallory, _ = logged_in_tab(app_db, "mallory@example.org")
    victim, _token = account(app_db, "victim@example.org")
    return boss, boss_id, mallory, victim


@pytest.mark.parametrize(("name", "args"), HANDLERS)
async def test_a_non_admin_changes_and_sees_nothing(app_db, world, name, args):
    _boss, _, mallory, victim = world
    state = substate(mallory, AdminState)
    state.allowed, state._pending_id, state.users = True, victim, [{"id": victim, "me": False, "email": "v"}]
    before = snapshot(app_db)
    await call(state, name, *_args(args, victim))
    await call(state, "confirm_delete")
    assert snapshot(app_db) == before
    assert not state.allowed or name == "ask_delete"
    assert all(u.get("email") != "boss@example.org" for u in state.users)


@pytest.mark.parametrize(("name", "args"), HANDLERS)
async def test_a_logged_out_tab_changes_nothing(app_db, world, name, args):
    *_, victim = world
    state = substate(new_tab(), AdminState)
    before = snapshot(app_db)
    await call(state, name, *_args(args, victim))
    assert snapshot(app_db) == before and state.users == []


async def test_a_demoted_admin_is_refused_although_its_tab_still_says_admin(app_db, world):
    boss, boss_id, _, victim = world
    state = substate(boss, AdminState)
    await call(state, "load")
    assert state.allowed and state.is_admin is not None
    with Session(app_db) as session:
        session.get(User, boss_id).is_admin = False
        session.commit()
    before = snapshot(app_db)
    await call(state, "set_disabled", victim, True)
    assert snapshot(app_db) == before and not state.allowed and state.users == []


@pytest.mark.parametrize("value", HOSTILE)
async def test_hostile_ids_and_flags_from_an_admin_change_nothing(app_db, world, value):
    boss, *_ = world
    state = substate(boss, AdminState)
    await call(state, "load")
    before = snapshot(app_db)
    await call(state, "set_disabled", value, True)
    if not isinstance(value, bool):  # True / False are the valid flags
        await call(state, "set_disabled", 3, value)
    await call(state, "ask_delete", value)
    await call(state, "confirm_delete")
    await call(state, "save_registration", value)
    assert snapshot(app_db) == before


async def test_an_admin_disables_deletes_and_closes_registration(app_db, world):
    boss, boss_id, _, victim = world
    state = substate(boss, AdminState)
    await call(state, "load")
    assert [u["email"] for u in state.users] == ["boss@example.org", "mallory@example.org", "victim@example.org"]
    await call(state, "set_disabled", boss_id, True)
    assert "your own account" in state.error
    await call(state, "set_disabled", victim, True)
    assert next(u for u in state.users if u["id"] == victim)["disabled"]
    assert snapshot(app_db)[1] == 2  # the victim's session is gone
    await call(state, "ask_delete", victim)
    assert state.pending_email == "victim@example.org"
    await call(state, "confirm_delete")
    assert state.info.startswith("Deleted victim@example.org") and len(state.users) == 2
    await call(state, "save_registration", {"registration": "closed", "max_users": "5"})
    assert (state.registration_open, state.max_users) == (False, "5")
    register = substate(new_tab(), RegisterState)
    await call(register, "load_policy")
    assert register.registration_open is False
    await call(register, "submit", {"email": "new@example.org", "password": "a long password"})
    assert "closed" in register.error


async def test_reminder_settings_are_saved_for_the_callers_own_habits_only(app_db, world):
    _, _, mallory, victim = world
    with Session(app_db) as session:
        theirs = Habit(user_id=victim, name="Theirs", name_key="theirs")
        session.add(theirs)
        session.flush()
        their_reminder = HabitReminder(habit_id=theirs.id, user_id=victim, minute=6 * 60)
        session.add(their_reminder)
        session.commit()
        theirs_id, their_reminder_id = theirs.id, their_reminder.id
    state = substate(mallory, RemindersState)
    await call(state, "load")
    await call(state, "save", {"digest_enabled": "on", "digest_time": "07:30"})
    assert (state.error, state.digest_enabled, state.digest_time) == ("", True, "07:30")
    await call(state, "add_reminder", {"habit_id": str(theirs_id), "time": "05:00", "day-0": "on"})
    assert state.row_error == "That habit no longer exists."
    await call(state, "update_reminder", {"reminder_id": str(their_reminder_id), "time": "05:00", "day-0": "on"})
    assert "no longer exists" in state.row_error
    await call(state, "remove_reminder", their_reminder_id)
    assert "no longer exists" in state.error
    with Session(app_db) as session:
        [kept] = session.execute(select(HabitReminder).where(HabitReminder.habit_id == theirs_id)).scalars().all()
        assert (kept.id, kept.minute) == (their_reminder_id, 6 * 60)
    for hostile in (None, [1], {"digest_time": {"x": 1}}, {"digest_time": "25:00"}):
        await call(state, "save", hostile)
        assert state.error
    for hostile in (None, [1], {"habit_id": {"x": 1}}, {f"k{i}": "on" for i in range(500)}):
        await call(state, "add_reminder", hostile)
        assert state.error or state.row_error


async def test_a_user_adds_edits_and_removes_several_reminders_of_a_habit(app_db):
    tab, me = logged_in_tab(app_db, "planner@example.org")
    with Session(app_db) as session:
        mine = Habit(user_id=me, name="Mine", name_key="mine")
        session.add(mine)
        session.commit()
        mine_id = mine.id
    state = substate(tab, RemindersState)
    await call(state, "load")
    days = {f"day-{d}": "on" for d in range(5)}
    await call(state, "add_reminder", {"habit_id": str(mine_id), "time": "07:00", **days, "via-push": "on"})
    await call(state, "add_reminder", {"habit_id": str(mine_id), "time": "21:00", "day-6": "on", "via-email": "on"})
    assert (state.row_error, state.row_info, state.row_at) == ("", "Reminder added.", f"new-{mine_id}")
    [habit] = [h for h in state.habits if h["id"] == mine_id]
    assert [(r["time"], r["days"], r["via"]) for r in habit["reminders"]] == [
        ("07:00", [True] * 5 + [False] * 2, ["push"]), ("21:00", [False] * 6 + [True], ["email"])]
    # Refused: a duplicate time, no weekday, a bad time; the row says why and nothing changes.
    for form, error in (({"time": "07:00", "day-1": "on"}, "This habit already has a reminder at 07:00."),
                        ({"time": "08:00"}, "Choose at least one weekday."),
                        ({"time": "8 am", "day-1": "on"}, "Enter a time such as 07:30.")):
        await call(state, "add_reminder", {"habit_id": str(mine_id), **form})
        assert (state.row_at, state.row_error) == (f"new-{mine_id}", error)
    first = habit["reminders"][0]["id"]
    await call(state, "update_reminder", {"reminder_id": str(first), "time": "06:30", "day-0": "on"})
    assert (state.row_at, state.row_info) == (f"r-{first}", "Reminder saved.")
    await call(state, "remove_reminder", first)
    assert state.info == "Reminder removed."
    [habit] = [h for h in state.habits if h["id"] == mine_id]
    assert [r["time"] for r in habit["reminders"]] == ["21:00"]


async def test_the_unsubscribe_page_needs_no_login_and_refuses_bad_tokens(app_db, world):
    *_, victim = world
    with Session(app_db) as session:
        token = reminders.unsubscribe_token(session, user_id=victim)
        session.commit()
    for bad, ok in (("nope", False), (token, True)):
        tab = new_tab()
        page = substate(tab, UnsubscribeState)
        tab.router_data = {}
        page.router = _router_with(page, bad)
        await call(page, "unsubscribe")
        assert page.done is ok and bool(page.error) is not ok
    with Session(app_db) as session:
        assert session.get(User, victim).reminders_unsubscribed_at is not None


def _router_with(state, token: str):
    from reflex.istate.data import RouterData

    return RouterData.from_router_data({"pathname": "/unsubscribe", "asPath": f"/unsubscribe?token={token}",
                                        "query": {"token": token}})
