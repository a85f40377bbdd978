"""The text of reminder e-mails: the daily digest and one habit's reminder, each with an unsubscribe link."""

from __future__ import annotations

from easytrack.services.mail_templates import SIGNATURE, Mail, link

HOME_PATH = "/"
SETTINGS_PATH = "/settings/reminders"
UNSUBSCRIBE_PATH = "/unsubscribe"  # kept equal to easytrack.routes.UNSUBSCRIBE (no UI imports here)
ONE_CLICK_PATH = "/_unsubscribe"  # RFC 8058 one-click POST (easytrack.web.unsubscribe)
MAX_LISTED = 50


def _footer(base_url: str, token: str) -> str:
    return (
        f"\n\nChange your reminders: {link(base_url, SETTINGS_PATH)}\n"
        f"Stop all reminder e-mails with one click: {link(base_url, UNSUBSCRIBE_PATH, token)}"
        + SIGNATURE
    )


def _bulk_headers(base_url: str, token: str) -> tuple[tuple[str, str], ...]:
    """Reminders are bulk mail: RFC 8058 one-click unsubscribe, which mail providers ask bulk senders for."""
    return (("List-Unsubscribe", f"<{link(base_url, ONE_CLICK_PATH, token)}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))


def digest(*, base_url: str, token: str, names: list[str]) -> Mail:
    """The daily digest: the habits still open today (at most 50 listed)."""
    count = len(names)
    listed = "\n".join(f"  - {name}" for name in names[:MAX_LISTED])
    more = f"\n  … and {count - MAX_LISTED} more" if count > MAX_LISTED else ""
    return Mail(
        subject=f"Still open today: {count} habit{'s' if count != 1 else ''}",
        body=(f"These habits are still open today:\n\n{listed}{more}\n\n"
              f"Tick them off here: {link(base_url, HOME_PATH)}" + _footer(base_url, token)),
        headers=_bulk_headers(base_url, token),
    )


def habit(*, base_url: str, token: str, name: str) -> Mail:
    """One habit's reminder (sent only while it is still open today)."""
    return Mail(
        subject=f"Reminder: {name}",
        body=(f"“{name}” is still open today.\n\n"
              f"Tick it off here: {link(base_url, HOME_PATH)}" + _footer(base_url, token)),
        headers=_bulk_headers(base_url, token),
    )
