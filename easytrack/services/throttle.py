"""Login throttling that slows guessing without locking anyone out, kept in the database so every worker
shares it (the policy and its numbers: docs/reliability.md, "Login throttling").

A failed login counts against three keys: the (account, client address) pair, the account, and the client
address. Each key has a number of free failures in the last WINDOW; past it, the next attempt must wait a
delay that doubles with each further failure, up to MAX_DELAY. Nothing is ever locked for good: failures
age out of the window. A browser that logged into the account before presents a device token (see
services.devices); its failures count against that device only, and it is not slowed by anyone else's.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from easytrack.i18n import DEFAULT, ngettext
from easytrack.models import LoginFailure
from easytrack.services.errors import Throttled

WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)
PRUNE_ONE_IN = 20  # record() prunes old rows on about one call in this many
MAX_DELAY = timedelta(minutes=15)


@dataclass(frozen=True)
class Rule:
    """`free` failures in the window cost nothing; the next waits `first_delay`, doubling per failure."""

    name: str
    free: int
    first_delay: timedelta = timedelta(seconds=1)

    def delay(self, failures: int) -> timedelta:
        """The wait after the most recent of `failures` failures in the window (zero below `free`)."""
        if failures < self.free:
            return timedelta(0)
        return min(self.first_delay * 2 ** min(failures - self.free, 30), MAX_DELAY)

    @property
    def rows_needed(self) -> int:
        """Failures to read: more than free + log2(MAX_DELAY / first_delay) cannot lengthen the delay."""
        return self.free + math.ceil(math.log2(MAX_DELAY / self.first_delay)) + 1


PAIR = Rule("pair", free=5)  # one person's typos from one place
ACCOUNT = Rule("account", free=10)  # guesses at one account from everywhere (browsers without a device token)
ADDRESS = Rule("address", free=100)  # one client address, all accounts: a shared office or home keeps working
DEVICE = Rule("device", free=10)  # a browser that logged into the account before: only its own failures count
REAUTH = Rule("reauth", free=5)  # the password asked again while logged in (password, e-mail change, deletion)


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


def pair_key(email: object, ip: object) -> str | None:
    """The key for one account from one client address (hashed: both together may exceed the column)."""
    account, address = email_key(email), ip_key(ip)
    if account is None or address is None:
        return None
    return "pair:" + hashlib.sha256(f"{account}|{address}".encode()).hexdigest()[:40]


def login_rules(*, email: object, ip: object, device: str | None) -> list[tuple[str, Rule]]:
    """The keys a login attempt is checked and counted against: the device alone when the browser holds a
    valid device token for the account (`device` is its id), else the pair, the account and the address."""
    if device:
        return [(f"device:{device}", DEVICE)]
    rules = [(pair_key(email, ip), PAIR), (email_key(email), ACCOUNT), (ip_key(ip), ADDRESS)]
    return [(key, rule) for key, rule in rules if key is not None]


def check(session: Session, rules: list[tuple[str, Rule]], *, now: datetime) -> None:
    """Refuse an attempt while any of `rules` asks to wait.

    Raises:
        Throttled: "Too many failed attempts. Please wait N seconds (or minutes) and try again.", the same
            for every account, existing or not.
    """
    wait = max((_wait(session, key, rule, now) for key, rule in rules), default=timedelta(0))
    if wait > timedelta(0):
        raise TooManyFailures(math.ceil(wait.total_seconds()))


class TooManyFailures(Throttled):
    """"… Please wait 8 seconds (1 minute, 12 minutes: rounded up) and try again.", the count in each
    language's plural form."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(self._text(DEFAULT), retry_after_seconds=seconds)

    def localized(self, lang: str) -> str:
        return self._text(lang)

    def _text(self, lang: str) -> str:
        if self.seconds < 60:
            return ngettext(lang, "Too many failed attempts. Please wait {n} second and try again.",
                            "Too many failed attempts. Please wait {n} seconds and try again.", self.seconds)
        return ngettext(lang, "Too many failed attempts. Please wait {n} minute and try again.",
                        "Too many failed attempts. Please wait {n} minutes and try again.", math.ceil(self.seconds / 60))


def record(session: Session, keys: list[str], *, now: datetime) -> None:
    """Count one event (a failure, a request) against each of `keys`.

    The rows are committed at once in a transaction of their own: a failed login raises, the caller's
    transaction is rolled back, and that must not erase the failure. Exception: on SQLite, when `session`
    already holds uncommitted writes (and so the write lock), they go into `session` instead of deadlocking.
    """
    rows = [LoginFailure(key=key, at=now) for key in keys]
    if not rows:
        return
    prune_now = secrets.randbelow(PRUNE_ONE_IN) == 0
    if _holds_sqlite_write_lock(session):
        session.add_all(rows)
        session.flush()
        return
    with Session(session.get_bind()) as own:
        own.add_all(rows)
        if prune_now:
            prune(own, now=now)
        own.commit()


def record_failure(session: Session, rules: list[tuple[str, Rule]], *, now: datetime) -> None:
    """Count one failed attempt against every key of `rules`."""
    record(session, [key for key, _ in rules], now=now)


def count(session: Session, key: str, *, since: datetime, limit: int) -> int:
    """How many events `key` has had after `since` (counting stops at `limit`)."""
    rows = session.exec(
        select(LoginFailure.at).where(LoginFailure.key == key, LoginFailure.at > since).limit(limit)
    ).all()
    return len(rows)


def clear(session: Session, keys: list[str]) -> None:
    """Forget the failures of `keys` (after a success: the pair or the device; after a reset: the account)."""
    if keys:
        session.exec(delete(LoginFailure).where(LoginFailure.key.in_(keys)))
        session.flush()


def prune(session: Session, *, now: datetime) -> None:
    """Delete events older than KEEP (1 day)."""
    session.exec(delete(LoginFailure).where(LoginFailure.at < now - KEEP))
    session.flush()


def _wait(session: Session, key: str, rule: Rule, now: datetime) -> timedelta:
    """How long `key` must still wait under `rule` (zero if an attempt is allowed now)."""
    times = session.exec(
        select(LoginFailure.at)
        .where(LoginFailure.key == key, LoginFailure.at > now - WINDOW)
        .order_by(LoginFailure.at.desc())
        .limit(rule.rows_needed)
    ).all()
    if not times:
        return timedelta(0)
    return max(times[0] + rule.delay(len(times)) - now, timedelta(0))


def _holds_sqlite_write_lock(session: Session) -> bool:
    """Whether `session` is on SQLite with a write transaction open (another connection would wait for it)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    return bool(session.connection().connection.dbapi_connection.in_transaction)
