"""Habits: list, create, edit, archive, delete and order a user's own habits.

Every query is scoped to `user_id` in SQL. Mutations validate their arguments, then bump the user's
revision (taking the user's row lock, so one user's changes run one at a time), then check and write.
They flush but never commit; after any exception the caller rolls back (`db.session_scope` does).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from easytrack.domain.frequency import Schedule
from easytrack.domain.target import MAX_PERIOD_DAYS, parse_period, period_text
from easytrack.models import Habit, HabitGroup, utcnow
from easytrack.services import _tracker as t
from easytrack.services import revisions
from easytrack.services.errors import GroupNotFound, HabitNotFound, ValidationError
from easytrack.services.tracker_types import Deleted, HabitChange, HabitInfo, Reordered

# Pleasant, distinct colours for new habits, cycling by how many habits the user already has.
PALETTE = ("#2f9e44", "#1c7ed6", "#f08c00", "#ae3ec9", "#e03131", "#0c8599", "#66a80f", "#d6336c")
MAX_TARGET = 1e6
DIRECTIONS = ("at_least", "at_most")
PERIODS = ("day", "week", "month", "days:N")  # N = 1..365 (Loop's "per N days")

_habits = Habit.__table__
_groups = HabitGroup.__table__
COLUMNS = [_habits.c[name] for name in HabitInfo.__dataclass_fields__]
_ONE = select(*COLUMNS).where(_habits.c.id == bindparam("hid"), _habits.c.user_id == bindparam("uid"))
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _clean_color(value: object) -> dict[str, str]:
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        raise ValidationError("Colours must look like #2f9e44.")
    return {"color": value.lower()}


def _clean_schedule(value: object) -> dict[str, str]:
    try:
        return {"schedule": Schedule.from_text(value).to_text()}
    except ValueError as exc:
        raise ValidationError("That schedule is not valid.") from exc


def _clean_period(value: object) -> dict[str, str]:
    try:
        return {"target_period": period_text(*parse_period(value))}
    except ValueError:
        raise ValidationError("The period must be one of: {choices} (N from 1 to {n}).", choices=", ".join(PERIODS),
                              n=MAX_PERIOD_DAYS) from None


def _clean_group(value: object) -> dict[str, int | None]:
    return {"group_id": None if value is None else t.checked_id(value, GroupNotFound)}


def _clean_name(value: object) -> dict[str, str]:
    name, key = t.clean_name(value, thing="habit")
    return {"name": name, "name_key": key}


_FIELDS = {
    "name": _clean_name,
    "description": lambda v: {"description": t.clean_text(v, max_len=1000, what="Descriptions")},
    "question": lambda v: {"question": t.clean_text(v, max_len=200, what="Questions", multiline=False)},
    "color": _clean_color,
    "group_id": _clean_group,
    "schedule": _clean_schedule,
    "measurable": lambda v: {"measurable": t.clean_bool(v, what="Measurable")},
    "unit": lambda v: {"unit": t.clean_text(v, max_len=20, what="Units", multiline=False)},
    "target_value": lambda v: {"target_value": t.clean_number(v, what="The target", high=MAX_TARGET)},
    "target_direction": lambda v: {"target_direction": t.clean_choice(v, DIRECTIONS, what="The direction")},
    "target_period": _clean_period,
}


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate `fields` (names as in `create_habit`) into column values."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise ValidationError("Unknown habit field: {field}.", field=repr(sorted(unknown)[0][:40]))
    values: dict[str, Any] = {}
    for name, value in fields.items():
        values.update(_FIELDS[name](value))
    return values


def info(row) -> HabitInfo:
    """A HabitInfo from a row (or mapping) holding every column in `COLUMNS`."""
    values = dict(getattr(row, "_mapping", row))
    values["target_value"] = float(values["target_value"])  # SQLite's RETURNING may give an int
    return HabitInfo(**values)


def _check_refs(session: Session, *, user_id: int, habit_id: int | None, values: dict[str, Any]) -> None:
    """Raise if the group is not the user's, or if another habit of theirs has the same name."""
    if values.get("group_id") is not None:
        if not t.owned(session, _groups, user_id=user_id, item_id=values["group_id"]):
            raise GroupNotFound()
    if "name_key" in values:
        same = (_habits.c.user_id == user_id) & (_habits.c.name_key == values["name_key"])
        if habit_id is not None:
            same &= _habits.c.id != habit_id
        if session.exec(select(exists().where(same))).scalar():
            raise _duplicate(values["name"])


def _duplicate(name: str) -> ValidationError:
    return ValidationError("You already have a habit called “{name}”.", name=name)


def _write(session: Session, stmt, values: dict[str, Any]):
    """Execute an INSERT/UPDATE … RETURNING; a unique-name race still reads as a friendly error."""
    try:
        row = session.exec(stmt.returning(*COLUMNS)).first()
    except IntegrityError as exc:
        raise _duplicate(values.get("name", "")) from exc
    session.flush()
    return row


def list_habits(session: Session, *, user_id: int, include_archived: bool = False) -> list[HabitInfo]:
    """Return the user's habits ordered by position, then id; archived ones only if asked."""
    stmt = select(*COLUMNS).where(_habits.c.user_id == t.user_key(user_id))
    if not include_archived:
        stmt = stmt.where(_habits.c.archived.is_(False))
    return [info(row) for row in session.exec(stmt.order_by(_habits.c.position, _habits.c.id))]


