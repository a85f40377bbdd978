"""Reminders as a user sets them (the daily digest, unsubscribe; a habit's own in habit_reminders), and what is
due when."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.i18n import N_
from easytrack.models import Habit, User
from easytrack.reminders import claims
from easytrack.reminders.due import EVERY_DAY, due_today, format_time, parse_time
from easytrack.services import board, channels, habit_reminders
from easytrack.services.channel_keys import APPRISE_PREFIX, EMAIL, PUSH, format_keys, parse_keys
from easytrack.services.errors import InvalidToken, ValidationError
from easytrack.services.profile import get_user
from easytrack.services.tokens import is_plausible

BUILT_IN = (EMAIL, PUSH)  # the channels whose label is a msgid (the others are named by their owner)
OPEN = "0"  # a board cell still open today (see easytrack.domain.grid)


@dataclass(frozen=True)
class HabitReminders:
    """An active habit and its reminders (earliest first)."""

    habit_id: int
    name: str
    reminders: tuple[habit_reminders.Reminder, ...] = ()


@dataclass(frozen=True)
class ReminderSettings:
    """A user's reminders as the settings page shows them."""

    digest_enabled: bool
    digest_time: str
    unsubscribed: bool
    habits: list[HabitReminders]
    digest_channels: tuple[str, ...] = (EMAIL, PUSH)
    # (key, label) a reminder can use: e-mail and push labelled by msgids (BUILT_IN), the Apprise channels by their names
    choices: tuple[tuple[str, str], ...] = ((EMAIL, N_("E-mail")), (PUSH, N_("Push")))


@dataclass(frozen=True)
class Due:
    """A reminder whose local time has come today: `key` says which; `minute` is its local time."""

    key: claims.Key
    email: str
    minute: int


def _kept(choices: tuple[tuple[str, str], ...], keys) -> tuple[str, ...]:
    """The channel keys among `keys` that are still choices, in the order of the choices."""
    wanted = set(keys)
    return tuple(k for k, _ in choices if k in wanted)


def get_settings(session: Session, *, user_id: int) -> ReminderSettings:
    """The user's reminder settings, with their active habits in display order and each one's reminders."""
    user = get_user(session, user_id)
    rows = session.execute(select(Habit.id, Habit.name).where(
        Habit.user_id == user_id, Habit.archived.is_(False)).order_by(Habit.position, Habit.id)).all()
    choices = ((EMAIL, N_("E-mail")), (PUSH, N_("Push")),
               *((f"{APPRISE_PREFIX}{c.id}", c.name) for c in channels.list_channels(session, user_id=user_id)))
    found = habit_reminders.by_habit(session, user_id=user_id)
    habits = [HabitReminders(i, n, tuple(replace(r, channels=_kept(choices, r.channels)) for r in found.get(i, [])))
              for i, n in rows]
    return ReminderSettings(user.digest_enabled, format_time(user.digest_minute),
                            user.reminders_unsubscribed_at is not None, habits,
                            _kept(choices, parse_keys(user.digest_channels)), choices)


def _minute_or_none(raw: object) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return parse_time(raw)
    except ValueError as exc:  # its message is a msgid (N_ in easytrack.reminders.due)
        raise ValidationError(str(exc)) from None


def save_settings(session: Session, *, user_id: int, digest_enabled: object, digest_time: object,
                  now: datetime, digest_via: object = None) -> ReminderSettings:
    """Store the daily digest: on/off, its "HH:MM" and where it goes (`digest_via`: channel keys; None: no
    change). Habit reminders are set one by one (easytrack.services.habit_reminders).

    Saving turns reminders back on after an unsubscribe. Times already past today start tomorrow (no
    reminder fires the moment it is saved).

    Raises:
        ValidationError: a time not "HH:MM", or arguments of the wrong type.
    """
    if not isinstance(digest_enabled, bool):
        raise ValidationError("Choose whether to get the daily e-mail.")
    minute = _minute_or_none(digest_time)
    own = {c.id for c in channels.list_channels(session, user_id=user_id)}
    via = None if digest_via is None else format_keys(digest_via, channel_ids=own)
    user = get_user(session, user_id)
    was_off = user.reminders_unsubscribed_at is not None
    due_before = set() if was_off else {d.key for d in _due_now(session, user, now=now)}
    user.digest_enabled, user.reminders_unsubscribed_at = digest_enabled, None
    user.digest_minute = user.digest_minute if minute is None else minute
    user.digest_channels = user.digest_channels if via is None else via
    session.flush()
    for due in _due_now(session, user, now=now):
        if due.key not in due_before:  # turned on, or moved to a time already past: starts tomorrow
            claims.settle(session, due.key, now=now)
    return get_settings(session, user_id=user_id)


def _due_now(session: Session, user: User, *, now: datetime) -> list[Due]:
    times = habit_reminders.times_for(session, user_ids=[user.id]).get(user.id, [])
    return _due_for_user(user, times, now=now)


