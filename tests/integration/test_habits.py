"""Habits service: create, edit, archive, delete, order; owner-scoped, validated, one revision per change."""

from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import func, select

from easytrack.models import CheckIn
from easytrack.services import checkins, groups, habits, revisions
from easytrack.services.errors import GroupNotFound, HabitNotFound, ValidationError
from tests.factories import make_user

BAD_IDS = [0, -1, 2**31, 10**30, "1", 1.0, True, None, {"id": 1}, [1]]
TODAY = date(2026, 3, 15)


def fails(session, error, fn, **kwargs):
    """Call `fn`, expect `error`, roll back like `db.session_scope` would, and return the error."""
    with pytest.raises(error) as info:
        fn(session, **kwargs)
    session.rollback()
    return info.value


def snapshot(session, user_id):
    return habits.list_habits(session, user_id=user_id, include_archived=True), revisions.current(
        session, user_id=user_id
    )


def test_create_habit_trims_the_name_and_fills_defaults(session, now):
    uid = make_user(session)
    rev, habit = habits.create_habit(session, user_id=uid, name="  Read  ", now=now)
    assert rev == 1
    assert (habit.name, habit.schedule, habit.color, habit.position) == ("Read", "daily", "#2f9e44", 0)
    assert (habit.measurable, habit.target_value, habit.archived, habit.group_id) == (False, 0.0, False, None)
    assert habit.created_at == now
    assert habits.get_habit(session, user_id=uid, habit_id=habit.id) == habit


def test_create_habit_stores_every_field(session):
    uid = make_user(session)
    _, group = groups.create_group(session, user_id=uid, name="Health")
    _, habit = habits.create_habit(
        session, user_id=uid, name="Water", description="Line one\nline two", question="Did you drink?",
        color="#ABCDEF", group_id=group.id, schedule="week:3", measurable=True, unit="glasses",
        target_value=8, target_direction="at_most", target_period="week",
    )
    session.commit()
    stored = habits.get_habit(session, user_id=uid, habit_id=habit.id)
    assert stored == habit
    assert (stored.color, stored.group_id, stored.schedule) == ("#abcdef", group.id, "week:3")
    assert stored.unit == "glasses"
    assert (stored.target_value, stored.target_direction, stored.target_period) == (8.0, "at_most", "week")


def test_measurable_target_may_be_per_any_number_of_days(session):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Run", measurable=True, unit="km", target_value=3,
                                   target_period="days:2")
    assert habits.get_habit(session, user_id=uid, habit_id=habit.id).target_period == "days:2"
    _, same = habits.update_habit(session, user_id=uid, habit_id=habit.id, target_period="days:365")
    assert same.target_period == "days:365"
    _, daily = habits.update_habit(session, user_id=uid, habit_id=habit.id, target_period="days:1")
    assert daily.target_period == "day"  # one day is a daily target


def test_new_habits_go_last_and_cycle_through_the_palette(session):
    uid = make_user(session)
    count = len(habits.PALETTE) + 1
    made = [habits.create_habit(session, user_id=uid, name=f"H{i}").habit for i in range(count)]
    assert [h.position for h in made] == list(range(len(made)))
    assert [h.color for h in made] == [*habits.PALETTE, habits.PALETTE[0]]


def test_list_habits_orders_by_position_then_id_and_hides_archived(session):
    uid = make_user(session)
    a, b, c = (habits.create_habit(session, user_id=uid, name=n).habit.id for n in "abc")
    habits.reorder_habits(session, user_id=uid, habit_ids=[c, a, b])
    habits.set_archived(session, user_id=uid, habit_id=a, archived=True)
    assert [h.id for h in habits.list_habits(session, user_id=uid)] == [c, b]
    assert [h.id for h in habits.list_habits(session, user_id=uid, include_archived=True)] == [c, a, b]


@pytest.mark.parametrize(
    "name",
    ["<script>alert(1)</script>", "🏃‍♀️ Run 5k", "قراءة القرآن", "שתיית מים", "x" * 100, "A & B \"q\""],
)
def test_names_are_stored_verbatim(session, name):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name=name)
    session.commit()
    assert habits.get_habit(session, user_id=uid, habit_id=habit.id).name == name


