"""Request limits for the forms anyone can submit (register, forgot, resend, e-mail change) and for the
mails they send, counted in the throttle's table so every worker shares them (docs/reliability.md).

Each form is limited per client address and per account (the address typed in, or the logged-in user),
counted whether or not the account exists, so a refusal says nothing about it. Mails are limited per
recipient: past the limit a mail is silently not sent, and the form answers as usual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from easytrack.i18n import DEFAULT, ngettext
from easytrack.services import throttle
from easytrack.services.errors import Throttled

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Limit:
    """At most `per_address` requests from one client address and `per_account` for one account a `window`."""

    name: str
    per_address: int
    per_account: int
    window: timedelta = HOUR


REGISTER = Limit("register", per_address=10, per_account=3)
FORGOT = Limit("forgot", per_address=10, per_account=3)
RESEND = Limit("resend", per_address=10, per_account=3)
EMAIL_CHANGE = Limit("email-change", per_address=10, per_account=5)
MAILS_PER_RECIPIENT = 5  # account mails to one address an hour (confirmations, resets, notices)


class TooManyRequests(Throttled):
    """"Too many requests. Please wait up to N minutes and try again.", N in each language's plural form."""

    def __init__(self, seconds: int) -> None:
        self.minutes = math.ceil(seconds / 60)
        super().__init__(self.localized(DEFAULT), retry_after_seconds=seconds)

    def localized(self, lang: str) -> str:
        return ngettext(lang, "Too many requests. Please wait up to {n} minute and try again.",
                        "Too many requests. Please wait up to {n} minutes and try again.", self.minutes)


def take(session: Session, limit: Limit, *, account: object, ip: object, now: datetime) -> None:
    """Count one request for `account` (an address, or a user id) from `ip`, unless a limit is reached.

    Raises:
        Throttled: "Too many requests. Please wait N minutes and try again." (nothing is counted then).
    """
    since = now - limit.window
    keys = _keys(limit, account, ip)
    for key, most in keys:
        if throttle.count(session, key, since=since, limit=most) >= most:
            raise TooManyRequests(int(limit.window.total_seconds()))
    throttle.record(session, [key for key, _ in keys], now=now)


def allow_mail(session: Session, *, to: str, now: datetime) -> bool:
    """Whether an account mail may go to `to` now (and if so, count it): MAILS_PER_RECIPIENT an hour."""
    key = f"mail:{to.strip().lower()}"[:300]
    if throttle.count(session, key, since=now - HOUR, limit=MAILS_PER_RECIPIENT) >= MAILS_PER_RECIPIENT:
        return False
    throttle.record(session, [key], now=now)
    return True


def _keys(limit: Limit, account: object, ip: object) -> list[tuple[str, int]]:
    keys = []
    address = throttle.ip_key(ip)
    if address is not None:
        keys.append((f"{limit.name}:{address}", limit.per_address))
    if isinstance(account, int) and not isinstance(account, bool):
        keys.append((f"{limit.name}:user:{account}", limit.per_account))
    elif (email := throttle.email_key(account)) is not None:
        keys.append((f"{limit.name}:{email}"[:300], limit.per_account))
    return keys
