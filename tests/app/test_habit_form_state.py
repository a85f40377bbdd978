"""The habit dialog's measurable target: any "per N days" period Loop has, stored and shown back."""

from __future__ import annotations

from sqlalchemy import select

from easytrack.models import Habit
from easytrack.pages.habits import HabitsState
from tests.app.conftest import call, logged_in_tab, substate

COFFEE = {"name": "Coffee", "measurable": "on", "unit": "cups", "target_value": "2", "target_direction": "at_most"}


def _stored(engine, name: str):
    with engine.connect() as conn:
        return conn.execute(select(Habit.target_period, Habit.target_direction).where(Habit.name == name)).first()


async def test_a_target_per_n_days_is_stored_and_shown_back_in_the_dialog(app_db):
    root, _ = logged_in_tab(app_db, "form@example.org")
    state = substate(root, HabitsState)
    await call(state, "save_habit", {**COFFEE, "target_period": "days", "target_days": "2"})
    assert state.error == ""
    assert tuple(_stored(app_db, "Coffee")) == ("days:2", "at_most")
    habit_id = next(h["id"] for h in state.habits if h["name"] == "Coffee")
    await call(state, "open_edit", habit_id)
    assert (state.editing["target_period"], state.editing["target_days"]) == ("days", "2")


async def test_a_week_target_keeps_its_name_and_a_bad_number_of_days_saves_nothing(app_db):
    root, _ = logged_in_tab(app_db, "form2@example.org")
    state = substate(root, HabitsState)
    await call(state, "save_habit", {**COFFEE, "target_period": "week", "target_days": "9"})
    assert tuple(_stored(app_db, "Coffee")) == ("week", "at_most")
    for bad in ("0", "366", "", "two"):
        await call(state, "save_habit", {**COFFEE, "name": "Tea", "target_period": "days", "target_days": bad})
        assert "N days" in state.error
        assert _stored(app_db, "Tea") is None