@pytest.mark.parametrize(
    "name",
    ["", "   ", "\t\n", "x" * 101, "x" * 10_000, None, 5, {"a": 1}, ["x"], "a\x00b", "a\nb", "\ud800"]
    + ["\u200b", " \u200d\u2060 "],
)
def test_bad_names_are_refused_and_nothing_is_stored(session, name):
    uid = make_user(session)
    error = fails(session, ValidationError, habits.create_habit, user_id=uid, name=name)
    assert error.message and len(error.message) < 120
    assert snapshot(session, uid) == ([], 0)


def test_a_name_that_casefolds_longer_is_accepted(session):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="ß" * 100)
    assert habit.name == "ß" * 100


def test_composed_and_decomposed_accents_are_the_same_name(session):
    uid = make_user(session)
    habits.create_habit(session, user_id=uid, name="Caf\u00e9")
    fails(session, ValidationError, habits.create_habit, user_id=uid, name="Cafe\u0301")


def test_duplicate_names_differing_only_in_case_are_refused(session):
    uid = make_user(session)
    habits.create_habit(session, user_id=uid, name="Read")
    session.commit()
    error = fails(session, ValidationError, habits.create_habit, user_id=uid, name=" rEAD ")
    assert error.message == "You already have a habit called “rEAD”."
    assert [h.name for h in habits.list_habits(session, user_id=uid)] == ["Read"]
    assert revisions.current(session, user_id=uid) == 1


def test_two_users_may_use_the_same_name(session):
    a, b = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    habits.create_habit(session, user_id=a, name="Read")
    habits.create_habit(session, user_id=b, name="read")
    session.commit()
    assert [h.name for h in habits.list_habits(session, user_id=b)] == ["read"]


def test_update_habit_renames_and_changes_fields(session):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Read")
    rev, updated = habits.update_habit(
        session, user_id=uid, habit_id=habit.id, name="READ", schedule="days:0,2,4", color="#123456"
    )
    assert rev == 2
    assert (updated.name, updated.schedule, updated.color) == ("READ", "days:0,2,4", "#123456")
    assert updated.position == 0
    assert habits.get_habit(session, user_id=uid, habit_id=habit.id) == updated


def test_update_habit_refuses_another_habits_name(session):
    uid = make_user(session)
    habits.create_habit(session, user_id=uid, name="Read")
    _, other = habits.create_habit(session, user_id=uid, name="Write")
    session.commit()
    fails(session, ValidationError, habits.update_habit, user_id=uid, habit_id=other.id, name="read")
    assert habits.get_habit(session, user_id=uid, habit_id=other.id).name == "Write"


@pytest.mark.parametrize(
    "fields",
    [
        {"color": "red"}, {"color": "#12345"}, {"color": "#12345g"}, {"color": None},
        {"schedule": "weekly"}, {"schedule": "week:9"}, {"schedule": 5}, {"schedule": "x" * 10_000},
        {"measurable": 1}, {"measurable": "true"}, {"unit": "u" * 21}, {"unit": 3},
        {"target_value": math.nan}, {"target_value": math.inf}, {"target_value": -1}, {"target_value": 1e7},
        {"target_value": True}, {"target_value": "5"}, {"target_value": 10**400},
        {"target_direction": "more"}, {"target_period": "year"}, {"target_period": None},
        {"target_period": "days:0"}, {"target_period": "days:366"}, {"target_period": "days:"},
        {"target_period": "days:2x"}, {"target_period": "days:٣"}, {"target_period": 2},
        {"description": "d" * 1001}, {"description": "x" * 100_000}, {"question": "q" * 201},
        {"id": 2}, {"archived": True}, {"position": 0}, {"name_key": "x"},
    ],
)
def test_update_habit_refuses_invalid_fields_and_stores_nothing(session, fields):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Read")
    session.commit()
    before = snapshot(session, uid)
    error = fails(session, ValidationError, habits.update_habit, user_id=uid, habit_id=habit.id, **fields)
    assert error.message
    assert snapshot(session, uid) == before


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_bad_habit_ids_read_as_not_found(session, bad_id):
    uid = make_user(session)
    habits.create_habit(session, user_id=uid, name="Read")
    session.commit()
    before = snapshot(session, uid)
    fails(session, HabitNotFound, habits.get_habit, user_id=uid, habit_id=bad_id)
    fails(session, HabitNotFound, habits.update_habit, user_id=uid, habit_id=bad_id, name="x")
    fails(session, HabitNotFound, habits.set_archived, user_id=uid, habit_id=bad_id, archived=True)
    fails(session, HabitNotFound, habits.delete_habit, user_id=uid, habit_id=bad_id)
    fails(session, HabitNotFound, habits.move_habit, user_id=uid, habit_id=bad_id, offset=1)
    assert snapshot(session, uid) == before


