"""The text of the e-mails easytrack sends: plain-text bodies with one link each, and their subjects, in the\nrecipient account's language (`lang`, a code of easytrack.i18n.LANGUAGES; anything else is English)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from easytrack.i18n import DEFAULT, gettext

# Paths of the pages the links open (kept equal to easytrack.routes; services never import the UI side).
CONFIRM_PATH = "/confirm"
RESET_PATH = "/reset"
CONFIRM_EMAIL_PATH = "/confirm-email"
LOGIN_PATH = "/login"
FORGOT_PATH = "/forgot"

SIGNATURE = "\n\n-- \neasytrack\n"


def _paragraphs(*parts: str) -> str:
    """A plain-text body: the paragraphs separated by an empty line, then the signature."""
    return "\n\n".join(parts) + SIGNATURE


@dataclass(frozen=True)
class Mail:
    """A plain-text mail. `headers` are extra header fields: only bulk mail (reminders) carries
    List-Unsubscribe; account mails are transactional (asked for, one at a time) and carry none."""

    subject: str
    body: str
    headers: tuple[tuple[str, str], ...] = ()


def link(base_url: str, path: str, token: str | None = None) -> str:
    """An absolute link to `path` on the server at `base_url`, carrying `token` when given."""
    url = base_url.rstrip("/") + path
    return f"{url}?token={quote(token, safe='')}" if token else url


def confirm_account(*, base_url: str, token: str, lang: str = DEFAULT) -> Mail:
    """To a new account's address: the link that confirms it (valid 24 hours), in `lang`."""
    return Mail(
        subject=gettext(lang, "Confirm your easytrack account"),
        body=_paragraphs(
            gettext(lang, "Welcome to easytrack!"),
            gettext(lang, "Please open this link to confirm your e-mail address and activate your account:"),
            link(base_url, CONFIRM_PATH, token),
            gettext(lang, "The link is valid for 24 hours and works once.") + "\n"
            + gettext(lang, "If you did not create an account, you can ignore this e-mail: nothing happens "
                            "without the link."),
        ),
    )


def reset_password(*, base_url: str, token: str, lang: str = DEFAULT) -> Mail:
    """To an account's address: the link to choose a new password (valid 1 hour), in `lang`."""
    return Mail(
        subject=gettext(lang, "Choose a new easytrack password"),
        body=_paragraphs(
            gettext(lang, "Someone (hopefully you) asked to reset the password of your easytrack account."),
            gettext(lang, "Open this link to choose a new password:"),
            link(base_url, RESET_PATH, token),
            gettext(lang, "The link is valid for 1 hour and works once. Setting a new password logs out every "
                          "device.") + "\n"
            + gettext(lang, "If you did not ask for this, ignore this e-mail: your password stays as it is."),
        ),
    )


def already_registered(*, base_url: str, lang: str = DEFAULT) -> Mail:
    """To an existing account's address when someone tries to register it again, in `lang`."""
    return Mail(
        subject=gettext(lang, "Your easytrack account"),
        body=_paragraphs(
            gettext(lang, "Someone (hopefully you) tried to create an easytrack account with this e-mail "
                          "address, but you already have one."),
            gettext(lang, "Log in here:\n{link}", link=link(base_url, LOGIN_PATH)),
            gettext(lang, "Forgot your password? Choose a new one here:\n{link}", link=link(base_url, FORGOT_PATH)),
            gettext(lang, "If this was not you, you can ignore this e-mail: nothing has changed."),
        ),
    )


def confirm_email_change(*, base_url: str, token: str, lang: str = DEFAULT) -> Mail:
    """To the new address an account wants to use: the link that switches to it (valid 24 hours), in `lang`."""
    return Mail(
        subject=gettext(lang, "Confirm your new e-mail address for easytrack"),
        body=_paragraphs(
            gettext(lang, "Someone (hopefully you) asked to use this e-mail address for their easytrack account."),
            gettext(lang, "Open this link to confirm the change:"),
            link(base_url, CONFIRM_EMAIL_PATH, token),
            gettext(lang, "The link is valid for 24 hours and works once. Until then the account keeps its old "
                          "address.") + "\n"
            + gettext(lang, "If you did not ask for this, ignore this e-mail."),
        ),
    )
