"""Check-ins service: set, change and clear days; history; owner-scoped, validated, one row per cell."""

from __future__ import annotations

import math
import threading
import time
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from easytrack.models import CheckIn
from easytrack.services import checkins, habits, revisions
from easytrack.services.errors import HabitNotFound, ValidationError
from easytrack.services.tracker_types import CheckinInfo
from tests.factories import make_user

TODAY = date(2026, 3, 15)
BAD_IDS = [0, -1, 2**31, 10**30, "1", 1.0, True, None, {"id": 1}, [1]]


def day(offset: int) -> date:
    """The day `offset` days after TODAY (negative: before)."""
    return TODAY + timedelta(days=offset)


def fails(session, error, fn, **kwargs):
    """Call `fn`, expect `error`, roll back like `db.session_scope` would, and return the error."""
    with pytest.raises(error) as info:
        fn(session, **kwargs)
    session.rollback()
    return info.value


def setup_habit(session, *, measurable=False, email="a@example.org", name="Read"):
    uid = make_user(session, email=email)
    unit = "km" if measurable else ""
    _, habit = habits.create_habit(session, user_id=uid, name=name, measurable=measurable, unit=unit)
    session.commit()
    return uid, habit.id


def mark(session, uid, hid, offset, state="done", **kwargs):
    return checkins.set_checkin(
        session, user_id=uid, habit_id=hid, day=day(offset), state=state, today=TODAY, **kwargs
    )


def rows(session, hid=None) -> int:
    stmt = select(func.count()).select_from(CheckIn)
    return session.exec(stmt if hid is None else stmt.where(CheckIn.habit_id == hid)).scalar_one()


def test_set_checkin_stores_the_day_and_returns_the_change(session, now):
    uid, hid = setup_habit(session)
    change = mark(session, uid, hid, -1, "done", note=" felt good ", now=now)
    session.commit()
    assert (change.rev, change.habit_id, change.day) == (2, hid, day(-1))
    assert change.checkin == CheckinInfo(day=day(-1), state="done", amount=None, note="felt good")
    assert checkins.get_history(session, user_id=uid, habit_id=hid) == {day(-1): change.checkin}
    assert session.exec(select(CheckIn.updated_at)).scalar_one() == now


def test_setting_a_day_again_updates_the_one_row_and_keeps_the_note(session):
    uid, hid = setup_habit(session)
    mark(session, uid, hid, 0, "done", note="n")
    change = mark(session, uid, hid, 0, "skip")
    session.commit()
    assert change.checkin == CheckinInfo(day=TODAY, state="skip", amount=None, note="n")
    assert mark(session, uid, hid, 0, "no", note="").checkin.note == ""
    assert rows(session) == 1


def test_setting_the_same_value_twice_is_idempotent_but_still_a_change(session):
    uid, hid = setup_habit(session)
    first, second = mark(session, uid, hid, 0), mark(session, uid, hid, 0)
    assert first.checkin == second.checkin
    assert (first.rev, second.rev) == (2, 3)
    assert rows(session) == 1


def test_clearing_a_day_deletes_its_row_and_notes(session):
    uid, hid = setup_habit(session)
    mark(session, uid, hid, -2, "done", note="keep?")
    mark(session, uid, hid, -1, "no")
    change = mark(session, uid, hid, -2, None)
    session.commit()
    assert (change.rev, change.checkin) == (4, None)
    assert list(checkins.get_history(session, user_id=uid, habit_id=hid)) == [day(-1)]
    assert mark(session, uid, hid, -5, None).rev == 5  # clearing an empty day is a harmless change


def test_measurable_habits_store_amounts(session):
    uid, hid = setup_habit(session, measurable=True)
    assert mark(session, uid, hid, 0, "done", amount=2).checkin.amount == 2.0
    assert mark(session, uid, hid, 0, "done").checkin.amount == 2.0  # None keeps the amount
    assert mark(session, uid, hid, 0, "done", amount=0).checkin.amount == 0.0
    assert mark(session, uid, hid, -1, "no", amount=1e6).checkin.amount == 1e6


def test_yes_no_habits_refuse_amounts(session):
    uid, hid = setup_habit(session)
    error = fails(session, ValidationError, mark, uid=uid, hid=hid, offset=0, amount=1)
    assert error.message == "Only measurable habits take an amount."
    assert rows(session) == 0


def test_future_days_are_refused(session):
    uid, hid = setup_habit(session)
    error = fails(session, ValidationError, mark, uid=uid, hid=hid, offset=1)
    assert error.message == "You can't fill in a day in the future."
    assert mark(session, uid, hid, 0).checkin.day == TODAY


@pytest.mark.parametrize(
    "bad_day",
    [date(9999, 12, 31), date(1899, 12, 31), date(1, 1, 1), datetime(2026, 3, 1), "2026-03-01", None, 2026],
)
def test_days_that_are_not_plausible_dates_are_refused(session, bad_day):
    uid, hid = setup_habit(session)
    args = {"user_id": uid, "habit_id": hid, "day": bad_day, "state": "done", "today": date(9999, 12, 31)}
    fails(session, ValidationError, checkins.set_checkin, **args)
    assert rows(session) == 0 and revisions.current(session, user_id=uid) == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"state": "yes"}, {"state": ""}, {"state": 1}, {"state": True}, {"state": {"s": "done"}},
        {"amount": math.nan}, {"amount": math.inf}, {"amount": -math.inf}, {"amount": -0.5},
        {"amount": 1e6 + 1},
        {"amount": True}, {"amount": "3"}, {"amount": 10**400},
        {"note": "x" * 1001}, {"note": "x" * 100_000}, {"note": 5}, {"note": "a\x00b"}, {"note": "\udfff"},
    ],
)
def test_hostile_values_are_refused_and_nothing_is_stored(session, kwargs):
    uid, hid = setup_habit(session, measurable=True)
    args = {"user_id": uid, "habit_id": hid, "day": TODAY, "today": TODAY, "state": "done", **kwargs}
    error = fails(session, ValidationError, checkins.set_checkin, **args)
    assert error.message
    assert rows(session) == 0 and revisions.current(session, user_id=uid) == 1


