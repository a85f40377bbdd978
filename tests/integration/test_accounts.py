"""Accounts end to end on SQLite and PostgreSQL: each service call in its own transaction, like the app."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from passlib.context import CryptContext
from sqlmodel import func, select

from easytrack.db import session_scope
from easytrack.models import AuthSession, CheckIn, Habit, HabitGroup, LoginFailure, OneTimeToken, User
from easytrack.services import accounts, throttle
from easytrack.services.errors import (
    AuthFailed,
    InvalidToken,
    NotConfirmed,
    NotFound,
    RegistrationClosed,
    ServiceError,
    Throttled,
    ValidationError,
)
from tests.factories import FAST_CONTEXT, PASSWORD, fast_hashing, make_user, password_hash  # noqa: F401

# Cheap argon2 for these flows (they log in hundreds of times); the real cost is covered by the unit tests.
pytestmark = pytest.mark.usefixtures("fast_hashing")

IP = "203.0.113.7"
NEW_PASSWORD = "purple elephant umbrella"
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)




def count(db, model, *where) -> int:
    return db(lambda s: s.exec(select(func.count()).select_from(model).where(*where)).one())


def user_row(db, user_id: int) -> User:
    return db(lambda s: s.get(User, user_id))


def login(db, now, email="a@example.org", password=PASSWORD, ip=IP):
    return db(accounts.login, email=email, password=password, client_ip=ip, now=now)


def fail_login(db, now, email="a@example.org", ip=IP, times=1) -> None:
    for _ in range(times):
        with pytest.raises(AuthFailed):
            login(db, now, email=email, password="wrong password!", ip=ip)


# --- the whole journey -----------------------------------------------------------------------------------


def test_register_confirm_login_logout_reset_and_login_again(db, now):
    reg = db(accounts.register, email=" Alice@Example.ORG ", password=PASSWORD, display_name=" Alice ", now=now)
    assert reg.user_id and reg.confirm_token and reg.existing_user_id is None
    with pytest.raises(NotConfirmed, match="confirm your e-mail"):
        login(db, now, email="alice@example.org")

    assert db(accounts.confirm_account, token=reg.confirm_token, now=now) == reg.user_id
    result = login(db, now, email="ALICE@example.org")
    user = db(accounts.validate_session, token=result.token, now=now)
    assert (user.user_id, user.email, user.display_name) == (reg.user_id, "alice@example.org", "Alice")
    assert not user.is_admin
    assert (user.timezone, user.timezone_set, user.first_weekday) == ("UTC", False, 0)

    db(accounts.end_session, token=result.token)
    assert db(accounts.validate_session, token=result.token, now=now) is None

    other = login(db, now, email="alice@example.org").token
    user_id, reset_token = db(accounts.request_password_reset, email="alice@example.org", now=now)
    assert db(accounts.reset_password, token=reset_token, new_password=NEW_PASSWORD, now=now) == user_id
    assert db(accounts.validate_session, token=other, now=now) is None
    with pytest.raises(AuthFailed):
        login(db, now, email="alice@example.org")
    assert login(db, now, email="alice@example.org", password=NEW_PASSWORD).user_id == user_id


def test_only_hashes_of_tokens_are_stored(db, now):
    reg = db(accounts.register, email="b@example.org", password=PASSWORD, now=now)
    stored = db(lambda s: s.exec(select(OneTimeToken.token_hash)).all())
    assert stored and reg.confirm_token not in stored


# --- registration ----------------------------------------------------------------------------------------


def test_registering_an_existing_address_creates_nothing_and_returns_no_token(db, now):
    existing = make_user_in(db, email="a@example.org")
    reg = db(accounts.register, email="A@example.org", password=NEW_PASSWORD, now=now)
    assert reg == accounts.Registration(user_id=None, confirm_token=None, existing_user_id=existing)
    assert count(db, User) == 1 and count(db, OneTimeToken) == 0
    assert login(db, now).user_id == existing  # the password did not change


def test_registration_closed_refuses_everyone(db, now):
    with pytest.raises(RegistrationClosed):
        db(accounts.register, email="c@example.org", password=PASSWORD, now=now, registration_open=False)
    assert count(db, User) == 0


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"email": "not-an-address"}, "valid e-mail"),
        ({"email": "x" * 250 + "@example.org"}, "valid e-mail"),
        ({"password": "short"}, "at least 8"),
        ({"password": "password1"}, "too common"),
        ({"password": "new@example.org"}, "e-mail address"),
        ({"display_name": "n" * 101}, "at most 100"),
    ],
)
def test_registration_validates_its_input(db, now, fields, fragment):
    args = {"email": "new@example.org", "password": PASSWORD, "display_name": "", **fields}
    with pytest.raises(ValidationError, match=fragment):
        db(accounts.register, now=now, **args)
    assert count(db, User) == 0


def make_user_in(db, **fields) -> int:
    return db(make_user, **fields)


# --- enumeration resistance ------------------------------------------------------------------------------


def test_unknown_address_wrong_password_and_disabled_account_fail_identically(db, now):
    make_user_in(db, email="a@example.org")
    make_user_in(db, email="off@example.org", is_disabled=True)
    messages = set()
    attempts = [("nobody@example.org", PASSWORD), ("a@example.org", "wrong password!"), ("off@example.org", PASSWORD)]
    for email, password in attempts:
        with pytest.raises(AuthFailed) as caught:
            login(db, now, email=email, password=password, ip="")
        messages.add((type(caught.value), caught.value.message))
    assert messages == {(AuthFailed, "Wrong e-mail or password.")}


def test_unconfirmed_account_is_revealed_only_with_the_right_password(db, now):
    make_user_in(db, email="new@example.org", confirmed=False)
    with pytest.raises(AuthFailed):
        login(db, now, email="new@example.org", password="wrong password!")
    with pytest.raises(NotConfirmed):
        login(db, now, email="new@example.org")


def test_reset_and_resend_requests_for_unknown_addresses_return_none(db, now):
    make_user_in(db, email="a@example.org")
    assert db(accounts.request_password_reset, email="nobody@example.org", now=now) is None
    assert db(accounts.resend_confirmation, email="nobody@example.org", now=now) is None
    assert db(accounts.resend_confirmation, email="a@example.org", now=now) is None  # already confirmed
    assert count(db, OneTimeToken) == 0


# --- e-mailed tokens -------------------------------------------------------------------------------------


def test_confirmation_link_works_once(db, now):
    reg = db(accounts.register, email="b@example.org", password=PASSWORD, now=now)
    db(accounts.confirm_account, token=reg.confirm_token, now=now)
    with pytest.raises(InvalidToken, match="invalid or has expired"):
        db(accounts.confirm_account, token=reg.confirm_token, now=now)


def test_confirmation_link_expires_after_24_hours(db, now):
    reg = db(accounts.register, email="b@example.org", password=PASSWORD, now=now)
    with pytest.raises(InvalidToken):
        db(accounts.confirm_account, token=reg.confirm_token, now=now + 24 * HOUR)
    assert db(accounts.confirm_account, token=reg.confirm_token, now=now + 24 * HOUR - MINUTE) == reg.user_id


def test_resending_the_confirmation_replaces_the_old_link(db, now):
    reg = db(accounts.register, email="b@example.org", password=PASSWORD, now=now)
    user_id, token = db(accounts.resend_confirmation, email="B@example.org", now=now + HOUR)
    assert user_id == reg.user_id
    with pytest.raises(InvalidToken):
        db(accounts.confirm_account, token=reg.confirm_token, now=now + HOUR)
    assert db(accounts.confirm_account, token=token, now=now + HOUR) == user_id


def test_reset_link_expires_after_one_hour_and_works_once(db, now):
    make_user_in(db)
    _, token = db(accounts.request_password_reset, email="a@example.org", now=now)
    with pytest.raises(InvalidToken):
        db(accounts.reset_password, token=token, new_password=NEW_PASSWORD, now=now + HOUR)
    db(accounts.reset_password, token=token, new_password=NEW_PASSWORD, now=now + HOUR - MINUTE)
    with pytest.raises(InvalidToken):
        db(accounts.reset_password, token=token, new_password="another fine password", now=now + HOUR - MINUTE)


def test_a_refused_new_password_leaves_the_reset_link_usable(db, now):
    make_user_in(db)
    _, token = db(accounts.request_password_reset, email="a@example.org", now=now)
    with pytest.raises(ValidationError, match="too common"):
        db(accounts.reset_password, token=token, new_password="password123", now=now)
    with pytest.raises(ValidationError, match="e-mail address"):
        db(accounts.reset_password, token=token, new_password="a@example.org", now=now)
    db(accounts.reset_password, token=token, new_password=NEW_PASSWORD, now=now)


def test_a_new_reset_link_invalidates_the_previous_one(db, now):
    make_user_in(db)
    _, first = db(accounts.request_password_reset, email="a@example.org", now=now)
    _, second = db(accounts.request_password_reset, email="a@example.org", now=now + MINUTE)
    with pytest.raises(InvalidToken):
        db(accounts.reset_password, token=first, new_password=NEW_PASSWORD, now=now + MINUTE)
    db(accounts.reset_password, token=second, new_password=NEW_PASSWORD, now=now + MINUTE)


def test_reset_confirms_an_unconfirmed_account_and_clears_its_failures(db, now):
    user_id = make_user_in(db, confirmed=False)
    fail_login(db, now, ip="", times=3)
    _, token = db(accounts.request_password_reset, email="a@example.org", now=now)
    db(accounts.reset_password, token=token, new_password=NEW_PASSWORD, now=now)
    assert user_row(db, user_id).is_confirmed and user_row(db, user_id).confirmed_at == now
    assert count(db, LoginFailure) == 0


def test_a_token_of_one_purpose_does_not_work_for_another(db, now):
    reg = db(accounts.register, email="b@example.org", password=PASSWORD, now=now)
    with pytest.raises(InvalidToken):
        db(accounts.reset_password, token=reg.confirm_token, new_password=NEW_PASSWORD, now=now)
    with pytest.raises(InvalidToken):
        db(accounts.confirm_email_change, token=reg.confirm_token, now=now)


# --- sessions --------------------------------------------------------------------------------------------


def test_session_ends_after_7_idle_days(db, now):
    make_user_in(db)
    token = login(db, now).token
    assert db(accounts.validate_session, token=token, now=now + 6 * DAY)  # seen: the idle clock restarts
    assert db(accounts.validate_session, token=token, now=now + 13 * DAY - MINUTE)
    assert db(accounts.validate_session, token=token, now=now + 20 * DAY - MINUTE) is None  # 7 days unseen
    assert count(db, AuthSession) == 0  # the expired row is gone


def test_session_ends_30_days_after_login_even_if_active(db, now):
    make_user_in(db)
    token = login(db, now).token
    for day in range(5, 30, 5):
        assert db(accounts.validate_session, token=token, now=now + day * DAY)
    assert db(accounts.validate_session, token=token, now=now + 30 * DAY) is None


def test_last_seen_is_written_at_most_once_a_minute(db, now):
    make_user_in(db)
    token = login(db, now).token
    seen = lambda: db(lambda s: s.exec(select(AuthSession.last_seen_at)).one())  # noqa: E731
    db(accounts.validate_session, token=token, now=now + 59 * timedelta(seconds=1))
    assert seen() == now
    db(accounts.validate_session, token=token, now=now + MINUTE)
    assert seen() == now + MINUTE


def test_disabling_an_account_ends_its_sessions(db, now):
    user_id = make_user_in(db)
    token = login(db, now).token
    db(lambda s: setattr(s.get(User, user_id), "is_disabled", True))
    assert db(accounts.validate_session, token=token, now=now) is None
    assert count(db, AuthSession) == 0


def test_login_upgrades_a_hash_made_with_outdated_settings(db, now):
    user_id = make_user_in(db)
    outdated = CryptContext(schemes=["argon2"], argon2__rounds=2, argon2__memory_cost=128).hash(PASSWORD)
    db(lambda s: setattr(s.get(User, user_id), "password_hash", outdated))
    login(db, now)
    upgraded = user_row(db, user_id).password_hash
    assert upgraded != outdated and not FAST_CONTEXT.needs_update(upgraded)
    assert login(db, now).user_id == user_id


def test_every_login_gets_a_new_session(db, now):
    make_user_in(db)
    first, second = login(db, now).token, login(db, now).token
    assert first != second
    assert db(accounts.validate_session, token=first, now=now) and db(accounts.validate_session, token=second, now=now)


def test_end_all_sessions_can_keep_the_current_one(db, now):
    user_id = make_user_in(db)
    keep, drop = login(db, now).token, login(db, now).token
    db(accounts.end_all_sessions, user_id=user_id, except_token=keep)
    assert db(accounts.validate_session, token=keep, now=now)
    assert db(accounts.validate_session, token=drop, now=now) is None


# --- password and e-mail changes -------------------------------------------------------------------------


def test_changing_the_password_ends_other_sessions_and_returns_a_fresh_one(db, now):
    user_id = make_user_in(db)
    old = [login(db, now).token for _ in range(2)]
    _, reset_token = db(accounts.request_password_reset, email="a@example.org", now=now)
    fresh = db(accounts.change_password, user_id=user_id, current_password=PASSWORD, new_password=NEW_PASSWORD, now=now)
    assert [db(accounts.validate_session, token=t, now=now) for t in old] == [None, None]
    assert db(accounts.validate_session, token=fresh, now=now).user_id == user_id
    assert login(db, now, password=NEW_PASSWORD).user_id == user_id
    with pytest.raises(InvalidToken):  # pending reset links stop working
        db(accounts.reset_password, token=reset_token, new_password="yet another password", now=now)


def test_wrong_current_password_after_a_write_in_the_same_transaction_fails_cleanly(engine, db, now):
    # Like the settings page: validate the session (which may write last_seen_at), then change the password.
    user_id = make_user_in(db)
    token = login(db, now).token
    with pytest.raises(AuthFailed), session_scope(engine) as session:
        assert accounts.validate_session(session, token=token, now=now + HOUR)
        accounts.change_password(
            session, user_id=user_id, current_password="nope nope", new_password=NEW_PASSWORD, now=now + HOUR
        )
    assert db(accounts.validate_session, token=token, now=now + HOUR)


def test_changing_the_password_needs_the_current_one(db, now):
    user_id = make_user_in(db)
    with pytest.raises(AuthFailed, match="Your current password is not correct."):
        db(accounts.change_password, user_id=user_id, current_password="nope nope", new_password=NEW_PASSWORD, now=now)
    with pytest.raises(ValidationError):
        db(accounts.change_password, user_id=user_id, current_password=PASSWORD, new_password="short", now=now)
    assert login(db, now).user_id == user_id


def test_changing_the_email_takes_effect_when_the_new_address_is_confirmed(db, now):
    user_id = make_user_in(db)
    token = db(accounts.request_email_change, user_id=user_id, password=PASSWORD, new_email="New@Example.org",
               now=now).token
    assert user_row(db, user_id).email == "a@example.org"
    assert db(accounts.confirm_email_change, token=token, now=now + HOUR) == user_id
    assert user_row(db, user_id).email == "new@example.org"
    assert login(db, now, email="new@example.org").user_id == user_id
    with pytest.raises(AuthFailed):
        login(db, now, email="a@example.org")
    with pytest.raises(InvalidToken):
        db(accounts.confirm_email_change, token=token, now=now + HOUR)


def test_email_change_to_a_taken_address_makes_no_link_and_says_nothing(db, now):
    user_id = make_user_in(db)
    make_user_in(db, email="taken@example.org")
    change = db(accounts.request_email_change, user_id=user_id, password=PASSWORD, new_email="taken@example.org",
                now=now)
    assert change == accounts.EmailChange(address="taken@example.org", token=None)  # no error: no oracle
    assert count(db, OneTimeToken) == 0


def test_email_change_refuses_an_unchanged_address_and_a_wrong_password(db, now):
    user_id = make_user_in(db)
    with pytest.raises(ValidationError, match="already your e-mail"):
        db(accounts.request_email_change, user_id=user_id, password=PASSWORD, new_email="A@example.org", now=now)
    with pytest.raises(AuthFailed):
        db(accounts.request_email_change, user_id=user_id, password="nope nope", new_email="b@example.org", now=now)


def test_email_change_fails_if_the_address_was_taken_meanwhile_or_the_link_expired(db, now):
    user_id = make_user_in(db)
    token = db(accounts.request_email_change, user_id=user_id, password=PASSWORD, new_email="b@example.org",
               now=now).token
    with pytest.raises(InvalidToken):
        db(accounts.confirm_email_change, token=token, now=now + 24 * HOUR)
    make_user_in(db, email="b@example.org")
    with pytest.raises(ValidationError, match="cannot be used"):
        db(accounts.confirm_email_change, token=token, now=now)
    assert user_row(db, user_id).email == "a@example.org"


# --- profile ---------------------------------------------------------------------------------------------


def test_update_profile_changes_only_what_is_given(db, now):
    user_id = make_user_in(db, display_name="Al")
    user = db(accounts.update_profile, user_id=user_id, timezone="Europe/Paris", first_weekday=6)
    assert (user.display_name, user.timezone, user.timezone_set, user.first_weekday) == ("Al", "Europe/Paris", True, 6)
    user = db(accounts.update_profile, user_id=user_id, display_name="  Alice  ")
    assert (user.display_name, user.timezone, user.first_weekday) == ("Alice", "Europe/Paris", 6)


@pytest.mark.parametrize(
    "fields",
    [
        {"timezone": "Mars/Olympus"},
        {"timezone": "../../etc/passwd"},
        {"timezone": "E" * 65},
        {"timezone": 3},
        {"first_weekday": 7},
        {"first_weekday": -1},
        {"first_weekday": True},
        {"first_weekday": "1"},
        {"display_name": "x" * 101},
        {"display_name": "bell\x07"},
        {"display_name": ["Al"]},
    ],
)
def test_update_profile_rejects_bad_values_and_changes_nothing(db, now, fields):
    user_id = make_user_in(db, display_name="Al")
    with pytest.raises(ValidationError):
        db(accounts.update_profile, user_id=user_id, **{"display_name": "Changed", **fields})
    assert user_row(db, user_id).display_name == "Al"


def test_browser_timezone_is_adopted_only_while_none_was_chosen(db, now):
    user_id = make_user_in(db)
    assert not db(accounts.set_timezone_if_unset, user_id=user_id, timezone="Not/AZone")
    assert db(accounts.set_timezone_if_unset, user_id=user_id, timezone="America/New_York")
    assert not db(accounts.set_timezone_if_unset, user_id=user_id, timezone="Asia/Tokyo")
    assert user_row(db, user_id).timezone == "America/New_York"


# --- deletion --------------------------------------------------------------------------------------------


def test_deleting_the_account_removes_everything_it_owns(db, now):
    user_id = make_user_in(db)
    other_id = make_user_in(db, email="other@example.org")
    login(db, now)
    db(accounts.request_password_reset, email="a@example.org", now=now)

    def add_habit(session, owner):
        group = HabitGroup(user_id=owner, name="Health", name_key="health")
        session.add(group)
        session.flush()
        habit = Habit(user_id=owner, group_id=group.id, name="Run", name_key="run")
        session.add(habit)
        session.flush()
        session.add(CheckIn(habit_id=habit.id, day=date(2026, 3, 14)))

    db(add_habit, owner=user_id)
    db(add_habit, owner=other_id)
    db(accounts.delete_account, user_id=user_id, password=PASSWORD, now=now)
    for model in (User, AuthSession, OneTimeToken, HabitGroup, Habit, CheckIn):
        assert count(db, model) == (1 if model in (User, HabitGroup, Habit, CheckIn) else 0), model
    assert count(db, Habit, Habit.user_id == other_id) == 1


def test_deleting_the_account_needs_its_password(db, now):
    user_id = make_user_in(db)
    with pytest.raises(AuthFailed, match="Your password is not correct."):
        db(accounts.delete_account, user_id=user_id, password="nope nope", now=now)
    assert count(db, User) == 1


# --- hostile input ---------------------------------------------------------------------------------------

HOSTILE = [None, 42, 3.5, True, {"$gt": ""}, ["a@example.org"], "x" * 10_000, "\x00" * 12, "\ud800" * 12, ""]
EXPECTED = (ValidationError, AuthFailed, InvalidToken, NotFound, Throttled)


def _calls(value, user_id, now):
    yield accounts.register, {"email": value, "password": PASSWORD, "now": now}
    yield accounts.register, {"email": "z@example.org", "password": value, "now": now}
    yield accounts.register, {"email": "z@example.org", "password": PASSWORD, "display_name": value, "now": now}
    yield accounts.login, {"email": value, "password": PASSWORD, "client_ip": value, "now": now}
    yield accounts.login, {"email": "a@example.org", "password": value, "client_ip": IP, "now": now}
    yield accounts.confirm_account, {"token": value, "now": now}
    yield accounts.confirm_email_change, {"token": value, "now": now}
    yield accounts.reset_password, {"token": value, "new_password": NEW_PASSWORD, "now": now}
    yield accounts.resend_confirmation, {"email": value, "now": now}
    yield accounts.request_password_reset, {"email": value, "now": now}
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "now": now}
    yield accounts.change_password, {**change, "user_id": value}
    yield accounts.change_password, {**change, "user_id": user_id, "current_password": value}
    yield accounts.request_email_change, {"user_id": user_id, "password": PASSWORD, "new_email": value, "now": now}
    yield accounts.update_profile, {"user_id": value, "display_name": "ok"}
    yield accounts.delete_account, {"user_id": value, "password": PASSWORD, "now": now}
    yield accounts.delete_account, {"user_id": user_id, "password": value, "now": now}


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_hostile_arguments_raise_service_errors_only(db, now, value):
    user_id = make_user_in(db)
    with pytest.raises(ValidationError, match="Enter a valid e-mail address."):
        accounts.normalize_email(value)
    for fn, kwargs in _calls(value, user_id, now):
        try:
            db(fn, **kwargs)
        except ServiceError as exc:
            assert isinstance(exc, EXPECTED), (fn.__name__, kwargs, exc)
    for fn in (accounts.validate_session, accounts.end_session):
        assert db(fn, token=value, **({"now": now} if fn is accounts.validate_session else {})) is None
    assert user_row(db, user_id).password_hash == make_user_hash()


def make_user_hash() -> str:
    return password_hash(PASSWORD)


def test_ids_beyond_the_integer_column_are_not_found(db, now):
    with pytest.raises(NotFound):
        db(accounts.update_profile, user_id=2**63, display_name="x")
