"""Habit reminders through export and import: kept by the JSON export, one reminder on every day from older
exports (a single `reminder_minute`), never duplicated by importing again, and bad ones refused."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from easytrack.models import Habit, HabitReminder
from easytrack.services import channels
from easytrack.services.transfer import import_file
from easytrack.services.transfer.export import export_json
from easytrack.services.transfer.types import ImportFailed
from tests.factories import make_user


def _doc(habits: list[dict]) -> bytes:
    return json.dumps({"format": "easytrack", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",
                       "user": {"timezone": "UTC", "first_weekday": 0}, "groups": [], "habits": habits}).encode()


def _reminders(session, uid: int) -> dict[str, list[tuple[int, int, str]]]:
    rows = session.execute(select(Habit.name, HabitReminder.minute, HabitReminder.weekdays, HabitReminder.channels)
                           .join(Habit, Habit.id == HabitReminder.habit_id).where(HabitReminder.user_id == uid)
                           .order_by(Habit.name, HabitReminder.minute)).all()
    found: dict[str, list[tuple[int, int, str]]] = {}
    for name, minute, mask, keys in rows:
        found.setdefault(name, []).append((minute, mask, keys))
    return found


def test_an_older_export_with_one_reminder_minute_becomes_one_reminder_on_every_day(session, now):
    uid = make_user(session)
    import_file(session, user_id=uid, now=now, data=_doc([
        {"name": "Read", "reminder_minute": 450, "reminder_channels": "push"},
        {"name": "Walk", "reminder_minute": None}]))
    assert _reminders(session, uid) == {"Read": [(450, 127, "push")]}


def test_reminders_survive_an_export_and_an_import_into_another_account(session, now):
    me, other = make_user(session, email="me@example.org"), make_user(session, email="o@example.org")
    hook = channels.add_channel(session, user_id=me, name="Hook", url="json://hooks.example.net/x", now=now)
    import_file(session, user_id=me, now=now, data=_doc([{"name": "Read", "reminders": [
        {"time": "07:00", "weekdays": [0, 2], "channels": ["email", f"c{hook.id}"]}, {"time": "21:30"}]}]))
    assert _reminders(session, me) == {"Read": [(420, 0b101, f"email,c{hook.id}"), (1290, 127, "email,push")]}
    exported = json.loads(export_json(session, user_id=me, now=now))
    assert exported["habits"][0]["reminders"] == [
        {"time": "07:00", "weekdays": [0, 2], "channels": ["email", f"c{hook.id}"]},
        {"time": "21:30", "weekdays": [0, 1, 2, 3, 4, 5, 6], "channels": ["email", "push"]}]
    import_file(session, user_id=other, now=now, data=json.dumps(exported).encode())
    # The other account has no such channel: that one is dropped, the rest comes across.
    assert _reminders(session, other) == {"Read": [(420, 0b101, "email"), (1290, 127, "email,push")]}


def test_importing_again_adds_only_the_reminders_a_habit_lacks(session, now):
    uid = make_user(session)
    data = _doc([{"name": "Read", "reminders": [{"time": "07:00"}, {"time": "08:00", "weekdays": [6]}]}])
    import_file(session, user_id=uid, now=now, data=data)
    import_file(session, user_id=uid, now=now, data=data)
    import_file(session, user_id=uid, now=now, data=_doc([{"name": "Read", "reminders": [{"time": "09:00"}]}]))
    assert [m for m, _, _ in _reminders(session, uid)["Read"]] == [420, 480, 540]


@pytest.mark.parametrize(("reminders", "words"), [
    ([{"time": "25:00"}], "Enter a time"),
    ([{"time": "07:00", "weekdays": []}], "at least one weekday"),
    ([{"time": "07:00", "channels": ["sms"]}], "channels"),
    ([{"time": "07:00"}, {"time": "07:00", "weekdays": [1]}], "same time"),
    ([{"time": f"{h:02d}:00"} for h in range(11)], "at most 10"),
    ("07:00", "expected a list"),
])
def test_bad_reminders_in_a_file_are_refused_by_name_and_nothing_is_imported(session, now, reminders, words):
    uid = make_user(session)
    with pytest.raises(ImportFailed, match=words) as failed:
        import_file(session, user_id=uid, now=now, data=_doc([{"name": "Read", "reminders": reminders}]))
    assert "habits[0]" in failed.value.message
    assert session.execute(select(Habit.id).where(Habit.user_id == uid)).first() is None
