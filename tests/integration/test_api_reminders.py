"""REST: a habit's reminders (read, replace; owner-scoped, checked) and a rotated push subscription renewed by
the service worker with no API token."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session

from easytrack.models import PushSubscription
from easytrack.services import channels, push
from tests.integration.test_api_fixtures import API, NOW, alice, bob, client  # noqa: F401  (fixtures)
from tests.pushservice import Browser

OLD = "https://push.example.net/send/alice-old"
NEW = "https://push.example.net/send/alice-new"


def put(client, who, habit_id, reminders):  # noqa: F811
    return client.put(f"{API}/habits/{habit_id}/reminders", json={"reminders": reminders}, headers=who.auth)


def test_a_habits_reminders_are_replaced_and_read_back_earliest_first(client, alice):  # noqa: F811
    assert client.get(f"{API}/habits/{alice.habit_id}/reminders", headers=alice.auth).json() == []
    saved = put(client, alice, alice.habit_id, [{"time": "21:00", "weekdays": [5, 6], "channels": ["push"]},
                                                {"time": "07:30"}])
    assert saved.status_code == 200
    assert [(r["time"], r["weekdays"], r["channels"]) for r in saved.json()] == [
        ("07:30", [0, 1, 2, 3, 4, 5, 6], ["email", "push"]), ("21:00", [5, 6], ["push"])]
    got = client.get(f"{API}/habits/{alice.habit_id}/reminders", headers=alice.auth).json()
    assert got == saved.json()
    again = put(client, alice, alice.habit_id, [{"time": "07:30", "weekdays": [0]}])
    assert [(r["id"], r["weekdays"]) for r in again.json()] == [(saved.json()[0]["id"], [0])]  # same time, same id
    assert put(client, alice, alice.habit_id, []).json() == []


def test_channels_name_only_the_users_own_notification_urls(client, alice, bob, session):  # noqa: F811
    mine = channels.add_channel(session, user_id=alice.user_id, name="Mine", url="json://hooks.example.net/a", now=NOW)
    theirs = channels.add_channel(session, user_id=bob.user_id, name="Bob", url="json://hooks.example.net/b", now=NOW)
    session.commit()
    saved = put(client, alice, alice.habit_id, [{"time": "08:00", "channels": [f"c{mine.id}", f"c{theirs.id}"]}])
    assert saved.json()[0]["channels"] == [f"c{mine.id}"]


@pytest.mark.parametrize(("reminders", "words"), [
    ([{"time": "25:00"}], "time"),
    ([{"time": "7:30"}], "time"),
    ([{"time": "07:30", "weekdays": []}], "weekdays"),
    ([{"time": "07:30", "weekdays": [7]}], "weekdays"),
    ([{"time": "07:30", "channels": ["sms"]}], "channels"),
    ([{"time": "07:30"}, {"time": "07:30", "weekdays": [1]}], "same time"),
    ([{"time": f"{h:02d}:00"} for h in range(11)], "reminders"),
    ([{"time": "07:30", "extra": 1}], "extra"),
])
def test_bad_reminders_get_a_clear_422_and_change_nothing(client, alice, reminders, words):  # noqa: F811
    put(client, alice, alice.habit_id, [{"time": "06:00"}])
    response = put(client, alice, alice.habit_id, reminders)
    assert response.status_code == 422 and words in response.json()["error"]
    got = client.get(f"{API}/habits/{alice.habit_id}/reminders", headers=alice.auth).json()
    assert [r["time"] for r in got] == ["06:00"]


def test_another_users_habit_reminders_are_not_found(client, alice, bob):  # noqa: F811
    put(client, alice, alice.habit_id, [{"time": "06:00"}])
    assert client.get(f"{API}/habits/{alice.habit_id}/reminders", headers=bob.auth).status_code == 404
    assert put(client, bob, alice.habit_id, []).status_code == 404
    assert len(client.get(f"{API}/habits/{alice.habit_id}/reminders", headers=alice.auth).json()) == 1
    assert client.get(f"{API}/habits/{alice.habit_id}/reminders").status_code == 401


# --- a rotated push subscription ---------------------------------------------------------------------------


def _subscribed(engine, alice):  # noqa: F811
    browser = Browser()
    old = browser.subscription(OLD)
    with Session(engine) as session:
        push.subscribe(session, user_id=alice.user_id, subscription=old, label="Phone", now=NOW)
        session.commit()
    return old


def test_a_rotated_subscription_replaces_the_old_one_for_the_same_user_and_device(client, alice, engine):  # noqa: F811
    old = _subscribed(engine, alice)
    new = Browser().subscription(NEW)
    response = client.post(f"{API}/push-subscriptions/renew", json={"old": old, "new": {**new, "expirationTime": None}})
    assert response.status_code == 200 and response.json()["label"] == "Phone"
    with Session(engine) as session:
        rows = session.execute(select(PushSubscription)).scalars().all()
        assert [(r.user_id, r.endpoint, r.p256dh, r.label) for r in rows] == [
            (alice.user_id, NEW, new["keys"]["p256dh"], "Phone")]
    # The old subscription proves nothing any more.
    again = client.post(f"{API}/push-subscriptions/renew", json={"old": old, "new": Browser().subscription(OLD)})
    assert again.status_code == 404


@pytest.mark.parametrize("forge", ["auth", "p256dh", "endpoint"])
def test_renewing_needs_the_old_subscriptions_endpoint_and_both_keys(client, alice, engine, forge):  # noqa: F811
    old = _subscribed(engine, alice)
    guess = Browser().subscription(OLD + "x")
    forged = {"endpoint": guess["endpoint"] if forge == "endpoint" else old["endpoint"],
              "keys": {**old["keys"], **({forge: guess["keys"][forge]} if forge != "endpoint" else {})}}
    response = client.post(f"{API}/push-subscriptions/renew",
                           json={"old": forged, "new": Browser().subscription("https://push.example.net/send/evil")})
    assert response.status_code == 404 and response.json()["error"] == "That device is no longer subscribed."
    with Session(engine) as session:
        assert session.execute(select(PushSubscription.endpoint)).scalars().all() == [OLD]


def test_a_malformed_new_subscription_keeps_the_old_one(client, alice, engine):  # noqa: F811
    old = _subscribed(engine, alice)
    bad = {"endpoint": "http://10.0.0.1/x", "keys": Browser().subscription("")["keys"]}
    response = client.post(f"{API}/push-subscriptions/renew", json={"old": old, "new": bad})
    assert response.status_code == 422
    with Session(engine) as session:
        assert session.execute(select(PushSubscription.endpoint)).scalars().all() == [OLD]
