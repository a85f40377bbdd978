"""load_window: a page's groups, habits, check-ins and revision, owner-scoped, in at most 3 queries."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, insert
from sqlmodel import Session

from easytrack.models import CheckIn
from easytrack.services import checkins, groups, habits
from easytrack.services.checkins import MAX_WINDOW_DAYS
from easytrack.services.errors import NotFound, ValidationError
from tests.factories import make_user

TODAY = date(2026, 3, 15)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@contextmanager
def count_queries(engine):
    """Count the SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def mark(session, uid, hid, offset, state="done", **kwargs):
    return checkins.set_checkin(
        session, user_id=uid, habit_id=hid, day=day(offset), state=state, today=TODAY, **kwargs
    )


def window(session, uid, start=-6, end=0, **kwargs):
    return checkins.load_window(session, user_id=uid, start=day(start), end=day(end), **kwargs)


def test_load_window_returns_groups_habits_days_and_revision(session):
    uid = make_user(session)
    _, group = groups.create_group(session, user_id=uid, name="Morning")
    _, run = habits.create_habit(session, user_id=uid, name="Run", group_id=group.id)
    _, read = habits.create_habit(session, user_id=uid, name="Read")
    mark(session, uid, run.id, -7)  # before the window
    mark(session, uid, run.id, -6, "skip", note="rain")
    mark(session, uid, run.id, 0)
    change = mark(session, uid, read.id, -3, "no")
    session.commit()
    data = window(session, uid)
    assert data.rev == change.rev == 7
    assert data.groups == [group]
    assert [h.id for h in data.habits] == [run.id, read.id]
    assert list(data.checkins) == [run.id, read.id]
    assert list(data.checkins[run.id]) == [day(-6), day(0)]
    assert data.checkins[run.id][day(-6)].note == "rain"
    assert data.checkins[read.id] == {day(-3): change.checkin}


def test_load_window_of_a_new_user_is_empty_at_revision_zero(session):
    uid = make_user(session)
    data = window(session, uid)
    assert (data.rev, data.groups, data.habits, data.checkins) == (0, [], [], {})


def test_load_window_leaves_out_archived_habits_unless_asked(session):
    uid = make_user(session)
    _, old = habits.create_habit(session, user_id=uid, name="Old")
    mark(session, uid, old.id, 0)
    habits.set_archived(session, user_id=uid, habit_id=old.id, archived=True)
    session.commit()
    assert (window(session, uid).habits, window(session, uid).checkins) == ([], {})
    full = window(session, uid, include_archived=True)
    assert [h.id for h in full.habits] == [old.id] and list(full.checkins) == [old.id]


def test_load_window_shows_only_my_own_data(session):
    a, b = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    groups.create_group(session, user_id=a, name="A's group")
    _, habit = habits.create_habit(session, user_id=a, name="A's habit")
    mark(session, a, habit.id, 0, note="secret")
    session.commit()
    data = window(session, b)
    assert (data.rev, data.groups, data.habits, data.checkins) == (0, [], [], {})


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (day(1), day(0)),
        (day(-MAX_WINDOW_DAYS), day(0)),
        (date(1899, 12, 31), date(1900, 1, 2)),
        (date(9998, 12, 30), date(9999, 1, 1)),
        ("2026-03-01", day(0)),
        (day(0), None),
    ],
)
def test_load_window_refuses_bad_ranges(session, start, end):
    uid = make_user(session)
    with pytest.raises(ValidationError):
        checkins.load_window(session, user_id=uid, start=start, end=end)


@pytest.mark.parametrize("user_id", [0, -1, "1", True, None, 10**30, 999_999])
def test_load_window_for_no_such_user_is_not_found(session, user_id):
    make_user(session)
    with pytest.raises(NotFound):
        checkins.load_window(session, user_id=user_id, start=day(-6), end=day(0))


def _fill(session, uid, *, n_habits: int, n_days: int) -> None:
    for i in range(n_habits):
        habits.create_habit(session, user_id=uid, name=f"Habit {i}")
    rows = [
        {"habit_id": h.id, "day": day(-d), "state": "done", "note": "", "updated_at": h.created_at}
        for h in habits.list_habits(session, user_id=uid)
        for d in range(n_days)
    ]
    session.exec(insert(CheckIn.__table__), params=rows)
    session.commit()


@pytest.mark.parametrize(("n_habits", "n_days"), [(1, 1), (50, 60)])
def test_load_window_needs_at_most_three_queries(engine, n_habits, n_days):
    with Session(engine) as session:
        uid = make_user(session)
        groups.create_group(session, user_id=uid, name="G")
        _fill(session, uid, n_habits=n_habits, n_days=n_days)
    with Session(engine) as session, count_queries(engine) as statements:
        data = window(session, uid, start=-(n_days - 1), end=0)
    assert len(statements) <= 3, statements
    assert len(data.habits) == n_habits and len(data.groups) == 1
    assert sum(len(days) for days in data.checkins.values()) == n_habits * n_days