@pytest.mark.parametrize("bad_id", [10**30, -3, "1", 1.5, True, {"id": 1}])
def test_bad_group_ids_read_as_group_not_found(session, bad_id):
    uid = make_user(session)
    fails(session, GroupNotFound, habits.create_habit, user_id=uid, name="Read", group_id=bad_id)
    assert snapshot(session, uid) == ([], 0)


def test_other_user_cannot_see_or_change_my_habits(session):
    a, b = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    _, mine = habits.create_habit(session, user_id=a, name="Read")
    _, group = groups.create_group(session, user_id=a, name="Mine")
    session.commit()
    before = snapshot(session, a)
    assert habits.list_habits(session, user_id=b, include_archived=True) == []
    fails(session, HabitNotFound, habits.get_habit, user_id=b, habit_id=mine.id)
    fails(session, HabitNotFound, habits.update_habit, user_id=b, habit_id=mine.id, name="Hacked")
    fails(session, HabitNotFound, habits.set_archived, user_id=b, habit_id=mine.id, archived=True)
    fails(session, HabitNotFound, habits.delete_habit, user_id=b, habit_id=mine.id)
    fails(session, HabitNotFound, habits.move_habit, user_id=b, habit_id=mine.id, offset=-1)
    fails(session, ValidationError, habits.reorder_habits, user_id=b, habit_ids=[mine.id])
    fails(session, GroupNotFound, habits.create_habit, user_id=b, name="Mine too", group_id=group.id)
    assert snapshot(session, a) == before
    assert snapshot(session, b) == ([], 0)


def test_other_user_cannot_move_my_habit_into_their_group(session):
    a, b = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    _, mine = habits.create_habit(session, user_id=a, name="Read")
    _, theirs = groups.create_group(session, user_id=b, name="Theirs")
    session.commit()
    fails(session, GroupNotFound, habits.update_habit, user_id=a, habit_id=mine.id, group_id=theirs.id)
    assert habits.get_habit(session, user_id=a, habit_id=mine.id).group_id is None


def test_set_archived_hides_and_restores(session):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Read")
    rev, archived = habits.set_archived(session, user_id=uid, habit_id=habit.id, archived=True)
    assert (rev, archived.archived) == (2, True)
    assert habits.list_habits(session, user_id=uid) == []
    _, restored = habits.set_archived(session, user_id=uid, habit_id=habit.id, archived=False)
    assert restored.archived is False
    fails(session, ValidationError, habits.set_archived, user_id=uid, habit_id=habit.id, archived="yes")


def test_delete_habit_takes_its_checkins_with_it(session):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Read")
    _, keep = habits.create_habit(session, user_id=uid, name="Write")
    for hid in (habit.id, keep.id):
        checkins.set_checkin(session, user_id=uid, habit_id=hid, day=TODAY, state="done", today=TODAY)
    session.commit()
    count = select(func.count()).select_from(CheckIn).where(CheckIn.habit_id == habit.id)
    assert session.exec(count).scalar_one() == 1
    deleted = habits.delete_habit(session, user_id=uid, habit_id=habit.id)
    session.commit()
    assert (deleted.rev, deleted.id) == (5, habit.id)
    assert session.exec(count).scalar_one() == 0
    assert list(checkins.get_history(session, user_id=uid, habit_id=keep.id)) == [TODAY]
    fails(session, HabitNotFound, habits.get_habit, user_id=uid, habit_id=habit.id)