def resubscribe(session: Session, *, user_id: int, now: datetime) -> None:
    """Turn reminders back on after an unsubscribe (the settings stay as they were); those whose time
    already passed today start tomorrow."""
    user = get_user(session, user_id)
    if user.reminders_unsubscribed_at is not None:
        user.reminders_unsubscribed_at = None
        for due in _due_now(session, user, now=now):
            claims.settle(session, due.key, now=now)
        session.flush()


def unsubscribe_token(session: Session, *, user_id: int) -> str:
    """The user's unsubscribe token (made on first use): random, 256 bits, the same in every reminder."""
    user = get_user(session, user_id)
    if user.unsubscribe_token is None:
        user.unsubscribe_token = secrets.token_urlsafe(32)
        session.flush()
    return user.unsubscribe_token


def unsubscribe(session: Session, *, token: object, now: datetime) -> None:
    """Turn off every reminder of the user the link was mailed to (opening it twice is fine).

    Raises:
        InvalidToken: malformed or unknown.
    """
    if not is_plausible(token):
        raise InvalidToken()
    user = session.execute(select(User).where(User.unsubscribe_token == token)).scalar_one_or_none()
    if user is None:
        raise InvalidToken()
    if user.reminders_unsubscribed_at is None:
        user.reminders_unsubscribed_at = now
        session.flush()


def _eligible():
    return (User.is_confirmed.is_(True), User.is_disabled.is_(False), User.reminders_unsubscribed_at.is_(None))


def _due_for_user(user: User, times: list[tuple[int, int, int]], *, now: datetime) -> list[Due]:
    """The user's reminders due at `now` on their today: habit reminders ((id, minute, weekday mask)) on their
    weekdays, and the digest (every day) when it is on."""
    items = [(claims.REMINDER, rid, minute, mask) for rid, minute, mask in times]
    if user.digest_enabled:
        items.append((claims.DIGEST, user.id, user.digest_minute, EVERY_DAY))
    today = today_in_zone(now, user.timezone)
    come = due_today([(i, minute, mask) for i, (_, _, minute, mask) in enumerate(items)], user.timezone,
                     today=today, now=now)
    return [Due(claims.Key(user.id, items[i][0], items[i][1], today), user.email, minute) for i, minute in come]


def due_reminders(session: Session, *, now: datetime) -> list[Due]:
    """Reminders due today (their local time has come in their user's zone, on one of their weekdays) and not
    yet sent, for users who are confirmed, enabled and subscribed. Yesterday's are never due: each user's
    today is used."""
    users = session.execute(select(User).where(*_eligible(), or_(User.digest_enabled.is_(True),
                                                                 habit_reminders.has_any()))).scalars().all()
    times = habit_reminders.times_for(session, user_ids=[u.id for u in users])
    done = claims.sent_keys(session, since=(now - timedelta(days=2)).date())
    found = [d for user in users for d in _due_for_user(user, times.get(user.id, []), now=now)]
    return [d for d in found if (d.key.kind, d.key.subject_id, d.key.day) not in done]


def still_eligible(session: Session, *, user_id: int) -> User | None:
    """The user if reminders may still go to them now (confirmed, enabled, subscribed), else None."""
    return session.execute(select(User).where(User.id == user_id, *_eligible())).scalar_one_or_none()


def open_habits(session: Session, *, user: User, today: date) -> list[tuple[int, str]]:
    """(habit id, name) of the user's active habits still open on `today`, in display order."""
    rows = board.load_board(session, user_id=user.id, days=[today], today=today,
                            first_weekday=user.first_weekday).rows
    return [(row.habit_id, row.name) for row in rows if row.cells == OPEN]


def add_habit_reminder(session: Session, *, user_id: int, habit_id: object, time: object, weekdays: object,
                       via: object, now: datetime) -> ReminderSettings:
    """Add a reminder to the user's habit (see habit_reminders.check and add_reminder); the settings after."""
    wanted = habit_reminders.check(session, user_id=user_id, time=time, weekdays=weekdays, via=via)
    habit_reminders.add_reminder(session, user_id=user_id, habit_id=habit_id, wanted=wanted, now=now)
    return get_settings(session, user_id=user_id)


def update_habit_reminder(session: Session, *, user_id: int, reminder_id: object, time: object, weekdays: object,
                          via: object, now: datetime) -> ReminderSettings:
    """Change one of the user's habit reminders; the settings after."""
    wanted = habit_reminders.check(session, user_id=user_id, time=time, weekdays=weekdays, via=via)
    habit_reminders.update_reminder(session, user_id=user_id, reminder_id=reminder_id, wanted=wanted, now=now)
    return get_settings(session, user_id=user_id)


def remove_habit_reminder(session: Session, *, user_id: int, reminder_id: object) -> ReminderSettings:
    """Delete one of the user's habit reminders; the settings after."""
    habit_reminders.remove_reminder(session, user_id=user_id, reminder_id=reminder_id)
    return get_settings(session, user_id=user_id)
