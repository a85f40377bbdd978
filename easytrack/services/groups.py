"""Habit groups: list, create, rename, delete and order a user's own groups.

Same rules as `easytrack.services.habits`: scoped to `user_id` in SQL, one revision bump per
mutation (taken before the checks and writes), flush but never commit, roll back after any exception.
"""

from __future__ import annotations

from sqlalchemy import exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from easytrack.models import HabitGroup
from easytrack.services import _tracker as t
from easytrack.services import revisions
from easytrack.services.errors import GroupNotFound, ValidationError
from easytrack.services.tracker_types import Deleted, GroupChange, GroupInfo, Reordered

_groups = HabitGroup.__table__
_COLUMNS = [_groups.c.id, _groups.c.name, _groups.c.position]


def _info(row) -> GroupInfo:
    return GroupInfo(id=row.id, name=row.name, position=row.position)


def _duplicate(name: str) -> ValidationError:
    return ValidationError("You already have a group called “{name}”.", name=name)


def _check_unique(session: Session, *, user_id: int, key: str, name: str, group_id: int | None) -> None:
    same = (_groups.c.user_id == user_id) & (_groups.c.name_key == key)
    if group_id is not None:
        same &= _groups.c.id != group_id
    if session.exec(select(exists().where(same))).scalar():
        raise _duplicate(name)


def _write(session: Session, stmt, name: str):
    """Execute an INSERT/UPDATE … RETURNING; a unique-name race still reads as a friendly error."""
    try:
        row = session.exec(stmt.returning(*_COLUMNS)).first()
    except IntegrityError as exc:
        raise _duplicate(name) from exc
    session.flush()
    return row


def list_groups(session: Session, *, user_id: int) -> list[GroupInfo]:
    """Return the user's groups ordered by position, then id."""
    stmt = select(*_COLUMNS).where(_groups.c.user_id == t.user_key(user_id))
    return [_info(row) for row in session.exec(stmt.order_by(_groups.c.position, _groups.c.id))]


def create_group(session: Session, *, user_id: int, name: str) -> GroupChange:
    """Create a group at the end of the user's groups.

    Returns:
        `(rev, group)`: the new revision and the stored group.

    Raises:
        ValidationError: for an invalid name, or one the user already uses (case-insensitively).
    """
    uid = t.user_key(user_id)
    name, key = t.clean_name(name, thing="group")
    rev = revisions.bump(session, user_id=uid)
    _check_unique(session, user_id=uid, key=key, name=name, group_id=None)
    _, position = t.next_position(session, _groups, user_id=uid)
    stmt = insert(_groups).values(user_id=uid, name=name, name_key=key, position=position)
    return GroupChange(rev, _info(_write(session, stmt, name)))


def rename_group(session: Session, *, user_id: int, group_id: int, name: str) -> GroupChange:
    """Rename one of the user's groups (a change of case alone is allowed).

    Raises:
        GroupNotFound: if the group does not exist or is someone else's.
        ValidationError: for an invalid name, or one another of the user's groups has.
    """
    uid, gid = t.user_key(user_id), t.checked_id(group_id, GroupNotFound)
    name, key = t.clean_name(name, thing="group")
    rev = revisions.bump(session, user_id=uid)
    _check_unique(session, user_id=uid, key=key, name=name, group_id=gid)
    where = (_groups.c.id == gid) & (_groups.c.user_id == uid)
    row = _write(session, update(_groups).where(where).values(name=name, name_key=key), name)
    if row is None:
        raise GroupNotFound()
    return GroupChange(rev, _info(row))


def delete_group(session: Session, *, user_id: int, group_id: int) -> Deleted:
    """Delete one of the user's groups; its habits stay, with no group (ON DELETE SET NULL).

    Raises:
        GroupNotFound: if the group does not exist or is someone else's.
    """
    return t.delete_owned(session, _groups, user_id=user_id, item_id=group_id, not_found=GroupNotFound)


def move_group(session: Session, *, user_id: int, group_id: int, offset: int) -> Reordered:
    """Swap a group with the one above (-1) or below (+1); at either end nothing moves.

    Returns:
        The new revision and the ids of all the user's groups, first to last (positions 0, 1, 2, …).

    Raises:
        GroupNotFound: if the group does not exist or is someone else's.
        ValidationError: if `offset` is not -1 or +1.
    """
    uid, gid, step = t.user_key(user_id), t.checked_id(group_id, GroupNotFound), t.checked_offset(offset)
    rev = revisions.bump(session, user_id=uid)
    ids = t.ordered_ids(session, _groups, user_id=uid)
    if gid not in ids:
        raise GroupNotFound()
    ids = t.moved(ids, gid, step, lambda _other: True)
    return Reordered(rev, t.write_order(session, _groups, user_id=uid, ids=ids))


def reorder_groups(session: Session, *, user_id: int, group_ids: list[int]) -> Reordered:
    """Put all the user's groups in the order `group_ids`, first to last.

    Raises:
        ValidationError: unless `group_ids` holds exactly the user's group ids, each once.
    """
    uid, ids = t.user_key(user_id), t.checked_id_list(group_ids, what="groups")
    rev = revisions.bump(session, user_id=uid)
    t.check_same_ids(ids, t.ordered_ids(session, _groups, user_id=uid), what="groups")
    return Reordered(rev, t.write_order(session, _groups, user_id=uid, ids=ids))
