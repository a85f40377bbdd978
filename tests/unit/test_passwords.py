"""Password policy and argon2 hashing."""

from __future__ import annotations

import pytest
from passlib.context import CryptContext

from easytrack.services import passwords
from easytrack.services.errors import ValidationError
from tests.factories import PASSWORD, password_hash


@pytest.mark.parametrize("length", [8, 20, 128])
def test_policy_accepts_lengths_from_8_to_128(length):
    passwords.check_policy(("horse-" * 30)[:length])


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("", "Enter a password"),
        ("short7!", "at least 8"),
        ("x" * 129, "at most 128"),
        ("y" * 10_000, "at most 128"),
        ("password", "too common"),
        ("PassWord1", "too common"),
        ("12345678", "too common"),
        ("QWERTYUIOP", "too common"),
        ("iloveyou", "too common"),
        ("\ud800" * 8, "cannot be used"),
    ],
)
def test_policy_rejects_bad_passwords_with_a_helpful_message(password, fragment):
    with pytest.raises(ValidationError, match=fragment):
        passwords.check_policy(password)


def test_policy_counts_characters_not_bytes():
    passwords.check_policy("é" * 128)  # 256 bytes in UTF-8, 128 characters
    with pytest.raises(ValidationError, match="at most 128"):
        passwords.check_policy("é" * 129)


def test_policy_rejects_the_accounts_own_email_ignoring_case():
    with pytest.raises(ValidationError, match="e-mail address"):
        passwords.check_policy("Alice@Example.org", email="alice@example.org")
    passwords.check_policy("alice@example.org!", email="alice@example.org")


@pytest.mark.parametrize("value", [None, 12345678, b"bytes-password", ["a" * 8], {"p": "a" * 8}])
def test_policy_rejects_non_strings(value):
    with pytest.raises(ValidationError):
        passwords.check_policy(value)


def test_hash_verifies_the_right_password_and_rejects_a_wrong_one():
    hashed = password_hash(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(PASSWORD, hashed) == (True, None)
    assert passwords.verify_password(PASSWORD + "!", hashed) == (False, None)


@pytest.mark.parametrize("value", [None, 42, "x" * 129, "\ud800" * 8])
def test_verify_never_matches_hostile_input_and_does_not_raise(value):
    assert passwords.verify_password(value, password_hash(PASSWORD)) == (False, None)


def test_verify_rejects_an_unreadable_hash():
    assert passwords.verify_password(PASSWORD, "not-a-hash") == (False, None)


def test_verify_returns_a_new_hash_when_the_stored_one_is_outdated():
    weak = CryptContext(schemes=["argon2"], argon2__rounds=1, argon2__memory_cost=1024).hash(PASSWORD)
    matches, new_hash = passwords.verify_password(PASSWORD, weak)
    assert matches and new_hash is not None and new_hash != weak
    assert passwords.verify_password(PASSWORD, new_hash) == (True, None)


def test_verify_dummy_takes_any_input_and_returns_nothing():
    assert passwords.verify_dummy(PASSWORD) is None
    assert passwords.verify_dummy(None) is None


def test_hash_refuses_what_policy_refuses_cheaply():
    with pytest.raises(ValidationError):
        passwords.hash_password("z" * 129)
