"""Login throttling per account and per client address, kept in the database so every worker shares it."""

from __future__ import annotations

import ipaddress
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from easytrack.models import LoginFailure
from easytrack.services.errors import Throttled

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)
PRUNE_ONE_IN = 20  # record_failure prunes old rows on about one call in this many


def email_key(email: object) -> str | None:
    """The key for an account ("email:<lower-cased address>"), or None for something that is no address."""
    if not isinstance(email, str):
        return None
    address = email.strip().lower()
    if not address or len(address) > 254 or not address.isprintable():
        return None
    return f"email:{address}"


def ip_key(ip: object) -> str | None:
    """The key for a client address ("ip:<addr>"; IPv6 by /64 network), or None when unknown or malformed."""
    if not isinstance(ip, str) or not ip or len(ip) > 64:
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"ip:{address.ipv4_mapped}"
        return f"ip:{ipaddress.ip_network((address, 64), strict=False)}"
    return f"ip:{address}"


def check(session: Session, *, email: object, ip: object, now: datetime) -> None:
    """Refuse a login attempt while the account or the client address has had MAX_FAILURES (5) or more
    failures in the last WINDOW (15 minutes, failures exactly 15 minutes old no longer count).

    Raises:
        Throttled: with the minutes (rounded up) until enough failures age out to allow one more attempt.
    """
    wait = max((_wait(session, key, now) for key in _keys(email, ip)), default=timedelta(0))
    if wait > timedelta(0):
        seconds = math.ceil(wait.total_seconds())
        minutes = math.ceil(seconds / 60)
        unit = "minute" if minutes == 1 else "minutes"
        raise Throttled(
            f"Too many failed attempts. Please wait {minutes} {unit} and try again.", retry_after_seconds=seconds
        )


def record_failure(session: Session, *, email: object, ip: object, now: datetime) -> None:
    """Count one failed login against the account and the client address.

    The rows are committed at once in a transaction of their own: the failed login raises, the caller's
    transaction is rolled back, and that must not erase the failure. Exception: on SQLite, when `session`
    already holds uncommitted writes (and so the write lock), they go into `session` instead of deadlocking.
    """
    failures = [LoginFailure(key=key, at=now) for key in _keys(email, ip)]
    if not failures:
        return
    prune_now = secrets.randbelow(PRUNE_ONE_IN) == 0
    if _holds_sqlite_write_lock(session):
        session.add_all(failures)
        session.flush()
        return
    with Session(session.get_bind()) as own:
        own.add_all(failures)
        if prune_now:
            prune(own, now=now)
        own.commit()


def clear(session: Session, *, email: object) -> None:
    """Forget the account's failures after a successful login (the client address's failures stay)."""
    key = email_key(email)
    if key is not None:
        session.exec(delete(LoginFailure).where(LoginFailure.key == key))
        session.flush()


def prune(session: Session, *, now: datetime) -> None:
    """Delete failures older than KEEP (1 day)."""
    session.exec(delete(LoginFailure).where(LoginFailure.at < now - KEEP))
    session.flush()


def _keys(email: object, ip: object) -> list[str]:
    return [key for key in (email_key(email), ip_key(ip)) if key is not None]


def _wait(session: Session, key: str, now: datetime) -> timedelta:
    """How long until `key` has fewer than MAX_FAILURES failures in the window (zero if it already has)."""
    times = session.exec(
        select(LoginFailure.at)
        .where(LoginFailure.key == key, LoginFailure.at > now - WINDOW)
        .order_by(LoginFailure.at.desc())
        .limit(MAX_FAILURES)
    ).all()
    if len(times) < MAX_FAILURES:
        return timedelta(0)
    # Once the 5th most recent failure leaves the window, only 4 remain and one more attempt is allowed.
    return times[-1] + WINDOW - now



def _holds_sqlite_write_lock(session: Session) -> bool:
    """Whether `session` is on SQLite with a write transaction open (another connection would wait for it)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    return bool(session.connection().connection.dbapi_connection.in_transaction)
