"""Personal access tokens for the REST API: shown once, stored as SHA-256, listed, revoked, checked."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from easytrack.models import ApiToken, User
from easytrack.services import _tracker as t
from easytrack.services.errors import NotFound, ValidationError

PREFIX = "et_"
MAX_TOKENS = 50
MAX_NAME = 100
TOUCH_INTERVAL = timedelta(minutes=1)  # last_used_at is written at most this often
# "et_" + secrets.token_urlsafe(32) is 46 characters; anything far from that is refused before hashing.
MIN_SECRET, MAX_SECRET = 40, 64

_tokens = ApiToken.__table__
_users = User.__table__
_COLUMNS = [_tokens.c.id, _tokens.c.name, _tokens.c.created_at, _tokens.c.last_used_at]


@dataclass(frozen=True)
class ApiTokenInfo:
    """A token as its owner may see it: never the secret, never its hash."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest stored in place of `secret`."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_plausible(secret: object) -> bool:
    """Whether `secret` could be one of ours: ASCII text starting "et_" of about the right length."""
    return (
        isinstance(secret, str)
        and MIN_SECRET <= len(secret) <= MAX_SECRET
        and secret.isascii()
        and secret.startswith(PREFIX)
    )


def clean_name(raw: object) -> str:
    """Return `raw` trimmed if it is text of 1..100 characters without control characters.

    Raises:
        ValidationError: saying what to change.
    """
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationError("Give the token a name.")
    name = raw.strip()
    if len(name) > MAX_NAME:
        raise ValidationError("Token names can be at most {n} characters.", n=MAX_NAME)
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        raise ValidationError("Token names contain characters that can't be stored.")
    return name


def _info(row) -> ApiTokenInfo:
    return ApiTokenInfo(id=row.id, name=row.name, created_at=row.created_at, last_used_at=row.last_used_at)


def create_token(session: Session, *, user_id: int, name: object, now: datetime) -> tuple[ApiTokenInfo, str]:
    """Create a token for the user and return `(info, secret)`; the secret is never retrievable again.

    The user's row is locked (on PostgreSQL) while counting, so concurrent calls cannot pass the cap.

    Raises:
        ValidationError: for a bad name, or when the user already has MAX_TOKENS (50) tokens.
        NotFound: if there is no such user.
    """
    uid, clean = t.user_key(user_id), clean_name(name)
    if session.exec(select(_users.c.id).where(_users.c.id == uid).with_for_update()).first() is None:
        raise NotFound()
    count = session.exec(select(func.count()).where(_tokens.c.user_id == uid)).scalar_one()
    if count >= MAX_TOKENS:
        raise ValidationError("You can have at most {n} API tokens; revoke one first.", n=MAX_TOKENS)
    secret = PREFIX + secrets.token_urlsafe(32)
    values = {"user_id": uid, "name": clean, "token_hash": hash_secret(secret), "created_at": now}
    row = session.exec(_tokens.insert().values(**values).returning(*_COLUMNS)).one()
    session.flush()
    return _info(row), secret


def list_tokens(session: Session, *, user_id: int) -> list[ApiTokenInfo]:
    """Return the user's tokens, oldest first."""
    stmt = select(*_COLUMNS).where(_tokens.c.user_id == t.user_key(user_id)).order_by(_tokens.c.id)
    return [_info(row) for row in session.exec(stmt)]


def revoke_token(session: Session, *, user_id: int, token_id: int) -> None:
    """Delete one of the user's tokens; it stops working at once.

    Raises:
        NotFound: if the token does not exist or is someone else's (the two look the same).
    """
    uid, tid = t.user_key(user_id), t.checked_id(token_id, NotFound)
    deleted = session.exec(delete(_tokens).where(_tokens.c.id == tid, _tokens.c.user_id == uid))
    if deleted.rowcount != 1:
        raise NotFound("No such API token.")
    session.flush()


def authenticate(session: Session, *, secret: object, now: datetime) -> int | None:
    """Return the id of the user `secret` belongs to, or None.

    None for anything malformed, unknown or revoked, and for disabled or unconfirmed accounts.
    `last_used_at` is written at most once per TOUCH_INTERVAL (a minute), to keep reads cheap.
    """
    if not is_plausible(secret):
        return None
    stmt = (
        select(_tokens.c.id, _tokens.c.user_id, _tokens.c.last_used_at)
        .join(_users, _users.c.id == _tokens.c.user_id)
        .where(_tokens.c.token_hash == hash_secret(secret))
        .where(_users.c.is_disabled.is_(False), _users.c.is_confirmed.is_(True))
    )
    row = session.exec(stmt).first()
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_INTERVAL:
        session.exec(update(_tokens).where(_tokens.c.id == row.id).values(last_used_at=now))
        session.flush()
    return row.user_id
