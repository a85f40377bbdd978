"""Opaque tokens: generation, hashing, plausibility, expiry; session expiry; throttle keys."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from easytrack.services import sessions, throttle, tokens

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=timezone.utc)
SECOND = timedelta(seconds=1)


def test_new_tokens_are_43_url_safe_characters_and_unique():
    made = {tokens.new_token() for _ in range(100)}
    assert len(made) == 100
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in made)


def test_hash_is_sha256_hex_and_never_the_token_itself():
    token = tokens.new_token()
    assert re.fullmatch(r"[0-9a-f]{64}", tokens.hash_token(token))
    assert tokens.hash_token(token) == tokens.hash_token(token) != token


@pytest.mark.parametrize("value", [None, 42, {"t": 1}, "", "short", "x" * 65, "x" * 10_000, "é" * 43, "\ud800" * 43])
def test_implausible_tokens_are_refused_before_hashing(value):
    assert not tokens.is_plausible(value)


def test_a_fresh_token_is_plausible():
    assert tokens.is_plausible(tokens.new_token())


@pytest.mark.parametrize(("purpose", "hours"), [(tokens.CONFIRM, 24), (tokens.RESET, 1), (tokens.EMAIL, 24)])
def test_token_lifetime_depends_on_purpose(purpose, hours):
    assert tokens.expiry(purpose, now=NOW) == NOW + timedelta(hours=hours)


def test_token_is_usable_until_just_before_its_expiry():
    expires = tokens.expiry(tokens.RESET, now=NOW)
    assert tokens.is_usable(expires_at=expires, used_at=None, now=expires - SECOND)
    assert not tokens.is_usable(expires_at=expires, used_at=None, now=expires)
    assert not tokens.is_usable(expires_at=expires, used_at=NOW, now=NOW)


def test_session_expires_after_7_idle_days():
    far = NOW + timedelta(days=30)
    assert not sessions.is_expired(expires_at=far, last_seen_at=NOW, now=NOW + timedelta(days=7) - SECOND)
    assert sessions.is_expired(expires_at=far, last_seen_at=NOW, now=NOW + timedelta(days=7))


def test_session_expires_30_days_after_login_however_active():
    expires = NOW + sessions.ABSOLUTE_LIFETIME
    assert sessions.ABSOLUTE_LIFETIME == timedelta(days=30)
    assert not sessions.is_expired(expires_at=expires, last_seen_at=expires - SECOND, now=expires - SECOND)
    assert sessions.is_expired(expires_at=expires, last_seen_at=expires - SECOND, now=expires)


@pytest.mark.parametrize(
    ("email", "key"),
    [(" Alice@Example.org ", "email:alice@example.org"), ("", None), (None, None), (7, None), ("a\x00@b.org", None)],
)
def test_throttle_email_key_is_lower_cased_and_skips_garbage(email, key):
    assert throttle.email_key(email) == key


@pytest.mark.parametrize(
    ("ip", "key"),
    [
        ("203.0.113.9", "ip:203.0.113.9"),
        ("::ffff:203.0.113.9", "ip:203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "ip:2001:db8:1:2::/64"),
        ("", None),
        (None, None),
        ("unknown", None),
        ("1.2.3.4\x00", None),
        ("9" * 1000, None),
    ],
)
def test_throttle_ip_key_groups_ipv6_by_64_and_skips_unknown(ip, key):
    assert throttle.ip_key(ip) == key
