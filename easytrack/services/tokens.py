"""Single-use e-mailed tokens (confirm account, reset password, change address): only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, select

from easytrack.models import OneTimeToken
from easytrack.services.errors import InvalidToken

CONFIRM = "confirm"
RESET = "reset"
EMAIL = "email"
LIFETIMES = {CONFIRM: timedelta(hours=24), RESET: timedelta(hours=1), EMAIL: timedelta(hours=24)}

# secrets.token_urlsafe(32) gives 43 characters; anything far from that is refused before hashing.
MIN_TOKEN_LENGTH = 32
MAX_TOKEN_LENGTH = 64


@dataclass(frozen=True)
class Ticket:
    """A token found valid: which row, whose, and what it carries (the new address for EMAIL)."""

    id: int
    user_id: int
    payload: str


def new_token() -> str:
    """A fresh opaque token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored in place of `token`."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_plausible(token: object) -> bool:
    """Whether `token` could be one of ours (an ASCII string of about the right length), checked before hashing."""
    return isinstance(token, str) and MIN_TOKEN_LENGTH <= len(token) <= MAX_TOKEN_LENGTH and token.isascii()


def expiry(purpose: str, *, now: datetime) -> datetime:
    """When a token of `purpose` issued at `now` stops working (24 h confirm/e-mail, 1 h reset)."""
    return now + LIFETIMES[purpose]


def is_usable(*, expires_at: datetime, used_at: datetime | None, now: datetime) -> bool:
    """Unused and not yet expired: usable while `now < expires_at` (the expiry instant itself is too late)."""
    return used_at is None and now < expires_at


def issue(session: Session, *, user_id: int, purpose: str, now: datetime, payload: str = "") -> str:
    """Store a new token for `user_id` and return it in clear (to e-mail).

    Older unused tokens of the same purpose for that user are deleted (only the latest link works), and so
    are the user's expired ones.
    """
    if purpose not in LIFETIMES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    revoke(session, user_id=user_id, purpose=purpose)
    session.exec(delete(OneTimeToken).where(OneTimeToken.user_id == user_id, OneTimeToken.expires_at <= now))
    token = new_token()
    row = OneTimeToken(
        user_id=user_id,
        purpose=purpose,
        payload=payload,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=expiry(purpose, now=now),
    )
    session.add(row)
    session.flush()
    return token


def revoke(session: Session, *, user_id: int, purpose: str) -> None:
    """Delete the unused tokens of `purpose` that `user_id` holds."""
    session.exec(
        delete(OneTimeToken).where(
            OneTimeToken.user_id == user_id, OneTimeToken.purpose == purpose, OneTimeToken.used_at.is_(None)
        )
    )


def redeem(session: Session, *, token: object, purpose: str, now: datetime) -> Ticket:
    """Mark `token` used and return what it grants; each token works once.

    Raises:
        InvalidToken: malformed, unknown, of another purpose, used, or expired (all alike).
    """
    if not is_plausible(token):
        raise InvalidToken()
    row = session.exec(
        select(OneTimeToken).where(OneTimeToken.token_hash == hash_token(token), OneTimeToken.purpose == purpose)
    ).first()
    if row is None or not is_usable(expires_at=row.expires_at, used_at=row.used_at, now=now):
        raise InvalidToken()
    ticket = Ticket(id=row.id, user_id=row.user_id, payload=row.payload)
    # Conditional update: of two concurrent redemptions, only one finds the row still unused.
    marked = session.exec(
        update(OneTimeToken)
        .where(OneTimeToken.id == row.id, OneTimeToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:
        raise InvalidToken()
    session.expire(row)
    return ticket
