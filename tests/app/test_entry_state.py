"""The day-entry form: a measurable habit's form preselects nothing; a dialog never follows to another page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.pages.grid import GridState
from easytrack.pages.home import HomeState
from easytrack.services import habits
from easytrack.state.auth import utcnow
from easytrack.state.entry import EntryState, entry_values
from tests.app.conftest import call, logged_in_tab, substate


def test_an_amount_alone_is_the_days_entry_of_a_measurable_habit():
    assert entry_values({"amount": "4", "note": ""}, True) == {"state": "done", "amount": 4.0, "note": ""}
    assert entry_values({"amount": "2,5", "state": "done", "note": "n"}, True)["amount"] == 2.5
    assert entry_values({"amount": "", "note": ""}, True) == {"state": None, "amount": None, "note": ""}
    assert entry_values({"amount": "4", "state": "skip", "note": ""}, True) == {"state": "skip", "amount": None,
                                                                                 "note": ""}


def test_a_yes_no_habit_still_defaults_to_done_and_bad_input_is_refused():
    assert entry_values({"note": ""}, False)["state"] == "done"
    assert entry_values({"state": "clear", "amount": "4", "note": ""}, False) == {"state": None, "amount": None,
                                                                                  "note": ""}
    for form in ({"state": "maybe"}, {"state": "", "note": ""} | {"amount": 5}, {"note": ["x"]}):
        with pytest.raises(ValueError):
            entry_values(form, True)
    with pytest.raises(ValueError, match="must be a number"):
        entry_values({"amount": "lots", "note": ""}, True)


async def _open_dialog(app_db, email: str):
    root, user_id = logged_in_tab(app_db, email)
    with Session(app_db, expire_on_commit=False) as session:
        _, habit = habits.create_habit(session, user_id=user_id, name="Coffee", measurable=True, unit="cups",
                                       target_value=2, target_direction="at_most")
        session.commit()
    entry = substate(root, EntryState)
    yesterday = today_in_zone(utcnow(), "UTC") - timedelta(days=1)
    await call(entry, "open_entry", habit.id, yesterday.isoformat())
    return root, entry


async def test_the_amount_form_preselects_no_state(app_db):
    _, entry = await _open_dialog(app_db, "amount@example.org")
    assert entry.entry_open and entry.entry["measurable"] and entry.entry["state"] == ""


@pytest.mark.parametrize("page", [HomeState, GridState])
async def test_an_open_day_dialog_is_closed_when_a_page_loads(app_db, page):
    root, entry = await _open_dialog(app_db, f"follow-{page.__name__}@example.org")
    await call(substate(root, page), "load")
    assert not entry.entry_open
    await call(entry, "save_entry", {"amount": "1", "note": ""})  # nothing left to save into
    assert not entry.entry_open and not entry.entry_error
