"""Groups service: create, rename, delete, order; owner-scoped, validated, one revision per change."""

from __future__ import annotations

import pytest

from easytrack.services import groups, habits, revisions
from easytrack.services.errors import GroupNotFound, ValidationError
from tests.factories import make_user

BAD_IDS = [0, -1, 2**31, 10**30, "1", 1.0, True, None, {"id": 1}, [1]]


def fails(session, error, fn, **kwargs):
    """Call `fn`, expect `error`, roll back like `db.session_scope` would, and return the error."""
    with pytest.raises(error) as info:
        fn(session, **kwargs)
    session.rollback()
    return info.value


def snapshot(session, user_id):
    return groups.list_groups(session, user_id=user_id), revisions.current(session, user_id=user_id)


def test_create_group_trims_the_name_and_goes_last(session):
    uid = make_user(session)
    rev, first = groups.create_group(session, user_id=uid, name="  Morning ")
    _, second = groups.create_group(session, user_id=uid, name="Evening")
    session.commit()
    assert (rev, first.name, first.position, second.position) == (1, "Morning", 0, 1)
    assert groups.list_groups(session, user_id=uid) == [first, second]


@pytest.mark.parametrize("name", ["<b>bold</b>", "🌅 Morning", "صباح", "x" * 100])
def test_group_names_are_stored_verbatim(session, name):
    uid = make_user(session)
    groups.create_group(session, user_id=uid, name=name)
    session.commit()
    assert [g.name for g in groups.list_groups(session, user_id=uid)] == [name]


@pytest.mark.parametrize("name", ["", "  ", "x" * 101, "x" * 10_000, None, 3, {"n": 1}, "a\x00", "\ud800"])
def test_bad_group_names_are_refused_and_nothing_is_stored(session, name):
    uid = make_user(session)
    assert fails(session, ValidationError, groups.create_group, user_id=uid, name=name).message
    assert snapshot(session, uid) == ([], 0)


def test_duplicate_group_names_differing_only_in_case_are_refused(session):
    uid = make_user(session)
    groups.create_group(session, user_id=uid, name="Morning")
    _, evening = groups.create_group(session, user_id=uid, name="Evening")
    session.commit()
    error = fails(session, ValidationError, groups.create_group, user_id=uid, name="MORNING")
    assert error.message == "You already have a group called “MORNING”."
    fails(session, ValidationError, groups.rename_group, user_id=uid, group_id=evening.id, name="morning")
    assert [g.name for g in groups.list_groups(session, user_id=uid)] == ["Morning", "Evening"]


def test_rename_group_allows_a_change_of_case(session):
    uid = make_user(session)
    _, group = groups.create_group(session, user_id=uid, name="morning")
    rev, renamed = groups.rename_group(session, user_id=uid, group_id=group.id, name="Morning")
    assert (rev, renamed) == (2, group.__class__(id=group.id, name="Morning", position=0))
    assert groups.list_groups(session, user_id=uid) == [renamed]


def test_delete_group_keeps_its_habits_without_a_group(session):
    uid = make_user(session)
    _, group = groups.create_group(session, user_id=uid, name="Morning")
    _, habit = habits.create_habit(session, user_id=uid, name="Run", group_id=group.id)
    session.commit()
    deleted = groups.delete_group(session, user_id=uid, group_id=group.id)
    session.commit()
    assert (deleted.rev, deleted.id) == (3, group.id)
    assert groups.list_groups(session, user_id=uid) == []
    assert habits.get_habit(session, user_id=uid, habit_id=habit.id).group_id is None


def test_move_group_swaps_with_its_neighbour_and_stops_at_the_ends(session):
    uid = make_user(session)
    a, b, c = (groups.create_group(session, user_id=uid, name=n).group.id for n in "abc")
    assert groups.move_group(session, user_id=uid, group_id=a, offset=1).ids == (b, a, c)
    assert groups.move_group(session, user_id=uid, group_id=c, offset=1).ids == (b, a, c)
    moved = groups.move_group(session, user_id=uid, group_id=c, offset=-1)
    assert (moved.rev, moved.ids) == (6, (b, c, a))
    assert [(g.id, g.position) for g in groups.list_groups(session, user_id=uid)] == [(b, 0), (c, 1), (a, 2)]


