"""A user's Apprise notification URLs (ntfy, Gotify, Telegram, Matrix, Discord, a JSON webhook…), owner-scoped.

A URL holds its service's credentials, so it is a secret: it is stored, checked and sent, but never shown
again (the UI sees a name and the scheme), never logged. Which schemes a server accepts is its admin's
choice (EASYTRACK_APPRISE_SCHEMES); a URL whose scheme is no longer allowed is skipped when sending.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlmodel import Session

from easytrack.i18n import N_
from easytrack.models import NotifyChannel
from easytrack.services import _tracker as t
from easytrack.services.errors import NotFound, ValidationError
from easytrack.services.texts import Count

SCHEMES_ENV = "EASYTRACK_APPRISE_SCHEMES"
DEFAULT_SCHEMES = ("ntfy", "ntfys", "gotify", "gotifys", "tgram", "matrix", "matrixs", "discord", "json", "jsons")
MAX_CHANNELS = 10
MAX_URL = 2000
MAX_NAME = 100
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]{0,31})://", re.IGNORECASE)


class ChannelNotFound(NotFound):
    default_message = N_("That notification channel no longer exists.")


@dataclass(frozen=True)
class Channel:
    """A channel as the user sees it: never its URL."""

    id: int
    name: str
    scheme: str
    created_at: datetime


def allowed_schemes(env: dict[str, str] | None = None) -> tuple[str, ...]:
    """The schemes this server accepts: EASYTRACK_APPRISE_SCHEMES (comma-separated; empty: none), else the
    default list."""
    raw = (os.environ if env is None else env).get(SCHEMES_ENV)
    if raw is None:
        return DEFAULT_SCHEMES
    return tuple(s.strip().lower() for s in raw.split(",") if s.strip())


def scheme_of(url: str) -> str:
    found = _SCHEME.match(url)
    return found.group(1).lower() if found else ""


def check_url(raw: object) -> str:
    """The URL if this server accepts it and Apprise can use it.

    Raises:
        ValidationError: saying what is wrong (not a URL, a scheme Apprise does not know or this server
            does not allow, a URL Apprise cannot parse) without repeating the URL.
    """
    if not isinstance(raw, str) or not raw.strip() or len(raw.strip()) > MAX_URL:
        raise ValidationError("Enter a notification URL such as ntfy://my-topic (at most {n} characters).",
                              n=Count(MAX_URL))
    url, scheme = raw.strip(), scheme_of(raw.strip())
    if not scheme:
        raise ValidationError("A notification URL starts with its service, such as ntfy:// or tgram://.")
    allowed = allowed_schemes()
    if scheme not in allowed:
        if not allowed:
            raise ValidationError("This server does not accept {scheme}:// URLs. Accepted: none.", scheme=scheme)
        raise ValidationError("This server does not accept {scheme}:// URLs. Accepted: {listed}.", scheme=scheme,
                              listed=", ".join(f"{s}://" for s in allowed))
    from easytrack.reminders.apprise_send import parses  # noqa: PLC0415 (Apprise loads 190 plugins: late)

    if not parses(url):
        raise ValidationError("This {scheme}:// URL is not complete or not valid: see the Apprise docs for its form.",
                              scheme=scheme)
    return url


def _channel(row: NotifyChannel) -> Channel:
    return Channel(row.id, row.name, scheme_of(row.url), row.created_at)


def add_channel(session: Session, *, user_id: int, name: object, url: object, now: datetime) -> Channel:
    """Add a notification URL; raises ValidationError for a bad name or URL, or more than MAX_CHANNELS."""
    uid = t.user_key(user_id)
    if not isinstance(name, str) or not 0 < len(name.strip()) <= MAX_NAME:
        raise ValidationError("Give the channel a name of at most {n} characters.", n=MAX_NAME)
    checked = check_url(url)
    count = session.execute(select(func.count()).where(NotifyChannel.user_id == uid)).scalar_one()
    if count >= MAX_CHANNELS:
        raise ValidationError("At most {n} notification channels: remove one first.", n=MAX_CHANNELS)
    row = NotifyChannel(user_id=uid, name=name.strip(), url=checked, created_at=now)
    session.add(row)
    session.flush()
    return _channel(row)


def list_channels(session: Session, *, user_id: int) -> list[Channel]:
    """The user's channels, oldest first."""
    rows = session.execute(select(NotifyChannel).where(NotifyChannel.user_id == t.user_key(user_id))
                           .order_by(NotifyChannel.id)).scalars()
    return [_channel(row) for row in rows]


def remove_channel(session: Session, *, user_id: int, channel_id: object) -> None:
    """Delete one of the user's channels (reminders that named it stop going there)."""
    cid = t.checked_id(channel_id, ChannelNotFound)
    result = session.execute(delete(NotifyChannel).where(NotifyChannel.id == cid,
                                                         NotifyChannel.user_id == t.user_key(user_id)))
    if not result.rowcount:
        raise ChannelNotFound()


def channel_url(session: Session, *, user_id: int, channel_id: object) -> str:
    """The URL of one of the user's channels, for sending only; raises ChannelNotFound."""
    cid = t.checked_id(channel_id, ChannelNotFound)
    url = session.execute(select(NotifyChannel.url).where(NotifyChannel.id == cid,
                                                          NotifyChannel.user_id == t.user_key(user_id))).scalar()
    if url is None:
        raise ChannelNotFound()
    return url


def urls_for(session: Session, *, wanted: dict[int, list[int]]) -> dict[int, str]:
    """{channel id: URL} of the wanted channels ({user id: channel ids}), each only if its user owns it and
    its scheme is still allowed."""
    ids = sorted({cid for cids in wanted.values() for cid in cids})
    if not ids:
        return {}
    allowed = set(allowed_schemes())
    rows = session.execute(select(NotifyChannel.id, NotifyChannel.user_id, NotifyChannel.url)
                           .where(NotifyChannel.id.in_(ids)))
    return {cid: url for cid, uid, url in rows if cid in wanted.get(uid, []) and scheme_of(url) in allowed}
