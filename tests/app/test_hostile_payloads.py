"""Handlers called with what a crafted websocket message could carry fail safely and change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from easytrack.models import CheckIn, Habit, HabitGroup
from easytrack.pages.grid import GridState
from easytrack.pages.habits import HabitsState
from easytrack.pages.login import LoginState
from easytrack.pages.register import RegisterState
from easytrack.state.tracker import TrackerState
from tests.app.conftest import call, logged_in_tab, new_tab, substate
from tests.factories import fast_hashing  # noqa: F401  (fixture)

TODAY = date.today()


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


async def _habit(root, name: str = "Walk") -> int:
    habits = substate(root, HabitsState)
    await call(habits, "save_habit", {"name": name})
    return next(h["id"] for h in habits.habits if h["name"] == name)


HOSTILE_PRESSES = [
    ({"id": 1}, TODAY.isoformat(), "1", "a1"),
    (-5, TODAY.isoformat(), "1", "a1"),
    ("1", TODAY.isoformat(), "1", "a1"),
    (True, TODAY.isoformat(), "1", "a1"),
    (2**80, TODAY.isoformat(), "1", "a1"),
    (None, None, None, None),
    (1, "9999-12-31", "1", "a1"),
    (1, (TODAY + timedelta(days=1)).isoformat(), "1", "a1"),
    (1, "2026-13-45", "1", "a1"),
    (1, "x" * 100_000, "1", "a1"),
    (1, TODAY.isoformat(), "2", "a1"),
    (1, TODAY.isoformat(), ["1"], "a1"),
]


@pytest.mark.parametrize("args", HOSTILE_PRESSES, ids=range(len(HOSTILE_PRESSES)))
async def test_hostile_presses_store_nothing(app_db, args):
    root, _ = logged_in_tab(app_db, "hostile@example.org")
    await _habit(root)
    tracker = substate(root, TrackerState)
    await call(tracker, "set_cell", *args)
    assert _count(app_db, CheckIn) == 0
    assert all(p["e"] for p in tracker.patches)


async def test_a_malformed_request_id_is_not_echoed(app_db):
    root, _ = logged_in_tab(app_db, "echo@example.org")
    habit_id = await _habit(root)
    tracker = substate(root, TrackerState)
    await call(tracker, "set_cell", habit_id, TODAY.isoformat(), "1", {"q": "<script>"})
    assert tracker.patches[-1]["q"] == ""
    assert tracker.patches[-1]["c"] == "1"


async def test_a_press_on_someone_elses_habit_is_refused_and_rolled_back(app_db):
    alice, _ = logged_in_tab(app_db, "alice@example.org")
    alices_habit = await _habit(alice, "Alice's")
    bob, _ = logged_in_tab(app_db, "bob@example.org")
    tracker = substate(bob, TrackerState)
    await call(tracker, "set_cell", alices_habit, TODAY.isoformat(), "1", "b1")
    assert _count(app_db, CheckIn) == 0
    assert tracker.patches[-1]["e"] == "That habit no longer exists."
    assert tracker.patches[-1]["q"] == "b1"


async def test_a_tab_with_an_expired_session_cannot_tick(app_db):
    owner, _ = logged_in_tab(app_db, "owner@example.org")
    habit_id = await _habit(owner)
    stranger = substate(new_tab(), TrackerState)
    stranger.session_token = "not-a-session"
    await call(stranger, "set_cell", habit_id, TODAY.isoformat(), "1", "s1")
    assert _count(app_db, CheckIn) == 0
    assert "log in" in stranger.patches[-1]["e"]


async def test_a_tab_that_lost_its_server_state_rolls_back_and_resyncs(app_db):
    owner, _ = logged_in_tab(app_db, "owner2@example.org")
    habit_id = await _habit(owner)
    lost = substate(new_tab(), TrackerState)  # as after a Redis restart: no session token server-side
    answer = await call(lost, "set_cell", habit_id, TODAY.isoformat(), "1", "s2")
    assert _count(app_db, CheckIn) == 0
    assert lost.patches[-1]["q"] == "s2" and lost.patches[-1]["e"]
    assert "remove_local_storage" in str(answer)


async def test_a_valid_press_is_stored_and_answered_with_a_small_patch(app_db):
    root, _ = logged_in_tab(app_db, "ticker@example.org")
    habit_id = await _habit(root)
    tracker = substate(root, TrackerState)
    await call(tracker, "set_cell", habit_id, TODAY.isoformat(), "1", "ok1")
    assert _count(app_db, CheckIn) == 1
    last = tracker.patches[-1]
    assert (last["h"], last["c"], last["s"], last["q"], last["e"]) == (habit_id, "1", 1, "ok1", "")
    await call(tracker, "set_cell", habit_id, TODAY.isoformat(), "0", "ok2")
    assert _count(app_db, CheckIn) == 0
    assert tracker.patches[-1]["r"] > last["r"]


@pytest.mark.parametrize("handler,args", [
    ("delete_habit", ("x",)), ("delete_habit", (-1,)), ("set_archived", ({"a": 1}, "yes")),
    ("move_habit", (1, 10**9)), ("move_habit", ("1", "up")), ("save_habit", ("not a form",)),
    ("save_habit", ({"name": "x" * 10_000},)), ("save_habit", ({"name": ["list"]},)),
    ("add_group", ({"group_name": ""},)), ("rename_group", (None, None)), ("delete_group", ([],)),
    ("move_group", (1.5, None)), ("open_edit", ({"id": 1},)),
])
async def test_hostile_habit_management_changes_nothing(app_db, handler, args):
    root, _ = logged_in_tab(app_db, "manager@example.org")
    await _habit(root, "Keep me")
    before = (_count(app_db, Habit), _count(app_db, HabitGroup))
    await call(substate(root, HabitsState), handler, *args)
    assert (_count(app_db, Habit), _count(app_db, HabitGroup)) == before


async def test_someone_elses_habit_cannot_be_deleted_renamed_or_archived(app_db):
    alice, _ = logged_in_tab(app_db, "alice2@example.org")
    habit_id = await _habit(alice, "Mine")
    bob = substate(logged_in_tab(app_db, "bob2@example.org")[0], HabitsState)
    await call(bob, "delete_habit", habit_id)
    await call(bob, "set_archived", habit_id, True)
    bob.editing_id = habit_id
    await call(bob, "save_habit", {"name": "Hijacked"})
    assert "no longer exists" in bob.error
    alices = substate(alice, HabitsState)
    await call(alices, "load")
    assert [(h["name"], h["archived"]) for h in alices.habits] == [("Mine", False)]


@pytest.mark.parametrize("form", [None, "x", 5, {"email": ["a"], "password": 5}, {"email": "a" * 100_000},
                                  {"email": "a@example.org", "password": "p" * 100_000}])
async def test_login_with_hostile_forms_answers_with_a_message(app_db, fast_hashing, form):  # noqa: F811
    login = substate(new_tab(), LoginState)
    await call(login, "submit", form)
    assert login.error and not login.session_token


@pytest.mark.parametrize("form", [None, {"email": 5}, {"email": "x@example.org", "password": "short"},
                                  {"email": "x@example.org", "password": "p" * 10_000}])
async def test_register_with_hostile_forms_creates_nothing(app_db, fast_hashing, form):  # noqa: F811
    register = substate(new_tab(), RegisterState)
    await call(register, "submit", form)
    assert register.error
    from easytrack.models import User

    assert _count(app_db, User) == 0


@pytest.mark.parametrize("view", ["year", None, 5, ["month"], "x" * 1000])
async def test_grid_refuses_unknown_views(app_db, view):
    root, _ = logged_in_tab(app_db, "viewer@example.org")
    grid = substate(root, GridState)
    await call(grid, "set_view", view)
    assert grid.view == "recent"


@pytest.mark.parametrize("n", [True, -1, 0, 6, 63, 10**9, "12", None, [8], 8.5])
async def test_grid_refuses_hostile_column_counts(app_db, n):
    root, _ = logged_in_tab(app_db, "fitter@example.org")
    grid = substate(root, GridState)
    await call(grid, "fit", n)
    assert grid.recent_n == 14
