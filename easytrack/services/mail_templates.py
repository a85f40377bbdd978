"""The text of the e-mails easytrack sends: plain-text bodies with one link each, and their subjects."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

# Paths of the pages the links open (kept equal to easytrack.routes; services never import the UI side).
CONFIRM_PATH = "/confirm"
RESET_PATH = "/reset"
CONFIRM_EMAIL_PATH = "/confirm-email"
LOGIN_PATH = "/login"
FORGOT_PATH = "/forgot"

SIGNATURE = "\n\n-- \neasytrack\n"


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


def confirm_account(*, base_url: str, token: str) -> Mail:
    """To a new account's address: the link that confirms it (valid 24 hours)."""
    return Mail(
        subject="Confirm your easytrack account",
        body=(
            "Welcome to easytrack!\n\n"
            "Please open this link to confirm your e-mail address and activate your account:\n\n"
            f"{link(base_url, CONFIRM_PATH, token)}\n\n"
            "The link is valid for 24 hours and works once.\n"
            "If you did not create an account, you can ignore this e-mail: nothing happens without the link."
            + SIGNATURE
        ),
    )


def reset_password(*, base_url: str, token: str) -> Mail:
    """To an account's address: the link to choose a new password (valid 1 hour)."""
    return Mail(
        subject="Choose a new easytrack password",
        body=(
            "Someone (hopefully you) asked to reset the password of your easytrack account.\n\n"
            "Open this link to choose a new password:\n\n"
            f"{link(base_url, RESET_PATH, token)}\n\n"
            "The link is valid for 1 hour and works once. Setting a new password logs out every device.\n"
            "If you did not ask for this, ignore this e-mail: your password stays as it is."
            + SIGNATURE
        ),
    )


def already_registered(*, base_url: str) -> Mail:
    """To an existing account's address when someone tries to register it again."""
    return Mail(
        subject="Your easytrack account",
        body=(
            "Someone (hopefully you) tried to create an easytrack account with this e-mail address, "
            "but you already have one.\n\n"
            f"Log in here:\n{link(base_url, LOGIN_PATH)}\n\n"
            f"Forgot your password? Choose a new one here:\n{link(base_url, FORGOT_PATH)}\n\n"
            "If this was not you, you can ignore this e-mail: nothing has changed."
            + SIGNATURE
        ),
    )


def confirm_email_change(*, base_url: str, token: str) -> Mail:
    """To the new address an account wants to use: the link that switches to it (valid 24 hours)."""
    return Mail(
        subject="Confirm your new e-mail address for easytrack",
        body=(
            "Someone (hopefully you) asked to use this e-mail address for their easytrack account.\n\n"
            "Open this link to confirm the change:\n\n"
            f"{link(base_url, CONFIRM_EMAIL_PATH, token)}\n\n"
            "The link is valid for 24 hours and works once. Until then the account keeps its old address.\n"
            "If you did not ask for this, ignore this e-mail."
            + SIGNATURE
        ),
    )
