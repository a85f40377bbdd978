"""Password hashing (argon2id through passlib) and the password policy."""

from __future__ import annotations

import functools
import secrets
import threading

from passlib.context import CryptContext

from easytrack.services.errors import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 128

# Argon2id with passlib's default cost (about 0.1 s). Hashes made with older settings are upgraded on login.
context = CryptContext(schemes=["argon2"], deprecated="auto")

# Each hash holds 64 MiB for 0.1 s: at most two at once per process, whatever the number of logins.
_hashing = threading.BoundedSemaphore(2)

# Among the most used passwords in public breach lists; shorter ones are already refused by MIN_LENGTH.
COMMON = frozenset(
    """
    password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword passpass
    12345678 123456789 1234567890 12345678910 0123456789 87654321 987654321 9876543210
    11111111 111111111 1111111111 00000000 000000000 0000000000 22222222 88888888 99999999
    12341234 12121212 11223344 112233445566 123123123 123456123456 1234abcd abcd1234 abc12345
    1q2w3e4r 1q2w3e4r5t q1w2e3r4 q1w2e3r4t5 1qaz2wsx 1qazxsw2 zaq12wsx zaq1zaq1 11qq22ww
    qwertyui qwertyuiop qwerty123 qwerty1234 qwertyuiop123 1234qwer qwer1234 123qweasd qweasdzxc
    asdfghjk asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123 abcdefgh abcdefg1 a1b2c3d4 aa123456
    iloveyou iloveyou1 iloveyou2 sunshine sunshine1 princess princess1 football football1
    baseball basketball superman batman123 starwars whatever trustno1 welcome1 welcome123
    letmein1 letmein123 changeme changeme1 computer internet michelle jennifer jordan23
    liverpool chocolate butterfly master123 mustang1 monkey123 dragon123 shadow123 killer123
    charlie1 secret123 admin123 adminadmin administrator login123 test1234 testtest hello123
    helloworld freedom1 samsung1 easytrack
    """.split()
)


def check_policy(password: object, *, email: str = "") -> None:
    """Refuse a password that is not a string, shorter than 8 or longer than 128 characters, one of the most
    common passwords (ignoring case), or the account's own e-mail address. Cheap: nothing is hashed.

    Raises:
        ValidationError: with a message saying what to change.
    """
    if not isinstance(password, str) or not password:
        raise ValidationError("Enter a password.")
    if len(password) < MIN_LENGTH:
        raise ValidationError("Use at least {n} characters for your password.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise ValidationError("Use at most {n} characters for your password.", n=MAX_LENGTH)
    if not _encodable(password):
        raise ValidationError("Your password contains characters that cannot be used.")
    folded = password.strip().casefold()
    if folded in COMMON:
        raise ValidationError("That password is too common. Please choose a less guessable one.")
    if email and folded == email.strip().casefold():
        raise ValidationError("Your password must not be your e-mail address.")


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password` (blocking for about 0.1 s: call it on a worker thread)."""
    if not isinstance(password, str) or len(password) > MAX_LENGTH or not _encodable(password):
        raise ValidationError("Enter a valid password.")
    with _hashing:
        return context.hash(password)


def verify_password(password: object, password_hash: str) -> tuple[bool, str | None]:
    """Check `password` against `password_hash`.

    Returns:
        (matches, new_hash): new_hash is a fresh hash to store when the old one uses outdated settings,
        else None. A non-string or over-long password, or an unreadable hash, never matches.
    """
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False, None
    with _hashing:
        try:
            return context.verify_and_update(password, password_hash)
        except ValueError:  # an unknown hash format (that account cannot log in), or a lone surrogate
            return False, None


def verify_dummy(password: object) -> None:
    """Spend the time of a real verification, for an unknown account: no timing oracle on e-mails."""
    verify_password(password, _dummy_hash(context))


@functools.cache
def _dummy_hash(made_with: CryptContext) -> str:
    """A hash of a random password made with the current settings (so verifying it costs the same)."""
    with _hashing:
        return made_with.hash(secrets.token_urlsafe(16))


def _encodable(password: str) -> bool:
    """False for text holding lone surrogates (JSON can carry them), which UTF-8 cannot encode."""
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
