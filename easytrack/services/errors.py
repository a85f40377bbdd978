"""Service errors: each carries a `.message` that is safe to show to the user as it is."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every error a service raises on purpose; `message` is user-facing text."""

    default_message = "Something went wrong. Please try again."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class ValidationError(ServiceError):
    """An argument was missing, of the wrong type, or out of range."""

    default_message = "Please check what you entered."


class NotFound(ServiceError):
    """The thing does not exist, or belongs to someone else (the two look the same)."""

    default_message = "Not found."


class AuthFailed(ServiceError):
    """Wrong credentials, or an account that may not log in (the two look the same)."""

    default_message = "Wrong e-mail or password."


class NotConfirmed(ServiceError):
    """The password was right but the e-mail address is not confirmed yet."""

    default_message = "Please confirm your e-mail address first. We can send the link again."


class Throttled(ServiceError):
    """Too many recent failures; `retry_after_seconds` says when to try again."""

    default_message = "Too many attempts. Please wait a few minutes and try again."

    def __init__(self, message: str | None = None, *, retry_after_seconds: int = 0) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Busy(ServiceError):
    """Too many password checks are queued on this server right now."""

    default_message = "The server is busy right now. Please try again in a moment."


class InvalidToken(ServiceError):
    """An e-mailed link that is malformed, unknown, used or expired (the four look the same)."""

    default_message = "This link is invalid or has expired."


class RegistrationClosed(ServiceError):
    """The server does not accept new accounts."""

    default_message = "Registration is closed on this server."


class MailError(ServiceError):
    """The e-mail could not be handed to the mail server."""

    default_message = "We could not send the e-mail right now. Please try again in a few minutes."


class HabitNotFound(NotFound):
    """The habit does not exist, or belongs to someone else (the two look the same)."""

    default_message = "That habit no longer exists."


class GroupNotFound(NotFound):
    """The group does not exist, or belongs to someone else (the two look the same)."""

    default_message = "That group no longer exists."
