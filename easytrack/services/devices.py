"""Device tokens: a browser that logged into an account is given a token signed for that account, so later
logins from it are throttled on their own failures only (OWASP's "device cookies").

A token is `<id>.<signature>`: a random id and an HMAC-SHA256 of (account address, id) under a server key
kept in the database (made on first use, shared by every worker). Nothing else is stored: a token is valid
while the account keeps its address. A browser keeps the tokens of its last few accounts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from easytrack.models import AppSetting

KEY_NAME = "device_token_key"
MAX_KEPT = 5  # tokens a browser keeps (its last accounts), newest first
MAX_TOKENS_TEXT = 600  # what a browser may send: MAX_KEPT tokens and their separators, with room


def issue(session: Session, *, email: str) -> str:
    """A new device token for the account with address `email`."""
    device_id = secrets.token_urlsafe(12)
    return f"{device_id}.{_sign(_key(session), email, device_id)}"


def device_for(session: Session, *, email: str, tokens: object) -> str | None:
    """The id of the first token in `tokens` (a space-separated text from the browser) signed for `email`,
    or None (nothing sent, garbage, or tokens of other accounts)."""
    if not isinstance(tokens, str) or not tokens or len(tokens) > MAX_TOKENS_TEXT or not email:
        return None
    key = _key(session)
    for token in tokens.split()[:MAX_KEPT]:
        device_id, _, signature = token.partition(".")
        if device_id and hmac.compare_digest(signature, _sign(key, email, device_id)):
            return device_id
    return None


def remember(tokens: object, new: str) -> str:
    """The browser's token list with `new` first, the oldest dropped beyond MAX_KEPT."""
    kept = tokens.split() if isinstance(tokens, str) and len(tokens) <= MAX_TOKENS_TEXT else []
    return " ".join([new, *[t for t in kept if t != new]][:MAX_KEPT])


def _sign(key: bytes, email: str, device_id: str) -> str:
    digest = hmac.new(key, f"{email.strip().lower()}\n{device_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def _key(session: Session) -> bytes:
    """The signing key; the first caller on a fresh database makes it (a concurrent maker's key wins)."""
    row = session.exec(select(AppSetting).where(AppSetting.key == KEY_NAME)).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(AppSetting(key=KEY_NAME, value=secrets.token_urlsafe(32)))
        except IntegrityError:
            pass
        row = session.exec(select(AppSetting).where(AppSetting.key == KEY_NAME)).one()
    return row.value.encode()
