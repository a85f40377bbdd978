"""API tokens service: created with a secret shown once, stored hashed, listed, revoked, authenticated."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from easytrack.models import ApiToken, User
from easytrack.services import api_tokens
from easytrack.services.errors import NotFound, ValidationError
from tests.factories import make_user


def test_a_new_token_is_returned_once_and_only_its_sha256_is_stored(session, now):
    uid = make_user(session)
    info, secret = api_tokens.create_token(session, user_id=uid, name=" laptop ", now=now)
    session.commit()
    assert secret.startswith("et_") and len(secret) == 46
    assert (info.name, info.created_at, info.last_used_at) == ("laptop", now, None)
    stored = session.exec(select(ApiToken.token_hash)).scalar_one()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(info)


def test_two_tokens_never_share_a_secret(session, now):
    uid = make_user(session)
    secrets = {api_tokens.create_token(session, user_id=uid, name="t", now=now)[1] for _ in range(5)}
    assert len(secrets) == 5


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, None, 5, "tab\x07bell"])
def test_token_names_are_validated(session, now, name):
    uid = make_user(session)
    with pytest.raises(ValidationError):
        api_tokens.create_token(session, user_id=uid, name=name, now=now)


def test_a_user_may_hold_at_most_50_tokens(session, now):
    uid = make_user(session)
    for i in range(api_tokens.MAX_TOKENS):
        api_tokens.create_token(session, user_id=uid, name=f"t{i}", now=now)
    with pytest.raises(ValidationError, match="at most 50"):
        api_tokens.create_token(session, user_id=uid, name="one more", now=now)


def test_creating_a_token_for_a_missing_user_fails(session, now):
    with pytest.raises(NotFound):
        api_tokens.create_token(session, user_id=424242, name="t", now=now)


def test_tokens_are_listed_oldest_first_and_only_the_owners(session, now):
    a, b = make_user(session, email="a@example.org"), make_user(session, email="b@example.org")
    api_tokens.create_token(session, user_id=a, name="first", now=now)
    api_tokens.create_token(session, user_id=b, name="bobs", now=now)
    api_tokens.create_token(session, user_id=a, name="second", now=now + timedelta(minutes=1))
    assert [t.name for t in api_tokens.list_tokens(session, user_id=a)] == ["first", "second"]


def test_revoking_someone_elses_token_looks_like_a_missing_one(session, now):
    a, b = make_user(session, email="a@example.org"), make_user(session, email="b@example.org")
    info, secret = api_tokens.create_token(session, user_id=a, name="t", now=now)
    for user, token_id in ((b, info.id), (a, 999_999), (a, 0), (a, "1"), (a, True)):
        with pytest.raises(NotFound):
            api_tokens.revoke_token(session, user_id=user, token_id=token_id)
    assert api_tokens.authenticate(session, secret=secret, now=now) == a


def test_a_revoked_token_no_longer_authenticates(session, now):
    uid = make_user(session)
    info, secret = api_tokens.create_token(session, user_id=uid, name="t", now=now)
    api_tokens.revoke_token(session, user_id=uid, token_id=info.id)
    assert api_tokens.authenticate(session, secret=secret, now=now) is None
    assert api_tokens.list_tokens(session, user_id=uid) == []


@pytest.mark.parametrize(
    "secret", [None, "", "et_", "et_short", "x" * 46, "et_" + "é" * 43, "et_" + "a" * 100, 12345, b"et_" + b"a" * 43]
)
def test_garbage_never_authenticates(session, now, secret):
    uid = make_user(session)
    api_tokens.create_token(session, user_id=uid, name="t", now=now)
    assert api_tokens.authenticate(session, secret=secret, now=now) is None


@pytest.mark.parametrize("change", [{"is_disabled": True}, {"is_confirmed": False}])
def test_disabled_or_unconfirmed_accounts_do_not_authenticate(session, now, change):
    uid = make_user(session)
    _, secret = api_tokens.create_token(session, user_id=uid, name="t", now=now)
    session.exec(update(User).where(User.id == uid).values(**change))
    assert api_tokens.authenticate(session, secret=secret, now=now) is None


def test_last_used_is_written_at_most_once_a_minute(session, now):
    uid = make_user(session)
    info, secret = api_tokens.create_token(session, user_id=uid, name="t", now=now)
    used = lambda: api_tokens.list_tokens(session, user_id=uid)[0].last_used_at  # noqa: E731
    assert api_tokens.authenticate(session, secret=secret, now=now) == uid
    assert used() == now
    api_tokens.authenticate(session, secret=secret, now=now + timedelta(seconds=59))
    assert used() == now
    api_tokens.authenticate(session, secret=secret, now=now + timedelta(seconds=60))
    assert used() == now + timedelta(seconds=60)


def test_deleting_the_user_deletes_their_tokens(session, now):
    uid = make_user(session)
    api_tokens.create_token(session, user_id=uid, name="t", now=now)
    session.commit()
    session.exec(User.__table__.delete().where(User.__table__.c.id == uid))
    session.commit()
    assert session.exec(select(ApiToken.id)).all() == []
