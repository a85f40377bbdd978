"""The text of reminder e-mails: the daily digest and one habit's reminder, each with an unsubscribe link, in\nthe account's language."""

from __future__ import annotations

from easytrack.i18n import DEFAULT, gettext, ngettext
from easytrack.services.mail_templates import SIGNATURE, Mail, link

HOME_PATH = "/"
SETTINGS_PATH = "/settings/reminders"
UNSUBSCRIBE_PATH = "/unsubscribe"  # kept equal to easytrack.routes.UNSUBSCRIBE (no UI imports here)
ONE_CLICK_PATH = "/_unsubscribe"  # RFC 8058 one-click POST (easytrack.web.unsubscribe)
MAX_LISTED = 50


def _footer(base_url: str, token: str, lang: str) -> str:
    return (
        "\n\n" + gettext(lang, "Change your reminders: {link}", link=link(base_url, SETTINGS_PATH)) + "\n"
        + gettext(lang, "Stop all reminder e-mails with one click: {link}", link=link(base_url, UNSUBSCRIBE_PATH, token))
        + SIGNATURE
    )


def _bulk_headers(base_url: str, token: str) -> tuple[tuple[str, str], ...]:
    """Reminders are bulk mail: RFC 8058 one-click unsubscribe, which mail providers ask bulk senders for."""
    return (("List-Unsubscribe", f"<{link(base_url, ONE_CLICK_PATH, token)}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))


def digest(*, base_url: str, token: str, names: list[str], lang: str = DEFAULT) -> Mail:
    """The daily digest in `lang` (the account's language): the habits still open today (at most 50 listed)."""
    count = len(names)
    listed = "\n".join(f"  - {name}" for name in names[:MAX_LISTED])
    more = ("\n  " + ngettext(lang, "… and {n} more", "… and {n} more", count - MAX_LISTED)
            if count > MAX_LISTED else "")
    return Mail(
        subject=ngettext(lang, "Still open today: {n} habit", "Still open today: {n} habits", count),
        body=(gettext(lang, "These habits are still open today:") + f"\n\n{listed}{more}\n\n"
              + gettext(lang, "Tick them off here: {link}", link=link(base_url, HOME_PATH)) + _footer(base_url, token, lang)),
        headers=_bulk_headers(base_url, token),
    )


def habit(*, base_url: str, token: str, name: str, lang: str = DEFAULT) -> Mail:
    """One habit's reminder in `lang` (sent only while it is still open today)."""
    return Mail(
        subject=gettext(lang, "Reminder: {name}", name=name),
        body=(gettext(lang, "“{name}” is still open today.", name=name) + "\n\n"
              + gettext(lang, "Tick it off here: {link}", link=link(base_url, HOME_PATH)) + _footer(base_url, token, lang)),
        headers=_bulk_headers(base_url, token),
    )
