"""Administration: the list of accounts, disabling, enabling and deleting them, and the registration policy.

Every function takes the acting user's id and checks in the database that it is an enabled admin, so a
forged or stale "is admin" flag in the UI grants nothing. Admins see accounts, never habits or check-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, select

from easytrack.i18n import N_
from easytrack.models import Habit, User
from easytrack.services import app_settings
from easytrack.services.errors import NotFound, ValidationError
from easytrack.services.profile import MAX_ID
from easytrack.services.sessions import end_all_sessions

NOT_YOURSELF = N_("You cannot do that to your own account.")


class NotAdmin(NotFound):
    """The caller is not an (enabled) admin: it looks like a page that does not exist."""

    default_message = N_("Not found.")


@dataclass(frozen=True)
class UserRow:
    """One account as the admin page lists it."""

    id: int
    email: str
    display_name: str
    created_at: datetime
    is_confirmed: bool
    is_disabled: bool
    is_admin: bool
    habit_count: int


def is_admin(session: Session, *, user_id: object) -> bool:
    """Whether `user_id` is an enabled, confirmed admin (read from the database)."""
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id <= MAX_ID:
        return False
    user = session.get(User, user_id)
    return bool(user and user.is_admin and user.is_confirmed and not user.is_disabled)


def require_admin(session: Session, *, user_id: object) -> None:
    """Raise NotAdmin unless `user_id` is an enabled admin."""
    if not is_admin(session, user_id=user_id):
        raise NotAdmin()


def list_users(session: Session, *, user_id: int) -> list[UserRow]:
    """Every account, oldest first, with its number of habits (admins only)."""
    require_admin(session, user_id=user_id)
    counts = select(Habit.user_id, func.count().label("n")).group_by(Habit.user_id).subquery()
    stmt = (select(User, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.user_id == User.id).order_by(User.created_at, User.id))
    return [UserRow(u.id, u.email, u.display_name, u.created_at, u.is_confirmed, u.is_disabled, u.is_admin, n)
            for u, n in session.exec(stmt)]


def _target(session: Session, *, user_id: int, target_id: object) -> User:
    require_admin(session, user_id=user_id)
    if isinstance(target_id, bool) or not isinstance(target_id, int) or not 0 < target_id <= MAX_ID:
        raise NotFound("That account no longer exists.")
    if target_id == user_id:
        raise ValidationError(NOT_YOURSELF)
    target = session.get(User, target_id)
    if target is None:
        raise NotFound("That account no longer exists.")
    return target


def set_disabled(session: Session, *, user_id: int, target_id: object, disabled: object) -> None:
    """Disable (or enable) another account; disabling deletes its sessions at once.

    Raises:
        NotAdmin; NotFound (no such account); ValidationError (yourself, or `disabled` not a bool).
    """
    if not isinstance(disabled, bool):
        raise ValidationError("Choose to disable or enable the account.")
    target = _target(session, user_id=user_id, target_id=target_id)
    target.is_disabled = disabled
    session.flush()
    if disabled:
        end_all_sessions(session, user_id=target.id)


def delete_user(session: Session, *, user_id: int, target_id: object) -> str:
    """Delete another account and everything in it (the database cascades); returns its address.

    Raises:
        NotAdmin; NotFound (no such account); ValidationError (yourself).
    """
    target = _target(session, user_id=user_id, target_id=target_id)
    email = target.email
    session.exec(delete(User).where(User.id == target.id))
    session.flush()
    return email


def registration_policy(session: Session, *, user_id: int, default_open: bool) -> app_settings.RegistrationPolicy:
    """The registration policy in force (admins only)."""
    require_admin(session, user_id=user_id)
    return app_settings.registration_policy(session, default_open=default_open)


def save_registration_policy(session: Session, *, user_id: int, open: object,
                             max_users: object) -> app_settings.RegistrationPolicy:
    """Open or close registration and set the maximum number of users (None or "" = no limit).

    Raises:
        NotAdmin; ValidationError (not a bool, or a limit that is not a whole number from 1).
    """
    require_admin(session, user_id=user_id)
    return app_settings.save_registration_policy(session, open=open, max_users=max_users)
