"""Reminder e-mails as a user sets them (daily digest, per-habit times, unsubscribe), and what is due when."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.models import Habit, User
from easytrack.reminders import claims
from easytrack.reminders.due import due_at, format_time, parse_time
from easytrack.services import board, channels
from easytrack.services.channel_keys import APPRISE_PREFIX, EMAIL, PUSH, format_keys, parse_keys
from easytrack.services.errors import InvalidToken, ValidationError
from easytrack.services.profile import MAX_ID, get_user
from easytrack.services.tokens import is_plausible

OPEN = "0"  # a board cell still open today (see easytrack.domain.grid)


@dataclass(frozen=True)
class HabitReminder:
    habit_id: int
    name: str
    time: str  # "HH:MM", or "" for none
    channels: tuple[str, ...] = (EMAIL, PUSH)  # channel keys (see services.channel_keys)


@dataclass(frozen=True)
class ReminderSettings:
    """A user's reminders as the settings page shows them."""

    digest_enabled: bool
    digest_time: str
    unsubscribed: bool
    habits: list[HabitReminder]
    digest_channels: tuple[str, ...] = (EMAIL, PUSH)
    choices: tuple[tuple[str, str], ...] = ((EMAIL, "E-mail"), (PUSH, "Push"))  # (key, label) a reminder can use


@dataclass(frozen=True)
class Due:
    """A reminder whose local time has come today: `key` says which; `minute` is its local time."""

    key: claims.Key
    email: str
    minute: int


def get_settings(session: Session, *, user_id: int) -> ReminderSettings:
    """The user's reminder settings, with their active habits in display order."""
    user = get_user(session, user_id)
    rows = session.execute(select(Habit.id, Habit.name, Habit.reminder_minute, Habit.reminder_channels).where(
        Habit.user_id == user_id, Habit.archived.is_(False)).order_by(Habit.position, Habit.id)).all()
    choices = ((EMAIL, "E-mail"), (PUSH, "Push"),
               *((f"{APPRISE_PREFIX}{c.id}", c.name) for c in channels.list_channels(session, user_id=user_id)))
    known = {key for key, _ in choices}
    kept = lambda text: tuple(k for k, _ in choices if k in parse_keys(text) and k in known)  # noqa: E731
    habits = [HabitReminder(i, n, format_time(m) if m is not None else "", kept(c)) for i, n, m, c in rows]
    return ReminderSettings(user.digest_enabled, format_time(user.digest_minute),
                            user.reminders_unsubscribed_at is not None, habits, kept(user.digest_channels), choices)


def _minute_or_none(raw: object) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return parse_time(raw)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _clean_habit_times(raw: object) -> dict[int, int | None]:
    if not isinstance(raw, dict) or len(raw) > 10_000:
        raise ValidationError("Please check the reminder times.")
    cleaned: dict[int, int | None] = {}
    for key, value in raw.items():
        habit_id = int(key) if isinstance(key, str) and key.isdigit() and len(key) < 11 else key
        if isinstance(habit_id, bool) or not isinstance(habit_id, int) or not 0 < habit_id <= MAX_ID:
            raise ValidationError("Please check the reminder times.")
        cleaned[habit_id] = _minute_or_none(value)
    return cleaned


def _clean_channels(session: Session, user_id: int, raw: object) -> dict[str, str]:
    """{"digest" or habit id text: stored channel keys} from {the same: [channel keys]}; None: no change."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > 10_000:
        raise ValidationError("Please check where the reminders go.")
    own = {c.id for c in channels.list_channels(session, user_id=user_id)}
    return {str(key): format_keys(keys, channel_ids=own) for key, keys in raw.items()}


def save_settings(session: Session, *, user_id: int, digest_enabled: object, digest_time: object,
                  habit_times: object, now: datetime, via: object = None) -> ReminderSettings:
    """Store the digest (on/off and "HH:MM") and habit reminder times ({habit id: "HH:MM" or ""}), and
    where each goes (`via`: {"digest" or habit id: [channel keys]}; leave out what does not change).

    Saving turns reminders back on after an unsubscribe. Times already past today start tomorrow (no
    reminder fires the moment it is saved). Habits of other users are ignored like unknown ones.

    Raises:
        ValidationError: a time not "HH:MM", or arguments of the wrong type.
    """
    if not isinstance(digest_enabled, bool):
        raise ValidationError("Choose whether to get the daily e-mail.")
    minute, times = _minute_or_none(digest_time), _clean_habit_times(habit_times)
    chosen = _clean_channels(session, user_id, via)
    user = get_user(session, user_id)
    was_off = user.reminders_unsubscribed_at is not None
    due_before = set() if was_off else {d.key for d in _due_now(session, user, now=now)}
    user.digest_enabled, user.reminders_unsubscribed_at = digest_enabled, None
    user.digest_minute = user.digest_minute if minute is None else minute
    user.digest_channels = chosen.get("digest", user.digest_channels)
    owned = session.execute(select(Habit).where(Habit.user_id == user_id, Habit.id.in_(list(times)))).scalars()
    for habit in owned:
        habit.reminder_minute = times[habit.id]
        habit.reminder_channels = chosen.get(str(habit.id), habit.reminder_channels)
    session.flush()
    for due in _due_now(session, user, now=now):
        if due.key not in due_before:  # turned on, or moved to a time already past: starts tomorrow
            claims.settle(session, due.key, now=now)
    return get_settings(session, user_id=user_id)


def _due_now(session: Session, user: User, *, now: datetime) -> list[Due]:
    times = _habit_reminders(session, user_ids=[user.id]).get(user.id, [])
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


def _habit_reminders(session: Session, *, user_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """{user id: [(habit id, minute)]} of the active habits with a reminder time, in one query."""
    stmt = select(Habit.user_id, Habit.id, Habit.reminder_minute).where(
        Habit.user_id.in_(user_ids), Habit.archived.is_(False), Habit.reminder_minute.is_not(None))
    found: dict[int, list[tuple[int, int]]] = {}
    for user_id, habit_id, minute in session.execute(stmt):
        found.setdefault(user_id, []).append((habit_id, minute))
    return found


def _due_for_user(user: User, habit_times: list[tuple[int, int]], *, now: datetime) -> list[Due]:
    items = [(claims.HABIT, habit_id, minute) for habit_id, minute in habit_times]
    if user.digest_enabled:
        items.append((claims.DIGEST, user.id, user.digest_minute))
    today = today_in_zone(now, user.timezone)
    return [Due(claims.Key(user.id, kind, subject, today), user.email, minute)
            for kind, subject, minute in items if due_at(today, minute, user.timezone) <= now]


def due_reminders(session: Session, *, now: datetime) -> list[Due]:
    """Reminders due today (their local time has come in their user's zone) and not yet sent, for users
    who are confirmed, enabled and subscribed. Yesterday's are never due: each user's today is used."""
    has_habit_reminder = select(Habit.id).where(
        Habit.user_id == User.id, Habit.archived.is_(False), Habit.reminder_minute.is_not(None)).exists()
    users = session.execute(select(User).where(*_eligible(), or_(User.digest_enabled.is_(True),
                                                                 has_habit_reminder))).scalars().all()
    times = _habit_reminders(session, user_ids=[u.id for u in users])
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
