"""Login sessions: the browser holds an opaque token, the database its SHA-256 with absolute and idle expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select, update
from sqlmodel import Session

from easytrack.models import AuthSession, User
from easytrack.services.tokens import hash_token, is_plausible, new_token

_sessions = AuthSession.__table__
_users = User.__table__
ABSOLUTE_LIFETIME = timedelta(days=30)
IDLE_LIFETIME = timedelta(days=7)
TOUCH_INTERVAL = timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class SessionUser:
    """The logged-in user as the UI needs it (never the ORM row, never the hash)."""

    user_id: int
    email: str
    display_name: str
    is_admin: bool
    timezone: str
    timezone_set: bool
    first_weekday: int
    language: str

    @classmethod
    def of(cls, user: User) -> SessionUser:
        return cls(
            user_id=user.id,
            email=user.email,
            display_name=user.display_name,
            is_admin=user.is_admin,
            timezone=user.timezone,
            timezone_set=user.timezone_set,
            first_weekday=user.first_weekday,
            language=user.language,
        )


def is_expired(*, expires_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
    """Past its absolute expiry, or unused for IDLE_LIFETIME; both instants themselves count as expired."""
    return now >= expires_at or now >= last_seen_at + IDLE_LIFETIME


def create_session(session: Session, *, user_id: int, now: datetime) -> str:
    """Start a session for `user_id` and return its token (to keep in the browser).

    It expires ABSOLUTE_LIFETIME (30 days) after `now`, or after IDLE_LIFETIME (7 days) unused. The user's
    sessions that already expired are deleted on the way.
    """
    session.exec(
        delete(AuthSession).where(
            AuthSession.user_id == user_id,
            (AuthSession.expires_at <= now) | (AuthSession.last_seen_at <= now - IDLE_LIFETIME),
        )
    )
    token = new_token()
    session.add(
        AuthSession(
            user_id=user_id,
            token_hash=hash_token(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_LIFETIME,
        )
    )
    session.flush()
    return token


# Every event handler validates its session, so these are built once: a statement built per call costs
# more than running it (see docs/benchmarks.md, "tick round trip").
_FIND = (
    select(_sessions.c.id, _sessions.c.expires_at, _sessions.c.last_seen_at, _users.c.is_confirmed,
           _users.c.is_disabled, *(_users.c[f] for f in SessionUser.__dataclass_fields__ if f != "user_id"),
           _users.c.id.label("user_id"))
    .join(_users, _users.c.id == _sessions.c.user_id)
    .where(_sessions.c.token_hash == bindparam("token_hash"))
)
_DROP = delete(_sessions).where(_sessions.c.id == bindparam("sid"))
_TOUCH = update(_sessions).where(_sessions.c.id == bindparam("sid")).values(last_seen_at=bindparam("now"))


def validate_session(session: Session, *, token: object, now: datetime) -> SessionUser | None:
    """The user `token` logs in, or None.

    None for anything not a live session of a confirmed, enabled account; an expired session, or one of a
    disabled or unconfirmed account, is deleted. `last_seen_at` is refreshed at most once a minute.
    """
    if not is_plausible(token):
        return None
    row = session.execute(_FIND, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    if is_expired(expires_at=row.expires_at, last_seen_at=row.last_seen_at, now=now) \
            or not row.is_confirmed or row.is_disabled:
        session.execute(_DROP, {"sid": row.id})
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        session.execute(_TOUCH, {"sid": row.id, "now": now})
    return SessionUser(**{f: getattr(row, f) for f in SessionUser.__dataclass_fields__})


def end_session(session: Session, *, token: object) -> None:
    """Log out the browser holding `token`; unknown or malformed tokens are ignored."""
    if is_plausible(token):
        session.exec(delete(AuthSession).where(AuthSession.token_hash == hash_token(token)))
        session.flush()


def end_all_sessions(session: Session, *, user_id: int, except_token: str | None = None) -> None:
    """Log `user_id` out everywhere, except (when given and valid) the browser holding `except_token`."""
    query = delete(AuthSession).where(AuthSession.user_id == user_id)
    if is_plausible(except_token):
        query = query.where(AuthSession.token_hash != hash_token(except_token))
    session.exec(query)
    session.flush()

