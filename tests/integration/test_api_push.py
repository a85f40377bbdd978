"""REST: push subscriptions, a notification's "Done", and the batch check-in endpoint (an outbox replayed)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from easytrack import live
from easytrack.services import checkins, habits, push_keys
from easytrack.services.outbox import MAX_BATCH
from tests.integration.test_api_fixtures import (  # noqa: F401  (fixtures)
    API,
    NOW,
    TODAY,
    alice,
    bob,
    client,
    published,
)
from tests.pushservice import Browser

ENDPOINT = "https://push.example.net/send/alice-phone"


def test_a_device_subscribes_lists_and_unsubscribes(client, alice):  # noqa: F811
    key = client.get(f"{API}/push-subscriptions/key", headers=alice.auth).json()["public_key"]
    assert len(push_keys.unb64(key)) == 65
    body = {**Browser().subscription(ENDPOINT), "label": "Phone", "expirationTime": None}
    created = client.post(f"{API}/push-subscriptions", json=body, headers=alice.auth)
    assert created.status_code == 201 and created.json()["label"] == "Phone"
    assert "endpoint" not in created.json() and "keys" not in created.json()
    again = client.post(f"{API}/push-subscriptions", json=body, headers=alice.auth)
    assert again.json()["id"] == created.json()["id"]
    listed = client.get(f"{API}/push-subscriptions", headers=alice.auth).json()
    assert [d["id"] for d in listed] == [created.json()["id"]]
    assert client.delete(f"{API}/push-subscriptions/{listed[0]['id']}", headers=alice.auth).status_code == 204
    assert client.get(f"{API}/push-subscriptions", headers=alice.auth).json() == []


@pytest.mark.parametrize("body", [
    {"endpoint": "http://push.example.net/x", "keys": Browser().subscription("")["keys"]},
    {"endpoint": ENDPOINT, "keys": {"p256dh": "AAAA", "auth": "AAAA"}},
    {"endpoint": ENDPOINT},
    {"endpoint": ENDPOINT, "keys": {"p256dh": 5, "auth": "x"}},
])
def test_a_malformed_subscription_gets_a_clear_422(client, alice, body):  # noqa: F811
    response = client.post(f"{API}/push-subscriptions", json=body, headers=alice.auth)
    assert response.status_code == 422
    assert response.json()["error"]
    assert client.get(f"{API}/push-subscriptions", headers=alice.auth).json() == []


def test_done_from_a_notification_ticks_its_habit_once_and_a_forged_token_nothing(client, alice, session,  # noqa: F811
                                                                                 published):  # noqa: F811
    keys = push_keys.load_keys(session)
    session.commit()
    token = push_keys.sign_action(keys, user_id=alice.user_id, habit_id=alice.habit_id, day=TODAY, now=NOW)
    assert client.post(f"{API}/push/done", json={"token": token}).status_code == 204
    assert client.post(f"{API}/push/done", json={"token": token}).status_code == 204  # pressed twice: still done
    days = checkins.list_checkins(session, user_id=alice.user_id, habit_id=alice.habit_id, start=TODAY, end=TODAY)
    assert days[TODAY].state == "done"
    assert [c for _, c in published if isinstance(c, live.Cell)][0].day == TODAY
    forged = token.replace(f".{alice.habit_id}.", f".{alice.habit_id + 1}.", 1)
    refused = client.post(f"{API}/push/done", json={"token": forged})
    assert refused.status_code == 400 and "expired" in refused.json()["error"]


def test_a_batch_applies_each_change_in_order_and_refuses_a_deleted_habit_alone(client, alice, bob, session,  # noqa: F811
                                                                               published):  # noqa: F811
    _, walk = habits.create_habit(session, user_id=alice.user_id, name="Walk")
    habits.delete_habit(session, user_id=alice.user_id, habit_id=walk.id)
    session.commit()
    y = (TODAY - timedelta(days=1)).isoformat()
    changes = [
        {"ref": "1", "habit_id": alice.habit_id, "day": TODAY.isoformat(), "state": "done"},
        {"ref": "2", "habit_id": walk.id, "day": TODAY.isoformat(), "state": "done"},  # deleted meanwhile
        {"ref": "3", "habit_id": bob.habit_id, "day": TODAY.isoformat(), "state": "done"},  # someone else's
        {"ref": "4", "habit_id": alice.habit_id, "day": y, "state": "skip"},
        {"ref": "5", "habit_id": alice.habit_id, "day": y, "state": None},  # then cleared again
        {"ref": "6", "habit_id": alice.habit_id, "day": (TODAY + timedelta(days=1)).isoformat(), "state": "done"},
    ]
    response = client.post(f"{API}/checkins/batch", json={"changes": changes}, headers=alice.auth)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["ref"], r["ok"]) for r in results] == [("1", True), ("2", False), ("3", False), ("4", True),
                                                      ("5", True), ("6", False)]
    assert results[1]["error"] == results[2]["error"] == "That habit no longer exists."
    assert "future" in results[5]["error"]
    revs = [r["rev"] for r in results if r["ok"]]
    assert revs == sorted(revs) and len(set(revs)) == 3
    days = checkins.list_checkins(session, user_id=alice.user_id, habit_id=alice.habit_id,
                                  start=TODAY - timedelta(days=1), end=TODAY)
    assert {d: c.state for d, c in days.items()} == {TODAY: "done"}
    assert checkins.list_checkins(session, user_id=bob.user_id, habit_id=bob.habit_id, start=TODAY, end=TODAY) == {}
    assert len([c for u, c in published if u == alice.user_id]) == 3


def test_an_oversized_batch_is_refused_with_a_clear_error_and_applies_nothing(client, alice, session):  # noqa: F811
    change = {"habit_id": alice.habit_id, "day": TODAY.isoformat(), "state": "done"}
    response = client.post(f"{API}/checkins/batch", json={"changes": [change] * (MAX_BATCH + 1)},
                           headers=alice.auth)
    assert response.status_code in (413, 422) and response.json()["error"]
    huge = client.post(f"{API}/checkins/batch", headers={**alice.auth, "Content-Type": "application/json"},
                       content=b'{"changes": [' + b'{"habit_id": 1, "day": "2026-03-15", "state": "done"},' * 6000
                       + b'{}]}')
    assert huge.status_code == 413 and huge.json()["error"]
    assert TODAY not in checkins.list_checkins(session, user_id=alice.user_id, habit_id=alice.habit_id,
                                               start=TODAY, end=TODAY)


def test_a_batch_of_500_fits_in_one_request(client, alice):  # noqa: F811
    start = TODAY - timedelta(days=499)
    changes = [{"habit_id": alice.habit_id, "day": (start + timedelta(days=i)).isoformat(), "state": "done"}
               for i in range(500)]
    response = client.post(f"{API}/checkins/batch", json={"changes": changes}, headers=alice.auth)
    assert response.status_code == 200 and all(r["ok"] for r in response.json()["results"])
