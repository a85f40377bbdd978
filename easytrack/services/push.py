"""Web Push subscriptions as a user's browsers register them: validated, owner-scoped, removed when expired."""

from __future__ import annotations

import binascii
import hmac
import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, func, select
from sqlmodel import Session

from easytrack.i18n import N_
from easytrack.models import PushSubscription
from easytrack.services import _tracker as t
from easytrack.services.errors import NotFound, ValidationError
from easytrack.services import push_keys
from easytrack.services.push_keys import unb64

MAX_ENDPOINT = 1000
MAX_DEVICES = 20  # per user: a phone, a laptop, a few browsers
MAX_LABEL = 100
# Only for tests and a push service on the same machine: plain-http and private-address endpoints.
ALLOW_LOCAL_ENV = "EASYTRACK_PUSH_ALLOW_LOCAL"
BAD = N_("This browser sent a push subscription easytrack cannot use.")
BAD_PART = N_("This browser sent a push subscription easytrack cannot use. ({part})")  # part: a key's name


class DeviceNotFound(NotFound):
    default_message = N_("That device is no longer subscribed.")


@dataclass(frozen=True)
class Device:
    """A subscribed browser as the user sees it (never its endpoint or keys)."""

    id: int
    label: str
    created_at: datetime
    last_sent_at: datetime | None


@dataclass(frozen=True)
class Target:
    """Where and how to send one push: what the scheduler needs, nothing for the UI."""

    id: int
    user_id: int
    endpoint: str
    p256dh: str
    auth: str


def _allow_local() -> bool:
    return os.environ.get(ALLOW_LOCAL_ENV, "").strip().lower() in ("1", "true", "yes")


def _checked_endpoint(raw: object) -> str:
    """An https URL on a public host (push services are public; anything else could reach inside)."""
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_ENDPOINT:
        raise ValidationError(BAD_PART, part="endpoint")
    parts = urlsplit(raw)
    if parts.username or parts.password or not parts.hostname:
        raise ValidationError(BAD_PART, part="endpoint")
    local = _allow_local()
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise ValidationError("This browser sent a push subscription easytrack cannot use. The push service must "
                              "use https.")
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        address = None
    if not local and (parts.hostname == "localhost" or (address is not None and not address.is_global)):
        raise ValidationError("This browser sent a push subscription easytrack cannot use. (a private address)")
    return raw


def _checked_key(raw: object, size: int, what: str) -> str:
    if not isinstance(raw, str) or len(raw) > 100:
        raise ValidationError(BAD_PART, part=what)
    try:
        data = unb64(raw.strip())
    except (binascii.Error, ValueError):
        raise ValidationError(BAD_PART, part=what) from None
    if len(data) != size:
        raise ValidationError(BAD_PART, part=what)
    if what == "p256dh":
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
        except ValueError:
            raise ValidationError(BAD_PART, part="p256dh") from None
    return raw.strip()


def parse_subscription(raw: object) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) of a browser's PushSubscription.toJSON().

    Raises:
        ValidationError: not an object with an https endpoint and a P-256 key and a 16-byte auth secret.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("keys"), dict):
        raise ValidationError(BAD)
    keys = raw["keys"]
    return (_checked_endpoint(raw.get("endpoint")), _checked_key(keys.get("p256dh"), 65, "p256dh"),
            _checked_key(keys.get("auth"), 16, "auth"))


def _device(row: PushSubscription) -> Device:
    return Device(row.id, row.label, row.created_at, row.last_sent_at)


def subscribe(session: Session, *, user_id: int, subscription: object, label: object, now: datetime) -> Device:
    """Register (or refresh) a browser's subscription for the user; a browser that another account had
    subscribed now gets this user's reminders (the last one to log in on a shared device wins).

    Raises:
        ValidationError: a malformed subscription or label, or already MAX_DEVICES devices.
    """
    uid = t.user_key(user_id)
    endpoint, p256dh, auth = parse_subscription(subscription)
    if not isinstance(label, str) or len(label.strip()) > MAX_LABEL:
        raise ValidationError("A device name has at most {n} characters.", n=MAX_LABEL)
    row = session.execute(select(PushSubscription).where(PushSubscription.endpoint == endpoint)).scalar_one_or_none()
    if row is None or row.user_id != uid:
        count = session.execute(select(func.count()).where(PushSubscription.user_id == uid)).scalar_one()
        if count >= MAX_DEVICES:
            raise ValidationError("At most {n} devices get reminders: remove one first.", n=MAX_DEVICES)
    if row is None:
        row = PushSubscription(user_id=uid, endpoint=endpoint, p256dh=p256dh, auth=auth, created_at=now)
        session.add(row)
    row.user_id, row.p256dh, row.auth, row.label = uid, p256dh, auth, label.strip()
    session.flush()
    return _device(row)


