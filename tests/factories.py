"""Test factories: users with a real argon2 hash, computed once per distinct password."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from passlib.context import CryptContext
from sqlmodel import Session

from easytrack.models import User
from easytrack.services import passwords

PASSWORD = "correct horse battery"

# Argon2id at the lowest cost: the same code paths as production (which keeps passlib's default cost,
# about 0.1 s a hash) in well under a millisecond. The unit tests of easytrack.services.passwords use the
# real cost.
FAST_CONTEXT = CryptContext(
    schemes=["argon2"], deprecated="auto", argon2__rounds=1, argon2__memory_cost=64, argon2__parallelism=1
)


@pytest.fixture
def fast_hashing(monkeypatch):
    """Make every hash and verification in the test cheap (use it in flow tests that log in a lot)."""
    monkeypatch.setattr(passwords, "context", FAST_CONTEXT)


def password_hash(password: str) -> str:
    """An argon2id hash of `password` made with the current settings, cached for the test run."""
    return _hash(password, passwords.context)


@functools.cache
def _hash(password: str, context: CryptContext) -> str:
    return context.hash(password)


def make_user(
    session: Session,
    *,
    email: str = "a@example.org",
    password: str = PASSWORD,
    confirmed: bool = True,
    **fields: Any,
) -> int:
    """Insert a user (confirmed unless told otherwise) and return its id.

    The session is committed, like the caller's transaction would be before a later request: the login
    throttle writes failures from a connection of its own, which must see the user's committed state.
    `fields` set any other User column (display_name, is_disabled, is_admin, timezone, ...).
    """
    user = User(
        email=email,
        password_hash=password_hash(password),
        is_confirmed=confirmed,
        **fields,
    )
    session.add(user)
    session.commit()
    return user.id
