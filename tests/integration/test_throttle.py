"""Login throttling on SQLite and PostgreSQL: guessing is slowed, nobody is locked out (docs/reliability.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from easytrack.models import LoginFailure
from easytrack.services import accounts, throttle
from easytrack.services.errors import AuthFailed, Throttled
from tests.factories import PASSWORD, fast_hashing, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")

IP, OTHER_IP = "203.0.113.7", "198.51.100.1"
SECOND, MINUTE, HOUR, DAY = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
WRONG = "wrong password!"




def login(db, at, email="a@example.org", password=PASSWORD, ip=IP, devices=""):
    return db(accounts.login, email=email, password=password, client_ip=ip, now=at, device_tokens=devices)


def fail(db, at, email="a@example.org", ip=IP, devices="", times=1) -> None:
    for _ in range(times):
        with pytest.raises(AuthFailed):
            login(db, at, email=email, password=WRONG, ip=ip, devices=devices)


def throttled(db, at, **kwargs) -> Throttled:
    with pytest.raises(Throttled) as caught:
        login(db, at, **kwargs)
    return caught.value


# --- the delays --------------------------------------------------------------------------------------------


def test_delays_double_after_the_free_failures_and_stop_at_15_minutes():
    assert [throttle.PAIR.delay(n).total_seconds() for n in range(4, 10)] == [0, 1, 2, 4, 8, 16]
    assert throttle.ACCOUNT.delay(9) == timedelta(0) and throttle.ACCOUNT.delay(10) == SECOND
    assert throttle.ADDRESS.delay(99) == timedelta(0) and throttle.ADDRESS.delay(100) == SECOND
    assert throttle.PAIR.delay(10_000) == throttle.MAX_DELAY == 15 * MINUTE


def test_five_typos_cost_a_second_then_the_right_password_works(db, now):
    db(make_user)
    fail(db, now, times=5)
    caught = throttled(db, now)  # even the right password must wait
    assert caught.message == "Too many failed attempts. Please wait 1 second and try again."
    assert caught.retry_after_seconds == 1
    assert login(db, now + SECOND).user_id


def test_each_further_failure_doubles_the_wait_but_never_locks(db, now):
    db(make_user)
    fail(db, now, times=5)
    at = now
    for wait in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512):
        throttled(db, at + timedelta(seconds=wait) - SECOND // 2)
        at += timedelta(seconds=wait)
        fail(db, at)
    assert throttled(db, at + 14 * MINUTE).retry_after_seconds == 60
    assert login(db, at + 15 * MINUTE).user_id  # 15 minutes at most, however many failures


def guesses(db, at, email="a@example.org", ip=IP, times=1) -> None:
    """`times` failures recorded at the same instant (faster than the throttle would let anyone fail)."""
    rules = throttle.login_rules(email=email, ip=ip, device=None)
    for _ in range(times):
        db(throttle.record_failure, rules=rules, now=at)


def test_failures_age_out_after_an_hour(db, now):
    db(make_user)
    guesses(db, now, times=30)
    assert throttled(db, now + 14 * MINUTE).retry_after_seconds == 60
    fail(db, now + HOUR, times=4)  # an hour later the 30 no longer count: 4 typos are free again
    assert login(db, now + HOUR).user_id


def test_guesses_from_many_addresses_slow_the_account_without_locking_it(db, now):
    db(make_user, email="victim@example.org")
    for n in range(10):
        fail(db, now, email="victim@example.org", ip=f"192.0.2.{n}")
    caught = throttled(db, now, email="victim@example.org", ip=OTHER_IP)  # a new address waits too
    assert caught.retry_after_seconds == 1
    assert login(db, now + SECOND, email="victim@example.org", ip=OTHER_IP).user_id


def test_a_shared_address_keeps_working_for_its_other_people(db, now):
    db(make_user, email="colleague@example.org")
    for n in range(19):  # one person's typos, and guesses at 18 other names, all from the office address
        fail(db, now, email=f"user{n}@example.org", ip=IP, times=5)
    assert login(db, now, email="colleague@example.org", ip=IP).user_id  # 95 failures: below 100


def test_the_address_ceiling_slows_a_hundred_failures_from_one_address(db, now):
    db(make_user, email="colleague@example.org")
    for n in range(20):
        fail(db, now, email=f"user{n}@example.org", ip=IP, times=5)
    assert throttled(db, now, email="colleague@example.org", ip=IP).retry_after_seconds == 1
    assert login(db, now, email="colleague@example.org", ip=OTHER_IP).user_id


def test_a_browser_that_logged_in_before_is_not_slowed_by_someone_elses_guesses(db, now):
    db(make_user, email="victim@example.org")
    device = login(db, now, email="victim@example.org").device_token
    assert device
    for n in range(40):  # an attacker, also from the victim's own address
        guesses(db, now, email="victim@example.org", ip=f"192.0.2.{n % 4}" if n % 2 else IP, times=3)
    throttled(db, now, email="victim@example.org")  # without the device token: slowed
    result = login(db, now, email="victim@example.org", devices=f"junk {device}")
    assert result.user_id and result.device_token is None  # the browser keeps the token it has


def test_a_device_tokens_own_failures_slow_only_that_device(db, now):
    db(make_user)
    device = login(db, now).device_token
    fail(db, now, devices=device, times=10)
    assert throttled(db, now, devices=device).retry_after_seconds == 1
    assert login(db, now, ip=OTHER_IP).user_id  # the device's failures did not count for the account


def test_a_device_token_works_only_for_its_own_account(db, now):
    db(make_user, email="a@example.org")
    db(make_user, email="b@example.org")
    device_of_a = login(db, now, email="a@example.org").device_token
    fail(db, now, email="b@example.org", times=5)
    throttled(db, now, email="b@example.org", devices=device_of_a)
    forged = device_of_a.split(".")[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    throttled(db, now, email="b@example.org", devices=forged)


def test_the_reset_path_works_while_the_account_is_slowed(db, now):
    user_id = db(make_user, email="victim@example.org")
    guesses(db, now, email="victim@example.org", ip="192.0.2.1", times=30)
    throttled(db, now, email="victim@example.org", ip=OTHER_IP)
    _, token = db(accounts.request_password_reset, email="victim@example.org", now=now)
    db(accounts.reset_password, token=token, new_password="purple elephant umbrella", now=now)
    device = db(accounts.new_device_token, user_id=user_id)  # what the reset page keeps in the browser
    guesses(db, now, email="victim@example.org", ip="192.0.2.1", times=30)  # the attacker goes on
    assert login(db, now, email="victim@example.org", password="purple elephant umbrella", ip=OTHER_IP,
                 devices=device).user_id == user_id


def test_throttling_says_the_same_for_existing_and_unknown_accounts(db, now):
    db(make_user, email="real@example.org")
    answers = []
    for email in ("real@example.org", "nobody@example.org"):
        fail(db, now, email=email, times=5)
        caught = throttled(db, now, email=email)
        answers.append((caught.message, caught.retry_after_seconds))
    assert answers[0] == answers[1]


def test_check_login_allowed_refuses_before_any_hashing(db, now, monkeypatch):
    db(make_user)
    fail(db, now, times=5)
    from easytrack.services import passwords

    monkeypatch.setattr(passwords, "verify_password", lambda *_: pytest.fail("hashed"))
    with pytest.raises(Throttled):
        db(accounts.check_login_allowed, email="a@example.org", client_ip=IP, now=now)


def test_failures_are_kept_although_the_failed_login_rolls_back(db, now):
    db(make_user)
    fail(db, now, times=2)
    keys = [throttle.email_key("a@example.org"), throttle.ip_key(IP), throttle.pair_key("a@example.org", IP)]
    counts = db(lambda s: [s.exec(select(func.count()).where(LoginFailure.key == k)).one() for k in keys])
    assert counts == [2, 2, 2]


def test_a_success_forgets_the_pairs_failures_not_the_accounts(db, now):
    db(make_user)
    fail(db, now, times=4)
    login(db, now)
    fail(db, now, times=4)  # 4 more from here are free again
    assert login(db, now).user_id
    count = db(lambda s: s.exec(select(func.count()).where(LoginFailure.key == "email:a@example.org")).one())
    assert count == 8


def test_old_events_are_pruned(db, now):
    db(lambda s: s.add_all([LoginFailure(key="ip:192.0.2.1", at=at) for at in (now - 2 * DAY, now)]))
    db(throttle.prune, now=now)
    assert db(lambda s: s.exec(select(func.count()).select_from(LoginFailure)).one()) == 1


def test_reauthentication_is_throttled_per_account(db, now):
    user_id = db(make_user)
    for _ in range(5):
        with pytest.raises(AuthFailed):
            db(accounts.delete_account, user_id=user_id, password=WRONG, now=now)
    with pytest.raises(Throttled):
        db(accounts.delete_account, user_id=user_id, password=PASSWORD, now=now)
    db(accounts.delete_account, user_id=user_id, password=PASSWORD, now=now + SECOND)


def test_a_reset_revokes_the_accounts_api_tokens(db, now):
    from easytrack.models import ApiToken
    from easytrack.services import api_tokens

    user_id = db(make_user)
    db(api_tokens.create_token, user_id=user_id, name="backup", now=now)
    _, token = db(accounts.request_password_reset, email="a@example.org", now=now)
    db(accounts.reset_password, token=token, new_password="purple elephant umbrella", now=now)
    assert db(lambda s: s.exec(select(func.count()).select_from(ApiToken)).one()) == 0