def _old_subscription(raw: object) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) of a subscription as it was stored (only shape and sizes are checked)."""
    keys = raw.get("keys") if isinstance(raw, dict) else None
    values = (raw.get("endpoint") if isinstance(raw, dict) else None,
              *((keys.get("p256dh"), keys.get("auth")) if isinstance(keys, dict) else (None, None)))
    if not all(isinstance(v, str) and 0 < len(v) <= MAX_ENDPOINT for v in values):
        raise DeviceNotFound()
    return values[0], values[1].strip(), values[2].strip()


def renew(session: Session, *, old: object, new: object, now: datetime) -> Device:
    """Replace a subscription the browser rotated (the service worker's `pushsubscriptionchange`) by the new
    one, for the same user and device name. The worker has no login: the old subscription's endpoint and
    both its keys (secrets only that browser and this server hold) are the proof.

    Raises:
        DeviceNotFound: no subscription with that endpoint and those keys.
        ValidationError: the new subscription is malformed.
    """
    endpoint, p256dh, auth = _old_subscription(old)
    parse_subscription(new)  # refuse a bad new one before the old one is gone
    row = session.execute(select(PushSubscription).where(PushSubscription.endpoint == endpoint)).scalar_one_or_none()
    same = row is not None and hmac.compare_digest(row.p256dh.encode(), p256dh.encode())
    if not (same and hmac.compare_digest(row.auth.encode(), auth.encode())):
        raise DeviceNotFound()
    user_id, label = row.user_id, row.label
    session.delete(row)
    session.flush()
    return subscribe(session, user_id=user_id, subscription=new, label=label, now=now)


def list_devices(session: Session, *, user_id: int) -> list[Device]:
    """The user's subscribed browsers, oldest first."""
    rows = session.execute(select(PushSubscription).where(PushSubscription.user_id == t.user_key(user_id))
                           .order_by(PushSubscription.id)).scalars()
    return [_device(row) for row in rows]


def remove_device(session: Session, *, user_id: int, device_id: object) -> None:
    """Stop pushing to one of the user's browsers.

    Raises:
        DeviceNotFound: no such device of this user.
    """
    did = t.checked_id(device_id, DeviceNotFound)
    result = session.execute(delete(PushSubscription).where(
        PushSubscription.id == did, PushSubscription.user_id == t.user_key(user_id)))
    if not result.rowcount:
        raise DeviceNotFound()


def unsubscribe(session: Session, *, user_id: int, endpoint: object) -> bool:
    """Stop pushing to the browser with this endpoint (the user's own); False when it was not subscribed."""
    if not isinstance(endpoint, str) or len(endpoint) > MAX_ENDPOINT:
        raise ValidationError(BAD_PART, part="endpoint")
    result = session.execute(delete(PushSubscription).where(
        PushSubscription.endpoint == endpoint, PushSubscription.user_id == t.user_key(user_id)))
    return bool(result.rowcount)


def targets(session: Session, *, user_ids: list[int]) -> dict[int, list[Target]]:
    """{user id: their subscriptions}, in one query (the scheduler's read)."""
    found: dict[int, list[Target]] = {}
    stmt = select(PushSubscription).where(PushSubscription.user_id.in_(user_ids)).order_by(PushSubscription.id)
    for row in session.execute(stmt).scalars():
        found.setdefault(row.user_id, []).append(Target(row.id, row.user_id, row.endpoint, row.p256dh, row.auth))
    return found


def forget(session: Session, *, ids: list[int]) -> None:
    """Delete subscriptions the push service no longer knows (it answered 404 or 410)."""
    if ids:
        session.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids)))


def mark_sent(session: Session, *, ids: list[int], now: datetime) -> None:
    if ids:
        session.execute(PushSubscription.__table__.update().where(
            PushSubscription.__table__.c.id.in_(ids)).values(last_sent_at=now))


def public_key(session: Session, *, user_id: int) -> str:
    """The server's VAPID public key, for a logged-in user's browser to subscribe with."""
    t.user_key(user_id)
    return push_keys.load_keys(session).public_key
