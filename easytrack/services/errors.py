"""Service errors: each carries a `.message` that is safe to show to the user as it is.

The message is an English text that is also its msgid in the catalogues, with `{name}` placeholders filled
from keyword arguments: `ValidationError("At most {n} habits.", n=500)`. `.message` is the English text,
`.localized(lang)` the same in the user's language.
"""

from __future__ import annotations

from easytrack.i18n import N_, _fill, gettext, localized_params


class ServiceError(Exception):
    """Base of every error a service raises on purpose; `message` is user-facing text."""

    default_message = N_("Something went wrong. Please try again.")

    def __init__(self, message: str | None = None, /, **params) -> None:
        self.msgid = message or self.default_message
        self.params = params
        self.message = _fill(self.msgid, params)
        super().__init__(self.message)

    def localized(self, lang: str) -> str:
        """The message in `lang` (English when the catalogue has no translation); parameters that can be
        written in `lang` themselves (easytrack.services.texts: a place in a file, a count) are."""
        return gettext(lang, self.msgid, **localized_params(self.params, lang))


class ValidationError(ServiceError):
    """An argument was missing, of the wrong type, or out of range."""

    default_message = N_("Please check what you entered.")


class NotFound(ServiceError):
    """The thing does not exist, or belongs to someone else (the two look the same)."""

    default_message = N_("Not found.")


class AuthFailed(ServiceError):
    """Wrong credentials, or an account that may not log in (the two look the same)."""

    default_message = N_("Wrong e-mail or password.")


class NotConfirmed(ServiceError):
    """The password was right but the e-mail address is not confirmed yet."""

    default_message = N_("Please confirm your e-mail address first. We can send the link again.")


class Throttled(ServiceError):
    """Too many recent failures; `retry_after_seconds` says when to try again."""

    default_message = N_("Too many attempts. Please wait a few minutes and try again.")

    def __init__(self, message: str | None = None, /, *, retry_after_seconds: int = 0, **params) -> None:
        super().__init__(message, **params)
        self.retry_after_seconds = retry_after_seconds


class Busy(ServiceError):
    """Too many password checks are queued on this server right now."""

    default_message = N_("The server is busy right now. Please try again in a moment.")


class InvalidToken(ServiceError):
    """An e-mailed link that is malformed, unknown, used or expired (the four look the same)."""

    default_message = N_("This link is invalid or has expired.")


class RegistrationClosed(ServiceError):
    """The server does not accept new accounts."""

    default_message = N_("Registration is closed on this server.")


class MailError(ServiceError):
    """The e-mail could not be handed to the mail server."""

    default_message = N_("We could not send the e-mail right now. Please try again in a few minutes.")


class HabitNotFound(NotFound):
    """The habit does not exist, or belongs to someone else (the two look the same)."""

    default_message = N_("That habit no longer exists.")


class GroupNotFound(NotFound):
    """The group does not exist, or belongs to someone else (the two look the same)."""

    default_message = N_("That group no longer exists.")