def test_overlong_notes_get_a_clear_message(session):
    uid, hid = setup_habit(session)
    error = fails(session, ValidationError, mark, uid=uid, hid=hid, offset=0, note="x" * 100_000)
    assert error.message == "Notes can be at most 1,000 characters."
    assert mark(session, uid, hid, 0, note="é" * 1000).checkin.note == "é" * 1000


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_bad_habit_ids_read_as_not_found(session, bad_id):
    uid, _ = setup_habit(session)
    fails(session, HabitNotFound, mark, uid=uid, hid=bad_id, offset=0)
    fails(session, HabitNotFound, checkins.get_history, user_id=uid, habit_id=bad_id)
    span = {"start": TODAY, "end": TODAY}
    fails(session, HabitNotFound, checkins.list_checkins, user_id=uid, habit_id=bad_id, **span)
    assert rows(session) == 0 and revisions.current(session, user_id=uid) == 1


def test_other_user_cannot_read_set_or_clear_my_days(session):
    a, hid = setup_habit(session)
    b, _ = setup_habit(session, email="b@example.org")
    mark(session, a, hid, -1, "done", note="private")
    session.commit()
    history = checkins.get_history(session, user_id=a, habit_id=hid)
    for state in ("no", None):
        fails(session, HabitNotFound, mark, uid=b, hid=hid, offset=-1, state=state)
    fails(session, HabitNotFound, checkins.get_history, user_id=b, habit_id=hid)
    fails(session, HabitNotFound, checkins.list_checkins, user_id=b, habit_id=hid, start=day(-9), end=TODAY)
    assert checkins.get_history(session, user_id=a, habit_id=hid) == history
    assert revisions.current(session, user_id=a) == 2 and revisions.current(session, user_id=b) == 1


def test_list_checkins_is_inclusive_and_ordered(session):
    uid, hid = setup_habit(session)
    for offset in (-10, -5, -3, -1, 0):
        mark(session, uid, hid, offset)
    got = checkins.list_checkins(session, user_id=uid, habit_id=hid, start=day(-5), end=day(-1))
    assert list(got) == [day(-5), day(-3), day(-1)]
    assert checkins.list_checkins(session, user_id=uid, habit_id=hid, start=day(-4), end=day(-4)) == {}
    fails(session, ValidationError, checkins.list_checkins, user_id=uid, habit_id=hid, start="x", end=TODAY)


def test_get_history_returns_every_day_oldest_first(session):
    uid, hid = setup_habit(session)
    for offset in (0, -400, -2):
        mark(session, uid, hid, offset, "skip" if offset == -2 else "done")
    history = checkins.get_history(session, user_id=uid, habit_id=hid)
    assert list(history) == [day(-400), day(-2), TODAY]
    assert history[day(-2)].state == "skip"
    other_uid, empty = setup_habit(session, email="c@x.org")
    assert checkins.get_history(session, user_id=other_uid, habit_id=empty) == {}


def test_two_sessions_setting_one_cell_at_once_leave_one_row(engine):
    with Session(engine) as setup:
        uid, hid = setup_habit(setup)
    first, second = Session(engine), Session(engine)
    results: dict[str, object] = {}

    def set_in_second() -> None:
        try:
            results["change"] = mark(second, uid, hid, 0, "skip", note="second")
            second.commit()
        except Exception as exc:  # surfaced by the assertion below
            results["error"] = exc

    try:
        mark(first, uid, hid, 0, "done", note="first")
        thread = threading.Thread(target=set_in_second)
        thread.start()
        time.sleep(0.3)  # the second session now waits for the user's row lock (or SQLite's write lock)
        assert not results, "the second change must wait for the first to commit"
        first.commit()
        thread.join(timeout=15)
    finally:
        first.close(), second.close()
    assert "error" not in results, results.get("error")
    assert results["change"].rev == 3
    with Session(engine) as check:
        assert rows(check) == 1
        assert checkins.get_history(check, user_id=uid, habit_id=hid)[TODAY].note == "second"
        assert revisions.current(check, user_id=uid) == 3


def test_two_sessions_opened_together_both_apply_in_order(engine):
    with Session(engine) as setup:
        uid, hid = setup_habit(setup)
    with Session(engine) as first, Session(engine) as second:
        revisions.current(first, user_id=uid), revisions.current(second, user_id=uid)
        a = mark(first, uid, hid, 0, "done")
        first.commit()
        b = mark(second, uid, hid, 0, "no")
        second.commit()
    assert (a.rev, b.rev) == (2, 3)
    with Session(engine) as check:
        assert rows(check) == 1
        assert checkins.get_history(check, user_id=uid, habit_id=hid)[TODAY].state == "no"
