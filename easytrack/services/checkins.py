"""Check-ins: set or clear one day of a habit, and read a habit's history.

Same rules as `easytrack.services.habits`: scoped to `user_id` in SQL, one revision bump per
mutation (taken before the checks and writes), flush but never commit, roll back after any exception.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from sqlalchemy import and_, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from easytrack.domain.calendar import MAX_YEAR, MIN_YEAR
from easytrack.domain.marks import State
from easytrack.models import CheckIn, Habit, utcnow
from easytrack.i18n import N_
from easytrack.services import _tracker as t
from easytrack.services import habits, revisions
from easytrack.services.errors import HabitNotFound, ValidationError
from easytrack.services.tracker_types import CheckinChange, CheckinInfo, HabitInfo

MAX_AMOUNT = 1e6
MAX_NOTE = 1000
STATES = tuple(s.value for s in State)

_checkins = CheckIn.__table__
_habits = Habit.__table__
_VALUE_COLUMNS = [_checkins.c.day, _checkins.c.state, _checkins.c.amount, _checkins.c.note]
_Entry = tuple[str | None, float | None, str | None]  # (state, amount, note) as checked
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


_DAY_ERRORS = {
    "day": (N_("Please pick a day."), N_("Please pick a day between {low} and {high}.")),
    "current day": (N_("Please pick a current day."), N_("Please pick a current day between {low} and {high}.")),
    "start day": (N_("Please pick a start day."), N_("Please pick a start day between {low} and {high}.")),
    "end day": (N_("Please pick an end day."), N_("Please pick an end day between {low} and {high}.")),
}


def _checked_day(value: object, what: str = "day") -> date:
    """Return `value` if it is a `date` (not a datetime) with a year in MIN_YEAR..MAX_YEAR."""
    missing, out_of_range = _DAY_ERRORS[what]
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(missing)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(out_of_range, low=MIN_YEAR, high=MAX_YEAR)
    return value


def _info(row) -> CheckinInfo:
    amount = None if row.amount is None else float(row.amount)  # SQLite's RETURNING may give an int
    return CheckinInfo(day=row.day, state=row.state, amount=amount, note=row.note)


def _checked_entry(state: object, amount: object, note: object) -> _Entry:
    if state is not None and (not isinstance(state, str) or state not in STATES):
        raise ValidationError("A day can only be marked done, skipped or not done.")
    if amount is not None:
        amount = t.clean_number(amount, what="The amount", high=MAX_AMOUNT)
    if note is not None:
        note = t.clean_text(note, max_len=MAX_NOTE, what="Notes")
    return (None if state is None else State(state).value), amount, note


_CLEAR = delete(_checkins).where(_checkins.c.habit_id == bindparam("habit_id"), _checkins.c.day == bindparam("day"))


@functools.cache
def _upsert(dialect: str, *, amount: bool, note: bool):
    """INSERT … ON CONFLICT (habit_id, day) DO UPDATE in `dialect`, returning the row; built once per shape.

    The update sets the state and time, and the amount and note only when given (`amount`, `note`): a
    concurrent insert of the same day turns into an update instead of a duplicate or an error.
    """
    if dialect not in _INSERTS:
        raise RuntimeError(f"check-ins need SQLite or PostgreSQL, not {dialect}")
    names = ("habit_id", "day", "state", "updated_at", "amount", "note")
    stmt = _INSERTS[dialect](_checkins).values({name: bindparam(name) for name in names})
    changed = ["state", "updated_at"] + ["amount"] * amount + ["note"] * note
    stmt = stmt.on_conflict_do_update(index_elements=["habit_id", "day"],
                                      set_={name: stmt.excluded[name] for name in changed})
    return stmt.returning(*_VALUE_COLUMNS)


def set_checkin(session: Session, *, user_id: int, habit_id: int, day: date, state: str | None,
                amount: float | None = None, note: str | None = None, today: date,
                now: datetime | None = None) -> CheckinChange:
    """Mark a day of a habit or clear it: `change_day` without the habit it read."""
    return change_day(session, user_id=user_id, habit_id=habit_id, day=day, state=state, amount=amount,
                      note=note, today=today, now=now)[0]


def change_day(
    session: Session,
    *,
    user_id: int,
    habit_id: int,
    day: date,
    state: str | None,
    amount: float | None = None,
    note: str | None = None,
    today: date,
    now: datetime | None = None,
) -> tuple[CheckinChange, HabitInfo]:
    """Mark `day` of a habit "done", "skip" or "no", or clear it (`state=None` deletes the whole day);
    return the change and the habit as read on the way (so a caller can redraw it without reading again).

    `amount` and `note` are set when given and left as stored when None (a new day gets no amount
    and an empty note); clearing a day ignores them. Setting the same value again still bumps the
    revision (simpler, and every call is then one ordered change). `now` (aware) becomes
    `updated_at`; it defaults to the current time.

    Raises:
        ValidationError: for a day after `today` or outside 1900..9998, an unknown state, an
            amount (finite, 0..1e6) on a yes/no habit or out of range, a note over 1,000 characters.
        HabitNotFound: if the habit does not exist or is someone else's.
    """
    uid, hid = t.user_key(user_id), t.checked_id(habit_id, HabitNotFound)
    day = _checked_day(day)
    if day > _checked_day(today, "current day"):
        raise ValidationError("You can't fill in a day in the future.")
    state, amount, note = _checked_entry(state, amount, note)
    rev = revisions.bump(session, user_id=uid)
    habit = habits.get_habit(session, user_id=uid, habit_id=hid)
    if state is None:
        session.execute(_CLEAR, {"habit_id": hid, "day": day})
        return CheckinChange(rev, hid, day, None), habit
    if amount is not None and not habit.measurable:
        raise ValidationError("Only measurable habits take an amount.")
    stmt = _upsert(session.get_bind().dialect.name, amount=amount is not None, note=note is not None)
    row = session.execute(stmt, {"habit_id": hid, "day": day, "state": state, "updated_at": now or utcnow(),
                                 "amount": amount, "note": note or ""}).one()
    return CheckinChange(rev, hid, day, _info(row)), habit


def _habit_days(session: Session, *, user_id: int, habit_id: object, on) -> dict[date, CheckinInfo]:
    """The habit's check-ins matching the join condition `on`, oldest first, in one query."""
    hid = t.checked_id(habit_id, HabitNotFound)
    stmt = (
        select(_habits.c.id, *_VALUE_COLUMNS)
        .select_from(_habits.outerjoin(_checkins, and_(_checkins.c.habit_id == _habits.c.id, on)))
        .where(_habits.c.id == hid, _habits.c.user_id == t.user_key(user_id))
        .order_by(_checkins.c.day)
    )
    rows = session.exec(stmt).all()
    if not rows:
        raise HabitNotFound()
    return {row.day: _info(row) for row in rows if row.day is not None}


def get_history(session: Session, *, user_id: int, habit_id: int) -> dict[date, CheckinInfo]:
    """Return every day with a check-in for one of the user's habits, oldest first (for streaks, scores).

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
    """
    return _habit_days(session, user_id=user_id, habit_id=habit_id, on=True)


def list_checkins(
    session: Session, *, user_id: int, habit_id: int, start: date, end: date
) -> dict[date, CheckinInfo]:
    """Return the habit's check-ins from `start` to `end`, both inclusive, oldest first.

    Raises:
        HabitNotFound: if the habit does not exist or is someone else's.
        ValidationError: if `start` or `end` is not a day in 1900..9998.
    """
    start, end = _checked_day(start, "start day"), _checked_day(end, "end day")
    on = _checkins.c.day.between(start, end)
    return _habit_days(session, user_id=user_id, habit_id=habit_id, on=on)
