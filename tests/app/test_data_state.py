"""The data page's state: a checked file shows its plan, the merge switch changes it, Import writes it;
a tab can only import its own user's checked file."""

from __future__ import annotations

import json

from sqlmodel import Session

from easytrack.pages.data import DataState
from easytrack.services import habits
from tests.app.conftest import call, logged_in_tab, substate
from tests.isolation.arguments import upload

FILE = json.dumps({"user_email": "x", "habits": [
    {"id": "1", "name": "gym", "records": [{"day": "2026-03-01"}]}, {"id": "2", "name": "Yoga"}]}).encode()


def _tab(engine, email: str):
    root, user_id = logged_in_tab(engine, email)
    with Session(engine) as session:
        habits.create_habit(session, user_id=user_id, name="Gym")
        session.commit()
    return substate(root, DataState), user_id


def _names(engine, user_id: int) -> list[str]:
    with Session(engine) as session:
        return [h.name for h in habits.list_habits(session, user_id=user_id)]


async def test_a_checked_file_shows_its_plan_and_import_writes_it(app_db):
    data, user_id = _tab(app_db, "ann@example.org")
    await call(data, "handle_upload", [upload("beaver.json", FILE)])
    assert data.error == "" and "Will be merged into your habit of the same name: “Gym”" in data.preview
    assert _names(app_db, user_id) == ["Gym"]  # nothing written yet
    await call(data, "set_merge", False)
    assert "Will be renamed: “gym” → “gym (2)” (you already have a habit of this name)" in data.preview
    await call(data, "set_merge", True)
    await call(data, "apply_import")
    assert data.error == "" and not data.importing and data.preview == []
    assert "Merged into your habit of the same name: “Gym”" in data.summary
    assert _names(app_db, user_id) == ["Gym", "Yoga"]
    await call(data, "apply_import")  # the checked file is used up: nothing happens
    assert _names(app_db, user_id) == ["Gym", "Yoga"]


async def test_a_tab_holding_another_users_checked_file_cannot_import_it(app_db):
    ann, _ = _tab(app_db, "ann@example.org")
    await call(ann, "handle_upload", [upload("beaver.json", FILE)])
    bob, bob_id = _tab(app_db, "bob@example.org")
    bob._pending_file = ann._pending_file  # a server-held token planted into Bob's tab
    await call(bob, "apply_import")
    assert bob.error == "The checked file is no longer here; choose it again."
    assert _names(app_db, bob_id) == ["Gym"]


async def test_cancel_forgets_the_checked_file(app_db):
    data, user_id = _tab(app_db, "ann@example.org")
    await call(data, "handle_upload", [upload("beaver.json", FILE)])
    await call(data, "cancel_import")
    assert (data.preview, data._pending_file) == ([], "")
    await call(data, "apply_import")
    assert _names(app_db, user_id) == ["Gym"]
