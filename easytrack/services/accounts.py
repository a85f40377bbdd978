"""Accounts: registration and confirmation, login, password reset and change, e-mail change, deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from easytrack import i18n
from easytrack.i18n import N_
from easytrack.models import ApiToken, User
from easytrack.services import devices, passwords, ratelimits, throttle, tokens
from easytrack.services.errors import InvalidToken, RegistrationClosed, ValidationError
from easytrack.services.login import check_password
from easytrack.services.login import LoginResult, check_login_allowed, login  # noqa: F401  (part of this API)
from easytrack.services.profile import BAD_EMAIL, MAX_EMAIL_LENGTH, clean_display_name, get_user  # noqa: F401
from easytrack.services.profile import normalize_email
from easytrack.services.profile import set_timezone_if_unset, update_profile  # noqa: F401  (part of this API)
from easytrack.services.sessions import create_session, end_all_sessions
from easytrack.services.sessions import SessionUser, end_session, validate_session  # noqa: F401  (part of this API)

WRONG_CURRENT = N_("Your current password is not correct.")
WRONG_PASSWORD = N_("Your password is not correct.")
ADDRESS_UNUSABLE = N_("That e-mail address cannot be used.")


@dataclass(frozen=True)
class Registration:
    """What register() did: a new user and its confirmation token, or the id of the account already there."""

    user_id: int | None
    confirm_token: str | None
    existing_user_id: int | None


@dataclass(frozen=True)
class EmailChange:
    """Where to mail after an e-mail change request: the link (`token`), or, when another account has the
    address, None (the caller then sends nothing and answers the same: no oracle, and no mail to a stranger)."""

    address: str
    token: str | None


def register(
    session: Session,
    *,
    email: object,
    password: object,
    display_name: object = "",
    now: datetime,
    registration_open: bool = True,
    language: object = "",
    first_weekday: object = 0,
) -> Registration:
    """Create an unconfirmed account and its confirmation token, unless the address is taken.

    For a taken address nothing is created (the password is hashed all the same, for equal timing) and
    `existing_user_id` is set so the caller can mail the owner a notice. The caller shows the same message
    in both cases, so registering reveals nothing about which addresses exist. A new account gets `language`
    (the registration page's, "" when not one of i18n.LANGUAGES) and `first_weekday` (the browser locale's;
    0 = Monday when not 0..6).

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
    user = User(email=address, display_name=name, password_hash=password_hash, created_at=now,
                language=i18n.supported(language) or "", first_weekday=_weekday_or_monday(first_weekday))
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


def request_password_reset(session: Session, *, email: object, now: datetime) -> tuple[int, str] | None:
    """A reset token valid 1 h as (user_id, token), replacing older ones; None for an unknown or disabled
    address. The caller shows the same message either way."""
    user = _by_email(session, normalize_email(email))
    if user is None or user.is_disabled:
        return None
    return user.id, tokens.issue(session, user_id=user.id, purpose=tokens.RESET, now=now)


def reset_password(session: Session, *, token: object, new_password: object, now: datetime) -> int:
    """Set a new password with a reset link; returns the user id.

    The link is used up, every session and every API token of the user ends (a reset means the password
    may be known to someone else), the account's login failures are forgotten, and an unconfirmed account
    becomes confirmed (the mail proved the address).

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
    revoke_api_tokens(session, user_id=user.id)
    throttle.clear(session, [key for key in (throttle.email_key(user.email), f"reauth:{user.id}") if key])
    return user.id


def new_device_token(session: Session, *, user_id: int) -> str:
    """A device token for the browser that just proved it reads the account's mail (a reset link)."""
    return devices.issue(session, email=get_user(session, user_id).email)


def change_password(
    session: Session, *, user_id: int, current_password: object, new_password: object, now: datetime,
    revoke_tokens: object = True,
) -> str:
    """Replace the password after checking the current one; every session ends and a fresh session token is
    returned for the browser that asked. Pending reset links stop working, and so do the user's API tokens
    unless `revoke_tokens` is False (the settings page offers to keep them).

    Raises:
        ValidationError: the new password breaks the policy.
        Throttled / AuthFailed: "Your current password is not correct." (see login.check_password).
    """
    user = get_user(session, user_id)
    passwords.check_policy(new_password, email=user.email)
    check_password(session, user, current_password, now=now, message=WRONG_CURRENT)
    user.password_hash = passwords.hash_password(new_password)
    tokens.revoke(session, user_id=user.id, purpose=tokens.RESET)
    if revoke_tokens is not False:
        revoke_api_tokens(session, user_id=user.id)
    end_all_sessions(session, user_id=user.id)
    return create_session(session, user_id=user.id, now=now)


def revoke_api_tokens(session: Session, *, user_id: int) -> None:
    """Every API token of the user stops working."""
    session.exec(delete(ApiToken).where(ApiToken.user_id == user_id))
    session.flush()


def request_email_change(session: Session, *, user_id: int, password: object, new_email: object,
                         now: datetime, client_ip: object = None) -> EmailChange:
    """A token (valid 24 h) to mail to `new_email`; the address changes when it is confirmed.

    When another account has the address, no token is made (`token` None) and the caller answers as if
    one were sent: the form must not tell which addresses are registered.

    Raises:
        ValidationError: malformed address, or the current one.
        Throttled: ratelimits.EMAIL_CHANGE per account and client address, or too many wrong passwords.
        AuthFailed: wrong password.
    """
    user = get_user(session, user_id)
    address = normalize_email(new_email)
    if address == user.email:
        raise ValidationError("That is already your e-mail address.")
    ratelimits.take(session, ratelimits.EMAIL_CHANGE, account=user.id, ip=client_ip, now=now)
    check_password(session, user, password, now=now, message=WRONG_PASSWORD)
    if _by_email(session, address) is not None:
        return EmailChange(address=address, token=None)
    return EmailChange(address=address,
                       token=tokens.issue(session, user_id=user.id, purpose=tokens.EMAIL, now=now, payload=address))


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


def delete_account(session: Session, *, user_id: int, password: object, now: datetime) -> None:
    """Delete the account after checking its password (throttled as in login.check_password); the
    database cascades to its sessions, tokens, groups, habits and check-ins.

    Raises:
        Throttled / AuthFailed: "Your password is not correct."
    """
    user = get_user(session, user_id)
    check_password(session, user, password, now=now, message=WRONG_PASSWORD)
    session.exec(delete(User).where(User.id == user.id))
    session.flush()


def _weekday_or_monday(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6 else 0


def _by_email(session: Session, address: str) -> User | None:
    return session.exec(select(User).where(User.email == address)).first()


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
