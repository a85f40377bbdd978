"""Web Push reminders on SQLite and PostgreSQL, end to end: a real push service on loopback receives what the
scheduler sends, and the test decrypts it with the subscribing browser's own keys (RFC 8291) and checks the
VAPID signature (RFC 8292)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from easytrack.config import ConfigError
from easytrack.models import PushSubscription
from easytrack.reminders import claims, scheduler
from easytrack.services import push, push_keys
from easytrack.services.errors import ValidationError
from tests.integration.test_reminders import DAY, at, done, habit, reminder_ids, run, user_with
from tests.pushservice import Browser, running_push_service, vapid_claims


@pytest.fixture
def service(monkeypatch):
    monkeypatch.setenv(push.ALLOW_LOCAL_ENV, "1")  # the push service below is plain http on loopback
    with running_push_service() as found:
        yield found


def subscribe(engine, user_id: int, endpoint: str, browser: Browser | None = None) -> Browser:
    browser = browser or Browser()
    with Session(engine) as session:
        push.subscribe(session, user_id=user_id, subscription=browser.subscription(endpoint), label="Phone",
                       now=at(7))
        session.commit()
    return browser


def test_a_due_habit_reminder_arrives_encrypted_with_its_title_body_url_and_done_action(engine, service):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder="08:00")
    phone = subscribe(engine, user, service.endpoint("phone"))

    outbox = run(engine, at(8, 1))
    [pushed] = service.to("phone")
    message = phone.decrypt(pushed.body)
    assert message["title"] == "Reminder: Read"
    assert message["body"] == "Still open today. Tap Done when it is."
    assert message["url"] == f"/habits/{read}"
    with Session(engine) as session:
        keys = push_keys.load_keys(session)
    assert push_keys.verify_action(keys, message["action"], now=at(8, 2)) == (user, read, DAY)
    claims_, k = vapid_claims(pushed.headers["authorization"])
    assert k == keys.public_key and claims_["aud"] == f"http://127.0.0.1:{service.port}"
    assert claims_["sub"].startswith(("mailto:", "https://")) and claims_["exp"] > at(8).timestamp()
    assert pushed.headers["content-encoding"] == "aes128gcm" and int(pushed.headers["ttl"]) > 0
    assert [m[1] for m in outbox.mails] == ["Reminder: Read"]  # e-mail too, by default


def test_every_browser_of_the_user_gets_the_digest_once_and_other_users_none(engine, service):
    user = user_with(engine, digest="08:00")
    habit(engine, user, "Read")
    habit(engine, user, "Walk")
    phone, laptop = subscribe(engine, user, service.endpoint("phone")), subscribe(engine, user, service.endpoint("pc"))
    other = user_with(engine, "o@example.org", digest=None)
    subscribe(engine, other, service.endpoint("other"))

    run(engine, at(8, 0))
    run(engine, at(8, 5))  # a second pass: already sent
    assert phone.decrypt(service.to("phone")[0].body)["body"] == "Read, Walk"
    assert laptop.decrypt(service.to("pc")[0].body)["title"] == "Still open today: 2"
    assert (len(service.to("phone")), len(service.to("pc")), service.to("other")) == (1, 1, [])


def test_a_reminder_set_to_push_only_sends_no_mail_and_a_done_habit_nothing(engine, service):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder="08:00", reminder_channels="push")
    walk = habit(engine, user, "Walk", reminder="08:00", reminder_channels="push")
    done(engine, walk)
    subscribe(engine, user, service.endpoint("phone"))
    assert run(engine, at(9)).mails == []
    assert len(service.to("phone")) == 1
    with Session(engine) as session:  # both are settled for today: one sent, one skipped (done already)
        assert claims.sent_keys(session, since=DAY) == {("reminder", r, DAY) for r in reminder_ids(engine, read) + reminder_ids(engine, walk)}


@pytest.mark.parametrize("status", [404, 410])
def test_an_expired_subscription_is_removed_and_the_others_still_get_it(engine, service, status):
    user = user_with(engine, digest=None)
    habit(engine, user, "Read", reminder="08:00", reminder_channels="push")
    subscribe(engine, user, service.endpoint("old"))
    subscribe(engine, user, service.endpoint("new"))
    service.statuses["/push/old"] = status
    run(engine, at(9))
    with Session(engine) as session:
        left = session.execute(select(PushSubscription.endpoint)).scalars().all()
    assert left == [service.endpoint("new")] and len(service.to("new")) == 1


def test_a_push_service_that_fails_keeps_the_reminder_for_a_retry_after_the_lease(engine, service):
    user = user_with(engine, digest=None)
    habit(engine, user, "Read", reminder="08:00", reminder_channels="push")
    subscribe(engine, user, service.endpoint("phone"))
    service.statuses["/push/phone"] = 500
    assert scheduler.run_once(at(9), bind=engine) == 0
    service.statuses.clear()
    assert scheduler.run_once(at(9, 1), bind=engine) == 0  # still leased to the failed pass
    assert scheduler.run_once(at(9) + claims.LEASE + timedelta(seconds=1), bind=engine) == 1
    assert len(service.to("phone")) == 2  # the failed one, then the retry (none while leased)


# --- subscriptions -----------------------------------------------------------------------------------------

GOOD = Browser().subscription("https://push.example.net/send/abc")


def _with(**changes) -> dict:
    sub = {"endpoint": GOOD["endpoint"], "keys": dict(GOOD["keys"])}
    for name, value in changes.items():
        if name in ("p256dh", "auth"):
            sub["keys"][name] = value
        else:
            sub[name] = value
    return sub


@pytest.mark.parametrize("bad", [
    None, "text", [], {"endpoint": GOOD["endpoint"]}, _with(endpoint="http://push.example.net/x"),
    _with(endpoint="https://127.0.0.1/x"), _with(endpoint="https://10.0.0.2/x"), _with(endpoint="https://localhost/x"),
    _with(endpoint="https://user:pw@push.example.net/x"), _with(endpoint="https://" + "a" * 1000 + ".net/"),
    _with(endpoint=5), _with(p256dh="not base64!"), _with(p256dh=push_keys.b64(b"\x04" + b"\x01" * 64)),
    _with(p256dh=push_keys.b64(b"\x04" * 20)), _with(auth=push_keys.b64(b"x" * 15)), _with(auth=None),
])
def test_malformed_subscriptions_are_refused_with_a_clear_message(session, bad):
    user = make_plain_user(session)
    with pytest.raises(ValidationError, match="push subscription"):
        push.subscribe(session, user_id=user, subscription=bad, label="", now=at(7))
    assert session.execute(select(PushSubscription)).all() == []


def make_plain_user(session) -> int:
    from tests.factories import make_user

    return make_user(session, email=f"s{id(session)}@example.org")


def test_subscribing_twice_keeps_one_row_and_a_shared_browser_follows_the_last_login(session):
    alice = make_plain_user(session)
    from tests.factories import make_user

    bob = make_user(session, email="bob@example.org")
    push.subscribe(session, user_id=alice, subscription=GOOD, label="Phone", now=at(7))
    push.subscribe(session, user_id=alice, subscription=GOOD, label="Phone", now=at(7))
    assert [d.label for d in push.list_devices(session, user_id=alice)] == ["Phone"]
    push.subscribe(session, user_id=bob, subscription=GOOD, label="Shared", now=at(8))
    assert push.list_devices(session, user_id=alice) == []
    [device] = push.list_devices(session, user_id=bob)
    with pytest.raises(push.DeviceNotFound):
        push.remove_device(session, user_id=alice, device_id=device.id)
    push.remove_device(session, user_id=bob, device_id=device.id)
    assert push.list_devices(session, user_id=bob) == []


def test_a_user_has_at_most_twenty_devices(session):
    user = make_plain_user(session)
    for i in range(push.MAX_DEVICES):
        push.subscribe(session, user_id=user, subscription=_with(endpoint=f"https://push.example.net/{i}"),
                       label="", now=at(7))
    with pytest.raises(ValidationError, match="At most 20 devices"):
        push.subscribe(session, user_id=user, subscription=_with(endpoint="https://push.example.net/x"),
                       label="", now=at(7))


# --- keys --------------------------------------------------------------------------------------------------


def test_the_vapid_key_is_made_once_and_kept(session):
    first = push_keys.load_keys(session, env={})
    again = push_keys.load_keys(session, env={})
    assert first == again and len(push_keys.unb64(first.public_key)) == 65
    assert push_keys.public_from_private(first.private_raw) == first.public_key


def test_a_vapid_key_from_the_environment_wins_and_a_bad_one_is_a_clear_error(session):
    private = push_keys.new_private_key()
    keys = push_keys.load_keys(session, env={push_keys.PRIVATE_ENV: private, push_keys.SUBJECT_ENV: "mailto:a@b.c"})
    assert (keys.private_raw, keys.subject) == (private, "mailto:a@b.c")
    with pytest.raises(ConfigError, match="EASYTRACK_VAPID_PRIVATE_KEY"):
        push_keys.load_keys(session, env={push_keys.PRIVATE_ENV: "nonsense"})
    with pytest.raises(ConfigError, match="EASYTRACK_VAPID_SUBJECT"):
        push_keys.load_keys(session, env={push_keys.SUBJECT_ENV: "admin@example.org"})


def test_an_action_token_ticks_only_its_habit_and_day_and_expires(session):
    keys = push_keys.load_keys(session, env={})
    token = push_keys.sign_action(keys, user_id=3, habit_id=7, day=DAY, now=at(8))
    assert push_keys.verify_action(keys, token, now=at(9)) == (3, 7, DAY)
    assert push_keys.verify_action(keys, token.replace("3.7.", "3.8.", 1), now=at(9)) is None
    assert push_keys.verify_action(keys, token, now=at(8) + timedelta(days=3)) is None
    for bad in (None, 5, "", "a.b.c.d.e", token[:-2] + "xx"):
        assert push_keys.verify_action(keys, bad, now=at(9)) is None