def test_move_habit_swaps_with_its_neighbour_and_stops_at_the_ends(session):
    uid = make_user(session)
    a, b, c = (habits.create_habit(session, user_id=uid, name=n).habit.id for n in "abc")
    assert habits.move_habit(session, user_id=uid, habit_id=c, offset=-1).ids == (a, c, b)
    assert habits.move_habit(session, user_id=uid, habit_id=a, offset=-1).ids == (a, c, b)
    moved = habits.move_habit(session, user_id=uid, habit_id=a, offset=1)
    assert (moved.rev, moved.ids) == (6, (c, a, b))
    assert [h.position for h in habits.list_habits(session, user_id=uid)] == [0, 1, 2]


def test_move_habit_skips_habits_of_other_groups_and_archived_ones(session):
    uid = make_user(session)
    _, group = groups.create_group(session, user_id=uid, name="G")
    a, b, c, d = (habits.create_habit(session, user_id=uid, name=n).habit.id for n in "abcd")
    habits.update_habit(session, user_id=uid, habit_id=b, group_id=group.id)
    habits.set_archived(session, user_id=uid, habit_id=c, archived=True)
    assert habits.move_habit(session, user_id=uid, habit_id=d, offset=-1).ids == (d, b, c, a)


@pytest.mark.parametrize("offset", [0, 2, -2, True, "1", 1.0, None])
def test_move_habit_accepts_only_one_step(session, offset):
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Read")
    session.commit()
    fails(session, ValidationError, habits.move_habit, user_id=uid, habit_id=habit.id, offset=offset)
    assert revisions.current(session, user_id=uid) == 1


def test_reorder_habits_puts_them_in_the_given_order(session):
    uid = make_user(session)
    a, b, c = (habits.create_habit(session, user_id=uid, name=n).habit.id for n in "abc")
    result = habits.reorder_habits(session, user_id=uid, habit_ids=[b, c, a])
    assert (result.rev, result.ids) == (4, (b, c, a))
    assert [(h.id, h.position) for h in habits.list_habits(session, user_id=uid)] == [(b, 0), (c, 1), (a, 2)]


def test_reorder_habits_refuses_anything_but_exactly_my_habits(session):
    a_user, b_user = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    a, b = (habits.create_habit(session, user_id=a_user, name=n).habit.id for n in "ab")
    other = habits.create_habit(session, user_id=b_user, name="x").habit.id
    session.commit()
    before = snapshot(session, a_user)
    bad_orders = ([a], [a, b, other], [a, a], [b, a, a], [a, other], [], [True, False], "ab", {a: 1}, None)
    for ids in bad_orders:
        fails(session, ValidationError, habits.reorder_habits, user_id=a_user, habit_ids=ids)
    assert snapshot(session, a_user) == before


def test_every_habit_change_bumps_the_revision_by_one_in_order(session):
    uid = make_user(session)
    revs = [habits.create_habit(session, user_id=uid, name="a").rev]
    hid = habits.list_habits(session, user_id=uid)[0].id
    revs.append(habits.create_habit(session, user_id=uid, name="b").rev)
    revs.append(habits.update_habit(session, user_id=uid, habit_id=hid, description="d").rev)
    revs.append(habits.set_archived(session, user_id=uid, habit_id=hid, archived=True).rev)
    revs.append(habits.move_habit(session, user_id=uid, habit_id=hid, offset=1).rev)
    revs.append(habits.reorder_habits(session, user_id=uid, habit_ids=[hid, hid + 1]).rev)
    revs.append(habits.delete_habit(session, user_id=uid, habit_id=hid).rev)
    session.commit()
    assert revs == [1, 2, 3, 4, 5, 6, 7]
    assert revisions.current(session, user_id=uid) == 7