@pytest.mark.parametrize("offset", [0, 3, True, "-1", None])
def test_move_group_accepts_only_one_step(session, offset):
    uid = make_user(session)
    _, group = groups.create_group(session, user_id=uid, name="a")
    session.commit()
    fails(session, ValidationError, groups.move_group, user_id=uid, group_id=group.id, offset=offset)
    assert revisions.current(session, user_id=uid) == 1


def test_reorder_groups_puts_them_in_the_given_order(session):
    uid = make_user(session)
    a, b, c = (groups.create_group(session, user_id=uid, name=n).group.id for n in "abc")
    result = groups.reorder_groups(session, user_id=uid, group_ids=(c, a, b))
    assert (result.rev, result.ids) == (4, (c, a, b))
    assert [g.id for g in groups.list_groups(session, user_id=uid)] == [c, a, b]


def test_reorder_groups_refuses_anything_but_exactly_my_groups(session):
    me, other_user = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    a, b = (groups.create_group(session, user_id=me, name=n).group.id for n in "ab")
    other = groups.create_group(session, user_id=other_user, name="x").group.id
    session.commit()
    before = snapshot(session, me)
    for ids in ([a], [a, b, other], [a, a], [other, b], [], [1.0, 2.0], None, "ab", [a, b] * 10_000):
        fails(session, ValidationError, groups.reorder_groups, user_id=me, group_ids=ids)
    assert snapshot(session, me) == before


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_bad_group_ids_read_as_not_found(session, bad_id):
    uid = make_user(session)
    groups.create_group(session, user_id=uid, name="a")
    session.commit()
    before = snapshot(session, uid)
    fails(session, GroupNotFound, groups.rename_group, user_id=uid, group_id=bad_id, name="b")
    fails(session, GroupNotFound, groups.delete_group, user_id=uid, group_id=bad_id)
    fails(session, GroupNotFound, groups.move_group, user_id=uid, group_id=bad_id, offset=1)
    assert snapshot(session, uid) == before


def test_other_user_cannot_see_or_change_my_groups(session):
    a, b = make_user(session, email="a@x.org"), make_user(session, email="b@x.org")
    _, mine = groups.create_group(session, user_id=a, name="Mine")
    _, habit = habits.create_habit(session, user_id=a, name="Run", group_id=mine.id)
    session.commit()
    before = snapshot(session, a)
    assert groups.list_groups(session, user_id=b) == []
    fails(session, GroupNotFound, groups.rename_group, user_id=b, group_id=mine.id, name="Hacked")
    fails(session, GroupNotFound, groups.delete_group, user_id=b, group_id=mine.id)
    fails(session, GroupNotFound, groups.move_group, user_id=b, group_id=mine.id, offset=1)
    fails(session, ValidationError, groups.reorder_groups, user_id=b, group_ids=[mine.id])
    assert snapshot(session, a) == before
    assert habits.get_habit(session, user_id=a, habit_id=habit.id).group_id == mine.id
    assert snapshot(session, b) == ([], 0)


def test_every_group_change_bumps_the_revision_by_one_in_order(session):
    uid = make_user(session)
    rev_a, a = groups.create_group(session, user_id=uid, name="a")
    revs = [rev_a, groups.create_group(session, user_id=uid, name="b").rev]
    revs.append(groups.rename_group(session, user_id=uid, group_id=a.id, name="A").rev)
    revs.append(groups.move_group(session, user_id=uid, group_id=a.id, offset=1).rev)
    revs.append(groups.reorder_groups(session, user_id=uid, group_ids=[a.id, a.id + 1]).rev)
    revs.append(groups.delete_group(session, user_id=uid, group_id=a.id).rev)
    session.commit()
    assert revs == [1, 2, 3, 4, 5, 6]
    assert revisions.current(session, user_id=uid) == 6
