"""The server's Web Push identity (a VAPID P-256 key pair) and the secret that signs notification actions.

Both come from the environment when set (EASYTRACK_VAPID_PRIVATE_KEY, EASYTRACK_PUSH_SECRET), else they are
made on first use and kept in app_settings, so every worker, and every restart, uses the same ones: browsers
bind a subscription to the public key, so a new key would silently break every subscription.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from easytrack.config import ConfigError, settings
from easytrack.models import AppSetting

PRIVATE_ENV = "EASYTRACK_VAPID_PRIVATE_KEY"
SUBJECT_ENV = "EASYTRACK_VAPID_SUBJECT"
SECRET_ENV = "EASYTRACK_PUSH_SECRET"
PRIVATE_KEY = "vapid_private_key"
SECRET_KEY = "push_action_secret"
ACTION_LIFETIME = timedelta(days=2)  # a notification's "Done" works this long
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def b64(data: bytes) -> str:
    """base64url without padding (as Web Push writes keys)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    """Decode base64url with or without padding; raises ValueError (binascii.Error) on bad input."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class PushKeys:
    private_raw: str  # the VAPID private scalar, 32 bytes base64url (what py_vapid's from_string takes)
    public_key: str  # the uncompressed public point, 65 bytes base64url (the browser's applicationServerKey)
    subject: str  # mailto: or https: contact for push services
    action_secret: bytes


def public_from_private(private_raw: str) -> str:
    """The base64url public point of a base64url private scalar; raises ValueError when it is not one."""
    raw = unb64(private_raw)
    if len(raw) != 32:
        raise ValueError("a P-256 private key has 32 bytes")
    value = int.from_bytes(raw, "big")
    key = ec.derive_private_key(value, ec.SECP256R1())
    return b64(key.public_key().public_bytes(serialization.Encoding.X962,
                                             serialization.PublicFormat.UncompressedPoint))


def new_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return b64(key.private_numbers().private_value.to_bytes(32, "big"))


def _subject(env: Mapping[str, str]) -> str:
    raw = env.get(SUBJECT_ENV, "").strip()
    if raw:
        if not raw.startswith(("mailto:", "https://")):
            raise ConfigError(f"{SUBJECT_ENV} must be a mailto: or https:// URL (got {raw!r})")
        return raw
    if settings.base_url.startswith("https://"):
        return settings.base_url
    return f"mailto:noreply@{urlsplit(settings.base_url).hostname or 'localhost'}"


def _stored(session: Session, key: str, make) -> str:
    """The app setting `key`, inserted as `make()` by the first worker that asks (the unique key decides)."""
    query = select(AppSetting.value).where(AppSetting.key == key)
    found = session.execute(query).scalar_one_or_none()
    if found is None:
        stmt = _INSERTS[session.get_bind().dialect.name](AppSetting.__table__).values(key=key, value=make())
        session.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
        found = session.execute(query).scalar_one()
    return found


def load_keys(session: Session, env: Mapping[str, str] | None = None) -> PushKeys:
    """The key pair and action secret: from the environment, else from (or first into) the database.

    Raises:
        ConfigError: EASYTRACK_VAPID_PRIVATE_KEY or EASYTRACK_VAPID_SUBJECT is set but unusable.
    """
    env = os.environ if env is None else env
    private = env.get(PRIVATE_ENV, "").strip() or _stored(session, PRIVATE_KEY, new_private_key)
    try:
        public = public_from_private(private)
    except (ValueError, TypeError):
        raise ConfigError(f"{PRIVATE_ENV} must be a P-256 private key, 32 bytes in base64url") from None
    secret = env.get(SECRET_ENV, "").strip() or _stored(session, SECRET_KEY, lambda: secrets.token_urlsafe(32))
    return PushKeys(private, public, _subject(env), secret.encode())


def _mac(secret: bytes, message: str) -> str:
    return b64(hmac.new(secret, message.encode(), hashlib.sha256).digest())


def sign_action(keys: PushKeys, *, user_id: int, habit_id: int, day: date, now: datetime) -> str:
    """A token that lets a notification's "Done" mark `day` of this one habit, and nothing else, for 2 days."""
    expires = int((now + ACTION_LIFETIME).timestamp())
    message = f"{user_id}.{habit_id}.{day.isoformat()}.{expires}"
    return f"{message}.{_mac(keys.action_secret, message)}"


def verify_action(keys: PushKeys, token: object, *, now: datetime) -> tuple[int, int, date] | None:
    """(user id, habit id, day) of a valid, unexpired action token; None for anything else."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    parts = token.split(".")
    if len(parts) != 5 or not all(p.isdigit() for p in (parts[0], parts[1], parts[3])):
        return None
    message = ".".join(parts[:4])
    if not hmac.compare_digest(_mac(keys.action_secret, message), parts[4]) or int(parts[3]) < now.timestamp():
        return None
    try:
        return int(parts[0]), int(parts[1]), date.fromisoformat(parts[2])
    except ValueError:
        return None
