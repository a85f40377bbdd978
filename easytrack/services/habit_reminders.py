"""A habit's reminders as its owner sets them: several local times, each on its own weekdays and channels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.i18n import N_
from easytrack.models import Habit, HabitReminder, User
from easytrack.reminders import claims
from easytrack.reminders.due import due_today, format_time, parse_time, weekday_mask, weekdays_of
from easytrack.services import _tracker as t
from easytrack.services import channels
from easytrack.services.channel_keys import DEFAULT, format_keys, parse_keys
from easytrack.services.errors import HabitNotFound, NotFound, ValidationError

MAX_PER_HABIT = 10
TOO_MANY = N_("A habit can have at most {n} reminders: remove one first.")  # n: MAX_PER_HABIT


class ReminderNotFound(NotFound):
    default_message = N_("That reminder no longer exists.")


@dataclass(frozen=True)
class Reminder:
    """One reminder as its owner sees it: "HH:MM", weekday numbers (0 = Monday), channel keys."""

    id: int
    habit_id: int
    time: str
    weekdays: tuple[int, ...]
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Wanted:
    """A checked reminder, ready to store."""

    minute: int
    weekdays: int
    channels: str


def _reminder(row: HabitReminder) -> Reminder:
    keys = parse_keys(row.channels)
    order = sorted(keys, key=lambda k: (k != "email", k != "push", len(k), k))
    return Reminder(row.id, row.habit_id, format_time(row.minute), weekdays_of(row.weekdays), tuple(order))


def check(session: Session, *, user_id: int, time: object, weekdays: object, via: object = None) -> Wanted:
    """A reminder from what a form or the API sent: "HH:MM", weekday numbers, channel keys (None: e-mail
    and push). Apprise channels that are not the user's are dropped.

    Raises:
        ValidationError: a bad time, no weekday, or channels that are not a list of channel keys.
    """
    try:
        minute, mask = parse_time(time), weekday_mask(weekdays)
    except ValueError as exc:  # its message is a msgid (N_ in easytrack.reminders.due)
        raise ValidationError(str(exc)) from None
    if via is None:
        return Wanted(minute, mask, DEFAULT)
    own = {c.id for c in channels.list_channels(session, user_id=user_id)}
    return Wanted(minute, mask, format_keys(via, channel_ids=own))


def _habit(session: Session, user_id: object, habit_id: object) -> Habit:
    uid, hid = t.user_key(user_id), t.checked_id(habit_id, HabitNotFound)
    habit = session.get(Habit, hid)
    if habit is None or habit.user_id != uid:
        raise HabitNotFound()
    return habit


def _rows(session: Session, habit_id: int) -> list[HabitReminder]:
    return list(session.execute(select(HabitReminder).where(HabitReminder.habit_id == habit_id)
                                .order_by(HabitReminder.minute)).scalars())


def list_reminders(session: Session, *, user_id: int, habit_id: object) -> list[Reminder]:
    """The habit's reminders, earliest time first.

    Raises:
        HabitNotFound: no such habit of this user.
    """
    return [_reminder(row) for row in _rows(session, _habit(session, user_id, habit_id).id)]


def _due(session: Session, row: HabitReminder, now: datetime) -> claims.Key | None:
    """The claim key of `row` for today if its time already came today (else None)."""
    user = session.get(User, row.user_id)
    today = today_in_zone(now, user.timezone)
    if due_today([(row.id, row.minute, row.weekdays)], user.timezone, today=today, now=now):
        return claims.Key(user.id, claims.REMINDER, row.id, today)
    return None


def _settle_new(session: Session, row: HabitReminder, *, was_due: bool, now: datetime) -> None:
    """A reminder added or moved to a time already past today starts on its next day (none fires at once)."""
    session.flush()
    key = _due(session, row, now)
    if key is not None and not was_due:
        claims.settle(session, key, now=now)


def _taken(rows: list[HabitReminder], minute: int, *, but: int | None = None) -> None:
    if any(r.minute == minute and r.id != but for r in rows):
        raise ValidationError("This habit already has a reminder at {time}.", time=format_time(minute))


def add_reminder(session: Session, *, user_id: int, habit_id: object, wanted: Wanted, now: datetime) -> Reminder:
    """Add a reminder to the user's habit.

    Raises:
        HabitNotFound: no such habit of this user.
        ValidationError: the habit has a reminder at that time already, or MAX_PER_HABIT of them.
    """
    habit = _habit(session, user_id, habit_id)
    rows = _rows(session, habit.id)
    _taken(rows, wanted.minute)
    if len(rows) >= MAX_PER_HABIT:
        raise ValidationError(TOO_MANY, n=MAX_PER_HABIT)
    row = HabitReminder(habit_id=habit.id, user_id=habit.user_id, minute=wanted.minute, weekdays=wanted.weekdays,
                        channels=wanted.channels)
    session.add(row)
    _settle_new(session, row, was_due=False, now=now)
    return _reminder(row)


def _own_row(session: Session, user_id: object, reminder_id: object) -> HabitReminder:
    uid, rid = t.user_key(user_id), t.checked_id(reminder_id, ReminderNotFound)
    row = session.get(HabitReminder, rid)
    if row is None or row.user_id != uid:
        raise ReminderNotFound()
    return row


def update_reminder(session: Session, *, user_id: int, reminder_id: object, wanted: Wanted,
                    now: datetime) -> Reminder:
    """Change one of the user's reminders (time, weekdays, channels).

    Raises:
        ReminderNotFound: no such reminder of this user.
        ValidationError: another reminder of the habit has that time.
    """
    row = _own_row(session, user_id, reminder_id)
    _taken(_rows(session, row.habit_id), wanted.minute, but=row.id)
    was_due = _due(session, row, now) is not None
    row.minute, row.weekdays, row.channels = wanted.minute, wanted.weekdays, wanted.channels
    _settle_new(session, row, was_due=was_due, now=now)
    return _reminder(row)


def remove_reminder(session: Session, *, user_id: int, reminder_id: object) -> None:
    """Delete one of the user's reminders.

    Raises:
        ReminderNotFound: no such reminder of this user.
    """
    session.delete(_own_row(session, user_id, reminder_id))
    session.flush()


def replace_reminders(session: Session, *, user_id: int, habit_id: object, wanted: list[Wanted],
                      now: datetime) -> list[Reminder]:
    """Make the habit's reminders exactly `wanted`: a reminder at a time it already had keeps its id (and
    so today's claim); the others are deleted or added. Returns them earliest first.

    Raises:
        HabitNotFound: no such habit of this user.
        ValidationError: two reminders at one time, or more than MAX_PER_HABIT.
    """
    habit = _habit(session, user_id, habit_id)
    if len(wanted) > MAX_PER_HABIT:
        raise ValidationError(TOO_MANY, n=MAX_PER_HABIT)
    if len({w.minute for w in wanted}) != len(wanted):
        raise ValidationError("Two reminders of a habit cannot have the same time.")
    by_minute = {row.minute: row for row in _rows(session, habit.id)}
    keep = {w.minute for w in wanted}
    stale = [row.id for minute, row in by_minute.items() if minute not in keep]
    if stale:
        session.execute(delete(HabitReminder).where(HabitReminder.id.in_(stale)))
    for item in wanted:
        row = by_minute.get(item.minute)
        was_due = row is not None and _due(session, row, now) is not None
        if row is None:
            row = HabitReminder(habit_id=habit.id, user_id=habit.user_id, minute=item.minute)
            session.add(row)
        row.weekdays, row.channels = item.weekdays, item.channels
        _settle_new(session, row, was_due=was_due, now=now)
    return list_reminders(session, user_id=user_id, habit_id=habit.id)


def by_habit(session: Session, *, user_id: int) -> dict[int, list[Reminder]]:
    """{habit id: its reminders, earliest first} of all the user's habits, in one query."""
    found: dict[int, list[Reminder]] = {}
    stmt = select(HabitReminder).where(HabitReminder.user_id == t.user_key(user_id)).order_by(
        HabitReminder.habit_id, HabitReminder.minute)
    for row in session.execute(stmt).scalars():
        found.setdefault(row.habit_id, []).append(_reminder(row))
    return found


def times_for(session: Session, *, user_ids: list[int]) -> dict[int, list[tuple[int, int, int]]]:
    """{user id: [(reminder id, minute, weekday mask)]} of the reminders of their active habits, in one query
    (the scheduler's read)."""
    stmt = (select(HabitReminder.user_id, HabitReminder.id, HabitReminder.minute, HabitReminder.weekdays)
            .join(Habit, Habit.id == HabitReminder.habit_id)
            .where(HabitReminder.user_id.in_(user_ids), Habit.archived.is_(False))
            .order_by(HabitReminder.id))
    found: dict[int, list[tuple[int, int, int]]] = {}
    for user_id, rid, minute, mask in session.execute(stmt):
        found.setdefault(user_id, []).append((rid, minute, mask))
    return found


def has_any():
    """An EXISTS clause: the user (User.id, correlated) has a reminder on an active habit."""
    return (select(HabitReminder.id).join(Habit, Habit.id == HabitReminder.habit_id)
            .where(HabitReminder.user_id == User.id, Habit.archived.is_(False)).exists())

