"""Server-wide settings an admin changes (registration open or closed, a maximum number of users), and
registration under them; until an admin saves them, EASYTRACK_REGISTRATION is the default."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from easytrack.i18n import N_
from easytrack.models import AppSetting, User
from easytrack.services import accounts, passwords, ratelimits
from easytrack.services.errors import RegistrationClosed, ValidationError

REGISTRATION_KEY = "registration"  # "open" | "closed"
MAX_USERS_KEY = "max_users"  # a positive integer, or "" for no limit
MAX_USERS_LIMIT = 1_000_000
_LIMIT_TEXT = f"{MAX_USERS_LIMIT:,}"
FULL = N_("This server has reached its maximum number of users. Ask its administrator for an account.")


@dataclass(frozen=True)
class RegistrationPolicy:
    """Whether the public page may create accounts, and how many accounts the server takes (None = no limit)."""

    open: bool
    max_users: int | None


def _stored(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.exec(select(AppSetting))}


def registration_policy(session: Session, *, default_open: bool) -> RegistrationPolicy:
    """The stored policy; `default_open` (the EASYTRACK_REGISTRATION setting) while none is stored."""
    stored = _stored(session)
    is_open = stored[REGISTRATION_KEY] == "open" if REGISTRATION_KEY in stored else default_open
    limit = stored.get(MAX_USERS_KEY, "")
    return RegistrationPolicy(open=is_open, max_users=int(limit) if limit.isdigit() else None)


def clean_max_users(raw: object) -> int | None:
    """A maximum number of users from a form: None for empty (no limit), else an integer from 1.

    Raises:
        ValidationError: not a whole number between 1 and 1,000,000.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = raw.strip() if isinstance(raw, str) else raw
    if isinstance(text, bool) or not (isinstance(text, int) or (isinstance(text, str) and text.isdigit())):
        raise ValidationError("Enter the maximum number of users as a whole number, or leave it empty.")
    value = int(text)
    if not 1 <= value <= MAX_USERS_LIMIT:
        raise ValidationError("The maximum number of users must be between 1 and {n}.", n=_LIMIT_TEXT)
    return value


def save_registration_policy(session: Session, *, open: object, max_users: object) -> RegistrationPolicy:
    """Store the policy (validated); callers check that an admin asks (see services.admin)."""
    if not isinstance(open, bool):
        raise ValidationError("Choose whether registration is open.")
    limit = clean_max_users(max_users)
    stored = {row.key: row for row in session.exec(select(AppSetting))}
    for key, value in ((REGISTRATION_KEY, "open" if open else "closed"), (MAX_USERS_KEY, str(limit or ""))):
        row = stored.get(key)
        if row is None:
            session.add(AppSetting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    return RegistrationPolicy(open=open, max_users=limit)


def user_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def check_can_register(session: Session, *, default_open: bool) -> None:
    """Raise RegistrationClosed when the public page may not create an account now (closed, or full)."""
    policy = registration_policy(session, default_open=default_open)
    if not policy.open:
        raise RegistrationClosed()
    if policy.max_users is not None and user_count(session) >= policy.max_users:
        raise RegistrationClosed(FULL)


def check_registration_allowed(session: Session, *, email: object, password: object, display_name: object = "",
                               client_ip: object, now, default_open: bool) -> None:
    """The cheap checks of a registration, before its password is hashed: the input, the policy, and the
    REGISTER limit per client address and per address registered (counted only for valid input).

    Raises:
        RegistrationClosed, ValidationError: as register_account would.
        Throttled: too many registrations from this client address, or for this e-mail address.
    """
    check_can_register(session, default_open=default_open)
    address = accounts.normalize_email(email)
    accounts.clean_display_name(display_name)
    passwords.check_policy(password, email=address)
    ratelimits.take(session, ratelimits.REGISTER, account=address, ip=client_ip, now=now)


def promote_if_first(session: Session, *, user_id: int) -> bool:
    """Make `user_id` an admin when it is the only account (the first one created); returns whether it did.

    Two accounts created at the very same moment on an empty server could both see themselves alone: the
    unique index on `users.founder` lets only one of them be the founder, and the other stays a user.
    """
    if user_count(session) != 1:
        return False
    user = accounts.get_user(session, user_id)
    try:
        with session.begin_nested():
            user.founder, user.is_admin = True, True
            session.flush()
    except IntegrityError:  # another first account won (its transaction committed meanwhile)
        return False
    return True


def register_account(session: Session, *, email: object, password: object, display_name: object = "",
                     now, default_open: bool, language: object = "",
                     first_weekday: object = 0) -> accounts.Registration:
    """Registration from the public page: the stored policy applies, and the first account becomes admin.
    `language` and `first_weekday` are the new account's (see accounts.register).

    Raises:
        RegistrationClosed: closed, or the maximum number of users is reached (a message saying so).
        ValidationError: see accounts.register.
    """
    check_can_register(session, default_open=default_open)
    result = accounts.register(session, email=email, password=password, display_name=display_name, now=now,
                               language=language, first_weekday=first_weekday)
    if result.user_id is not None:
        promote_if_first(session, user_id=result.user_id)
    return result
