"""Accounts: registration and confirmation, login, password reset and change, e-mail change, deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from easytrack.models import User
from easytrack.services import passwords, throttle, tokens
from easytrack.services.errors import AuthFailed, InvalidToken, NotConfirmed, RegistrationClosed, ValidationError
from easytrack.services.profile import clean_display_name, get_user
from easytrack.services.profile import set_timezone_if_unset, update_profile  # noqa: F401  (part of this API)
from easytrack.services.sessions import create_session, end_all_sessions
from easytrack.services.sessions import SessionUser, end_session, validate_session  # noqa: F401  (part of this API)

MAX_EMAIL_LENGTH = 254
BAD_EMAIL = "Enter a valid e-mail address."
WRONG_LOGIN = "Wrong e-mail or password."
WRONG_CURRENT = "Your current password is not correct."
WRONG_PASSWORD = "Your password is not correct."
ADDRESS_UNUSABLE = "That e-mail address cannot be used."


@dataclass(frozen=True)
class Registration:
    """What register() did: a new user and its confirmation token, or the id of the account already there."""

    user_id: int | None
    confirm_token: str | None
    existing_user_id: int | None


@dataclass(frozen=True)
class LoginResult:
    token: str
    user_id: int


def normalize_email(raw: object) -> str:
    """`raw` stripped, checked for syntax (no DNS lookup) and lower-cased.

    Raises:
        ValidationError: "Enter a valid e-mail address." for a non-string, empty, malformed or over 254
            characters.
    """
    if not isinstance(raw, str) or not 0 < len(raw.strip()) <= MAX_EMAIL_LENGTH:
        raise ValidationError(BAD_EMAIL)
    try:
        address = validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationError(BAD_EMAIL) from None
    if len(address) > MAX_EMAIL_LENGTH:
        raise ValidationError(BAD_EMAIL)
    return address


def register(
    session: Session,
    *,
    email: object,
    password: object,
    display_name: object = "",
    now: datetime,
    registration_open: bool = True,
) -> Registration:
    """Create an unconfirmed account and its confirmation token, unless the address is taken.

    For a taken address nothing is created (the password is hashed all the same, for equal timing) and
    `existing_user_id` is set so the caller can mail the owner a notice. The caller shows the same message
    in both cases, so registering reveals nothing about which addresses exist.

    Raises:
        RegistrationClosed: when `registration_open` is false.
        ValidationError: bad address, display name (over 100 characters) or password (see check_policy).
    """
    if not registration_open:
        raise RegistrationClosed()
    address = normalize_email(email)
    name = clean_display_name(display_name)
    passwords.check_policy(password, email=address)
    password_hash = passwords.hash_password(password)
    existing = _by_email(session, address)
    if existing is not None:
        return Registration(user_id=None, confirm_token=None, existing_user_id=existing.id)
    user = User(email=address, display_name=name, password_hash=password_hash, created_at=now)
    session.add(user)
    _flush_address(session)
    token = tokens.issue(session, user_id=user.id, purpose=tokens.CONFIRM, now=now)
    return Registration(user_id=user.id, confirm_token=token, existing_user_id=None)


def confirm_account(session: Session, *, token: object, now: datetime) -> int:
    """Confirm the account a confirmation link was sent for; returns its user id.

    Raises:
        InvalidToken: "This link is invalid or has expired." (malformed, unknown, used or past 24 h).
    """
    ticket = tokens.redeem(session, token=token, purpose=tokens.CONFIRM, now=now)
    _confirm(get_user(session, ticket.user_id), now)
    session.flush()
    return ticket.user_id


def resend_confirmation(session: Session, *, email: object, now: datetime) -> tuple[int, str] | None:
    """A new confirmation token (the older one stops working) as (user_id, token); None for an unknown,
    disabled or already confirmed address. The caller shows the same message either way."""
    user = _by_email(session, normalize_email(email))
    if user is None or user.is_confirmed or user.is_disabled:
        return None
    return user.id, tokens.issue(session, user_id=user.id, purpose=tokens.CONFIRM, now=now)


def login(session: Session, *, email: object, password: object, client_ip: object, now: datetime) -> LoginResult:
    """Check the credentials and start a new session (a fresh token at every login).

    Order: throttle, then the password (against a dummy hash for unknown addresses, so the time taken does
    not tell), then the account's state. Unknown address, wrong password and disabled account fail alike and
    count towards throttling; a successful login clears the account's failures.

    Raises:
        ValidationError: e-mail or password not a string.
        Throttled: 5 failures for this address or this client address in the last 15 minutes.
        AuthFailed: "Wrong e-mail or password."
        NotConfirmed: the password was right but the address is not confirmed yet.
    """
    if not isinstance(email, str) or not isinstance(password, str):
        raise ValidationError("Enter your e-mail address and your password.")
    address = _email_or_blank(email)
    throttle.check(session, email=address, ip=client_ip, now=now)
    user = _by_email(session, address) if address else None
    if user is None:
        passwords.verify_dummy(password)
        _login_failed(session, address, client_ip, now)
    matches, new_hash = passwords.verify_password(password, user.password_hash)
    if not matches or user.is_disabled:
        _login_failed(session, address, client_ip, now)
    if not user.is_confirmed:
        raise NotConfirmed()
    throttle.clear(session, email=address)
    if new_hash:
        user.password_hash = new_hash
    return LoginResult(token=create_session(session, user_id=user.id, now=now), user_id=user.id)


def request_password_reset(session: Session, *, email: object, now: datetime) -> tuple[int, str] | None:
    """A reset token valid 1 h as (user_id, token), replacing older ones; None for an unknown or disabled
    address. The caller shows the same message either way."""
    user = _by_email(session, normalize_email(email))
    if user is None or user.is_disabled:
        return None
    return user.id, tokens.issue(session, user_id=user.id, purpose=tokens.RESET, now=now)


def reset_password(session: Session, *, token: object, new_password: object, now: datetime) -> int:
    """Set a new password with a reset link; returns the user id.

    The link is used up, every session of the user ends, the account's login failures are forgotten, and an
    unconfirmed account becomes confirmed (the mail proved the address).

    Raises:
        InvalidToken: malformed, unknown, used or past 1 h.
        ValidationError: the new password breaks the policy (the link stays usable).
    """
    if not tokens.is_plausible(token):
        raise InvalidToken()
    passwords.check_policy(new_password)
    ticket = tokens.redeem(session, token=token, purpose=tokens.RESET, now=now)
    user = get_user(session, ticket.user_id)
    passwords.check_policy(new_password, email=user.email)
    user.password_hash = passwords.hash_password(new_password)
    _confirm(user, now)
    end_all_sessions(session, user_id=user.id)
    throttle.clear(session, email=user.email)
    return user.id


def change_password(
    session: Session, *, user_id: int, current_password: object, new_password: object, now: datetime
) -> str:
    """Replace the password after checking the current one; every session ends and a fresh session token is
    returned for the browser that asked. Pending reset links stop working.

    Raises:
        ValidationError: the new password breaks the policy.
        Throttled / AuthFailed: "Your current password is not correct." (failures count as failed logins).
    """
    user = get_user(session, user_id)
    passwords.check_policy(new_password, email=user.email)
    _check_password(session, user, current_password, now=now, message=WRONG_CURRENT)
    user.password_hash = passwords.hash_password(new_password)
    tokens.revoke(session, user_id=user.id, purpose=tokens.RESET)
    end_all_sessions(session, user_id=user.id)
    return create_session(session, user_id=user.id, now=now)


def request_email_change(session: Session, *, user_id: int, password: object, new_email: object, now: datetime) -> str:
    """A token (valid 24 h) to mail to `new_email`; the address changes when it is confirmed.

    Raises:
        ValidationError: malformed address, the current one, or "That e-mail address cannot be used."
            when another account has it (told only after the password was checked).
        Throttled / AuthFailed: wrong password.
    """
    user = get_user(session, user_id)
    address = normalize_email(new_email)
    if address == user.email:
        raise ValidationError("That is already your e-mail address.")
    _check_password(session, user, password, now=now, message=WRONG_PASSWORD)
    if _by_email(session, address) is not None:
        raise ValidationError(ADDRESS_UNUSABLE)
    return tokens.issue(session, user_id=user.id, purpose=tokens.EMAIL, now=now, payload=address)


def confirm_email_change(session: Session, *, token: object, now: datetime) -> int:
    """Switch the account to the address the link was sent to; returns the user id. Reset links mailed to
    the old address stop working.

    Raises:
        InvalidToken: malformed, unknown, used or past 24 h.
        ValidationError: "That e-mail address cannot be used." when another account took it meanwhile.
    """
    ticket = tokens.redeem(session, token=token, purpose=tokens.EMAIL, now=now)
    user = get_user(session, ticket.user_id)
    if _by_email(session, ticket.payload) is not None:
        raise ValidationError(ADDRESS_UNUSABLE)
    user.email = ticket.payload
    _confirm(user, now)
    _flush_address(session)
    tokens.revoke(session, user_id=user.id, purpose=tokens.RESET)
    return user.id


def delete_account(session: Session, *, user_id: int, password: object) -> None:
    """Delete the account after checking its password; the database cascades to its sessions, tokens,
    groups, habits and check-ins.

    Raises:
        AuthFailed: "Your password is not correct."
    """
    user = get_user(session, user_id)
    if not passwords.verify_password(password, user.password_hash)[0]:
        raise AuthFailed(WRONG_PASSWORD)
    session.exec(delete(User).where(User.id == user.id))
    session.flush()


def _by_email(session: Session, address: str) -> User | None:
    return session.exec(select(User).where(User.email == address)).first()


def _email_or_blank(raw: str) -> str:
    try:
        return normalize_email(raw)
    except ValidationError:
        return ""


def _confirm(user: User, now: datetime) -> None:
    if not user.is_confirmed:
        user.is_confirmed = True
        user.confirmed_at = now


def _flush_address(session: Session) -> None:
    """Flush a new or changed address; losing a race for it to another transaction is a validation error."""
    try:
        session.flush()
    except IntegrityError:
        raise ValidationError(ADDRESS_UNUSABLE) from None


def _check_password(session: Session, user: User, password: object, *, now: datetime, message: str) -> None:
    throttle.check(session, email=user.email, ip=None, now=now)
    if not passwords.verify_password(password, user.password_hash)[0]:
        throttle.record_failure(session, email=user.email, ip=None, now=now)
        raise AuthFailed(message)


def _login_failed(session: Session, address: str, client_ip: object, now: datetime) -> NoReturn:
    throttle.record_failure(session, email=address, ip=client_ip, now=now)
    raise AuthFailed(WRONG_LOGIN)
