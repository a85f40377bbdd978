"""Logging in, and the password asked again while logged in: both throttled (see services.throttle);
re-exported by services.accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from sqlmodel import Session, select

from easytrack.i18n import N_
from easytrack.models import User
from easytrack.services import devices, passwords, throttle
from easytrack.services.errors import AuthFailed, NotConfirmed, ValidationError
from easytrack.services.profile import normalize_email
from easytrack.services.sessions import create_session

WRONG_LOGIN = N_("Wrong e-mail or password.")


@dataclass(frozen=True)
class LoginResult:
    """A new session token, and the device token the browser keeps for this account (None: keep its own)."""

    token: str
    user_id: int
    device_token: str | None = None


def check_login_allowed(session: Session, *, email: object, client_ip: object, device_tokens: object = "",
                        now: datetime) -> None:
    """Raise Throttled when a login for `email` from here would be refused now (cheap: nothing is hashed).

    The app calls it before queueing the password check, so refused attempts never wait for a hash.
    """
    throttle.check(session, _rules(session, email, client_ip, device_tokens), now=now)


def login(session: Session, *, email: object, password: object, client_ip: object, now: datetime,
          device_tokens: object = "") -> LoginResult:
    """Check the credentials and start a new session (a fresh token at every login).

    Order: throttle, then the password (against a dummy hash for unknown addresses, so the time taken does
    not tell), then the account's state. Unknown address, wrong password and disabled account fail alike and
    count towards throttling (the device's failures when `device_tokens` holds one signed for this account,
    else the pair's, the account's and the client address's); a success forgets the pair's or the device's.

    Raises:
        ValidationError: e-mail or password not a string.
        Throttled: see throttle.login_rules for the numbers.
        AuthFailed: "Wrong e-mail or password."
        NotConfirmed: the password was right but the address is not confirmed yet.
    """
    if not isinstance(email, str) or not isinstance(password, str):
        raise ValidationError("Enter your e-mail address and your password.")
    address = email_or_blank(email)
    rules = _rules(session, address, client_ip, device_tokens)
    throttle.check(session, rules, now=now)
    user = session.exec(select(User).where(User.email == address)).first() if address else None
    if user is None:
        passwords.verify_dummy(password)
        _failed(session, rules, now)
    matches, new_hash = passwords.verify_password(password, user.password_hash)
    if not matches or user.is_disabled:
        _failed(session, rules, now)
    if not user.is_confirmed:
        raise NotConfirmed()
    throttle.clear(session, [key for key, rule in rules if rule in (throttle.PAIR, throttle.DEVICE)])
    if new_hash:
        user.password_hash = new_hash
    trusted = any(rule is throttle.DEVICE for _, rule in rules)
    return LoginResult(token=create_session(session, user_id=user.id, now=now), user_id=user.id,
                       device_token=None if trusted else devices.issue(session, email=address))


def check_password(session: Session, user: User, password: object, *, now: datetime, message: str) -> None:
    """The password asked again while logged in: REAUTH rule per account, so a stolen session cannot guess.

    Raises:
        Throttled: too many wrong passwords lately.
        AuthFailed: `message`.
    """
    rules = [(f"reauth:{user.id}", throttle.REAUTH)]
    throttle.check(session, rules, now=now)
    if not passwords.verify_password(password, user.password_hash)[0]:
        throttle.record_failure(session, rules, now=now)
        raise AuthFailed(message)


def email_or_blank(raw: str) -> str:
    try:
        return normalize_email(raw)
    except ValidationError:
        return ""


def _rules(session: Session, email: object, client_ip: object, device_tokens: object):
    address = email_or_blank(email) if isinstance(email, str) else ""
    device = devices.device_for(session, email=address, tokens=device_tokens) if address else None
    return throttle.login_rules(email=address, ip=client_ip, device=device)


def _failed(session: Session, rules, now: datetime) -> NoReturn:
    throttle.record_failure(session, rules, now=now)
    raise AuthFailed(WRONG_LOGIN)