def get_habit(session: Session, *, user_id: int, habit_id: int) -> HabitInfo:
    """Return one of the user's habits (archived or not).

    Raises:
        HabitNotFound: if it does not exist or is someone else's.
    """
    hid = t.checked_id(habit_id, HabitNotFound)
    row = session.execute(_ONE, {"hid": hid, "uid": t.user_key(user_id)}).first()
    if row is None:
        raise HabitNotFound()
    return info(row)


def create_habit(
    session: Session,
    *,
    user_id: int,
    name: str,
    description: str = "",
    question: str = "",
    color: str | None = None,
    group_id: int | None = None,
    schedule: str = "daily",
    measurable: bool = False,
    unit: str = "",
    target_value: float = 0.0,
    target_direction: str = "at_least",
    target_period: str = "day",
    now: datetime | None = None,
) -> HabitChange:
    """Create a habit at the end of the user's list; `color` defaults to the next palette colour.

    `now` (aware) becomes `created_at`; it defaults to the current time.

    Returns:
        `(rev, habit)`: the new revision and the stored habit.

    Raises:
        ValidationError: for an invalid or duplicate (case-insensitively) name or any invalid field.
        GroupNotFound: if `group_id` is not one of the user's groups.
    """
    fields = dict(locals())
    del fields["session"], fields["user_id"], fields["now"]
    if color is None:
        del fields["color"]
    uid, values = t.user_key(user_id), _values(fields)
    rev = revisions.bump(session, user_id=uid)
    _check_refs(session, user_id=uid, habit_id=None, values=values)
    count, position = t.next_position(session, _habits, user_id=uid)
    values.setdefault("color", PALETTE[count % len(PALETTE)])
    stmt = insert(_habits).values(user_id=uid, position=position, created_at=now or utcnow(), **values)
    return HabitChange(rev, info(_write(session, stmt, values)))


def update_habit(session: Session, *, user_id: int, habit_id: int, **fields: Any) -> HabitChange:
    """Change some of a habit's fields (any `create_habit` keyword but `user_id`), renaming included.

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
        ValidationError, GroupNotFound: as for `create_habit`.
    """
    uid, hid, values = t.user_key(user_id), t.checked_id(habit_id, HabitNotFound), _values(fields)
    rev = revisions.bump(session, user_id=uid)
    _check_refs(session, user_id=uid, habit_id=hid, values=values)
    return HabitChange(rev, _update(session, user_id=uid, habit_id=hid, values=values))


def _update(session: Session, *, user_id: int, habit_id: int, values: dict[str, Any]) -> HabitInfo:
    where = (_habits.c.id == habit_id) & (_habits.c.user_id == user_id)
    if values:
        row = _write(session, update(_habits).where(where).values(**values), values)
    else:
        row = session.exec(select(*COLUMNS).where(where)).first()
    if row is None:
        raise HabitNotFound()
    return info(row)


def set_archived(session: Session, *, user_id: int, habit_id: int, archived: bool) -> HabitChange:
    """Archive (hide from the tracker, keep its history) or restore a habit.

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
    """
    uid, hid = t.user_key(user_id), t.checked_id(habit_id, HabitNotFound)
    values = {"archived": t.clean_bool(archived, what="Archived")}
    rev = revisions.bump(session, user_id=uid)
    return HabitChange(rev, _update(session, user_id=uid, habit_id=hid, values=values))


def delete_habit(session: Session, *, user_id: int, habit_id: int) -> Deleted:
    """Delete a habit; its check-ins go with it (ON DELETE CASCADE).

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
    """
    return t.delete_owned(session, _habits, user_id=user_id, item_id=habit_id, not_found=HabitNotFound)


def move_habit(session: Session, *, user_id: int, habit_id: int, offset: int) -> Reordered:
    """Swap a habit with its nearest neighbour above (-1) or below (+1) in the same group and list.

    Neighbours are habits with the same group and the same archived flag, so every move is visible
    where the habit is shown; at either end nothing moves. Positions are renumbered 0, 1, 2, ….

    Returns:
        The new revision and the ids of all the user's habits, first to last.

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
        ValidationError: if `offset` is not -1 or +1.
    """
    uid, hid, step = t.user_key(user_id), t.checked_id(habit_id, HabitNotFound), t.checked_offset(offset)
    rev = revisions.bump(session, user_id=uid)
    stmt = (
        select(_habits.c.id, _habits.c.group_id, _habits.c.archived)
        .where(_habits.c.user_id == uid)
        .order_by(_habits.c.position, _habits.c.id)
    )
    rows = {r.id: (r.group_id, r.archived) for r in session.exec(stmt)}
    if hid not in rows:
        raise HabitNotFound()
    ids = t.moved(list(rows), hid, step, lambda other: rows[other] == rows[hid])
    return Reordered(rev, t.write_order(session, _habits, user_id=uid, ids=ids))


def reorder_habits(session: Session, *, user_id: int, habit_ids: list[int]) -> Reordered:
    """Put all the user's habits (archived ones too) in the order `habit_ids`, first to last.

    Raises:
        ValidationError: unless `habit_ids` holds exactly the user's habit ids, each once.
    """
    uid, ids = t.user_key(user_id), t.checked_id_list(habit_ids, what="habits")
    rev = revisions.bump(session, user_id=uid)
    t.check_same_ids(ids, t.ordered_ids(session, _habits, user_id=uid), what="habits")
    return Reordered(rev, t.write_order(session, _habits, user_id=uid, ids=ids))
