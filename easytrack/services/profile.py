"""A user's own settings (display name, time zone, first weekday) and address syntax; re-exported by
services.accounts."""

from __future__ import annotations

import functools
import unicodedata
import zoneinfo

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session

from easytrack import i18n
from easytrack.i18n import N_
from easytrack.models import User
from easytrack.services.errors import NotFound, ValidationError
from easytrack.services.sessions import SessionUser

MAX_EMAIL_LENGTH = 254
BAD_EMAIL = N_("Enter a valid e-mail address.")
MAX_NAME_LENGTH = 100
MAX_TIMEZONE_LENGTH = 64
MAX_ID = 2**31 - 1  # PostgreSQL `integer`: larger ids cannot exist and must not reach the driver


def get_user(session: Session, user_id: object) -> User:
    """The user row (for services only, never for the UI).

    Raises:
        NotFound: not a plausible id, or no such user.
    """
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id <= MAX_ID:
        raise NotFound("This account no longer exists.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("This account no longer exists.")
    return user


def normalize_email(raw: object) -> str:
    """`raw` stripped, checked for syntax (no DNS lookup) and lower-cased.

    Raises:
        ValidationError: "Enter a valid e-mail address." for a non-string, empty, malformed or over 254
            characters.
    """
    if not isinstance(raw, str) or not 0 < len(raw.strip()) <= MAX_EMAIL_LENGTH:
        raise ValidationError(BAD_EMAIL)
    try:
        address = validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationError(BAD_EMAIL) from None
    if len(address) > MAX_EMAIL_LENGTH:
        raise ValidationError(BAD_EMAIL)
    return address


def clean_display_name(raw: object) -> str:
    """`raw` trimmed; None counts as empty.

    Raises:
        ValidationError: not a string, over 100 characters, or holding control characters.
    """
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValidationError("Enter a display name.")
    name = raw.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("Use at most {n} characters for your display name.", n=MAX_NAME_LENGTH)
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in name):
        raise ValidationError("Your display name contains characters that cannot be used.")
    return name


def is_timezone(name: object) -> bool:
    """Whether `name` is an IANA time zone known here, such as "Europe/Paris" (at most 64 characters)."""
    return isinstance(name, str) and 0 < len(name) <= MAX_TIMEZONE_LENGTH and name in _zones()


def update_profile(
    session: Session,
    *,
    user_id: int,
    display_name: object = None,
    timezone: object = None,
    first_weekday: object = None,
) -> SessionUser:
    """Change the settings that are given (None leaves one as it is) and return the updated user.

    A time zone given counts as chosen (`timezone_set`), so the browser's zone no longer replaces it.

    Raises:
        ValidationError: a display name over 100 characters, an unknown time zone, or a first weekday that is
            not an int 0 (Monday) .. 6 (Sunday). Nothing is changed then.
        NotFound: no such user.
    """
    user = get_user(session, user_id)
    name = None if display_name is None else clean_display_name(display_name)
    if timezone is not None and not is_timezone(timezone):
        raise ValidationError("Choose a time zone from the list.")
    if first_weekday is not None and (
        isinstance(first_weekday, bool) or not isinstance(first_weekday, int) or not 0 <= first_weekday <= 6
    ):
        raise ValidationError("Choose the first day of the week from the list.")
    if name is not None:
        user.display_name = name
    if timezone is not None:
        user.timezone, user.timezone_set = timezone, True
    if first_weekday is not None:
        user.first_weekday = first_weekday
    session.flush()
    return SessionUser.of(user)


def set_timezone_if_unset(session: Session, *, user_id: int, timezone: object) -> bool:
    """Adopt the browser's time zone unless the user has one already; an unknown zone is ignored.

    Returns:
        True if the zone was set now.
    """
    user = get_user(session, user_id)
    if user.timezone_set or not is_timezone(timezone):
        return False
    user.timezone, user.timezone_set = timezone, True
    session.flush()
    return True


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def set_language(session: Session, *, user_id: int, language: object) -> str:
    """Keep `language` (a code of easytrack.i18n.LANGUAGES) as the user's; returns it.

    Raises:
        ValidationError: not a language the app speaks. Nothing is changed then.
    """
    code = i18n.supported(language)
    if code is None or code != language:
        raise ValidationError("Choose a language from the list.")
    user = get_user(session, user_id)
    user.language = code
    session.flush()
    return code


def language_of(session: Session, *, user_id: object) -> str:
    """The language the account's mails go out in: its chosen one, else "" (English); "" for no such user."""
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id <= MAX_ID:
        return ""
    user = session.get(User, user_id)
    return i18n.supported(user.language) or "" if user is not None else ""
