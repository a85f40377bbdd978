"""REST API resources: what each endpoint returns and changes, owner scoping (404), validation (422),
the future-day rule in the user's own zone, and live updates to open tabs."""

from __future__ import annotations

import pytest

from easytrack import live
from easytrack.services import checkins
from tests.integration.test_api_fixtures import (  # noqa: F401  (fixtures)
    API,
    TODAY,
    alice,
    bob,
    client,
    make_account,
    make_client,
    published,
)

# Requests that name one of the caller's objects; {habit}/{group} get the OTHER user's ids.
FOREIGN = [
    ("PATCH", "/groups/{group}", {"json": {"name": "Mine now"}}),
    ("DELETE", "/groups/{group}", {}),
    ("GET", "/habits/{habit}", {}),
    ("PATCH", "/habits/{habit}", {"json": {"name": "Mine now", "archived": True}}),
    ("DELETE", "/habits/{habit}", {}),
    ("GET", "/habits/{habit}/checkins", {}),
    ("PUT", "/habits/{habit}/checkins/2026-03-14", {"json": {"state": "no", "note": "overwritten"}}),
    ("DELETE", "/habits/{habit}/checkins/2026-03-14", {}),
    ("GET", "/habits/{habit}/stats", {}),
    ("POST", "/habits", {"json": {"name": "Sneaky", "group_id": "{group}"}}),
]


def snapshot(client, account) -> dict:  # noqa: F811
    """Everything the account can see, to compare before and after."""
    get = lambda path: client.get(API + path, headers=account.auth).json()  # noqa: E731
    return {
        "groups": get("/groups"),
        "habits": get("/habits?include_archived=true"),
        "checkins": get(f"/habits/{account.habit_id}/checkins?from=2026-01-01&to=2026-03-15"),
    }


@pytest.mark.parametrize("endpoint", FOREIGN, ids=[f"{m} {p}" for m, p, _ in FOREIGN])
def test_another_users_ids_answer_404_and_change_nothing(client, alice, bob, endpoint):  # noqa: F811
    method, path, kwargs = endpoint
    before = snapshot(client, alice)
    if "json" in kwargs:
        kwargs = {"json": {k: (alice.group_id if v == "{group}" else v) for k, v in kwargs["json"].items()}}
    response = client.request(method, API + path.format(habit=alice.habit_id, group=alice.group_id),
                              headers=bob.auth, **kwargs)
    assert response.status_code == 404
    assert set(response.json()) == {"error"}
    assert snapshot(client, alice) == before
    assert "Read" not in response.text and "Health" not in response.text


def test_a_missing_id_looks_like_someone_elses(client, alice, bob):  # noqa: F811
    mine_missing = client.get(f"{API}/habits/999999", headers=alice.auth)
    someone_elses = client.get(f"{API}/habits/{bob.habit_id}", headers=alice.auth)
    assert (mine_missing.status_code, mine_missing.json()) == (someone_elses.status_code, someone_elses.json())


def test_lists_hold_only_the_callers_own_objects(client, alice, bob):  # noqa: F811
    assert [h["id"] for h in client.get(f"{API}/habits", headers=bob.auth).json()] == [bob.habit_id]
    assert [g["id"] for g in client.get(f"{API}/groups", headers=bob.auth).json()] == [bob.group_id]


def test_me_shows_the_public_profile_only(client, alice):  # noqa: F811
    body = client.get(f"{API}/me", headers=alice.auth).json()
    assert body == {"id": alice.user_id, "email": "alice@example.org", "display_name": "", "timezone": "UTC",
                    "first_weekday": 0}


def test_groups_can_be_created_renamed_and_deleted(client, alice, published):  # noqa: F811
    made = client.post(f"{API}/groups", json={"name": "  Mind  "}, headers=alice.auth)
    assert made.status_code == 201 and made.json()["name"] == "Mind"
    gid = made.json()["id"]
    renamed = client.patch(f"{API}/groups/{gid}", json={"name": "Soul"}, headers=alice.auth)
    assert renamed.json() == {"id": gid, "name": "Soul", "position": 1}
    assert client.delete(f"{API}/groups/{gid}", headers=alice.auth).status_code == 204
    assert [g["name"] for g in client.get(f"{API}/groups", headers=alice.auth).json()] == ["Health"]
    assert [type(change) for _, change in published] == [live.Reload] * 3
    assert all(user == alice.user_id for user, _ in published)


def test_a_duplicate_group_name_is_a_validation_error(client, alice):  # noqa: F811
    response = client.post(f"{API}/groups", json={"name": "HEALTH"}, headers=alice.auth)
    assert response.status_code == 422 and "already" in response.json()["error"]


def test_habits_can_be_created_changed_archived_and_deleted(client, alice):  # noqa: F811
    body = {"name": "Run", "measurable": True, "unit": "km", "target_value": 5, "schedule": "week:3",
            "color": "#AABBCC", "group_id": alice.group_id}
    made = client.post(f"{API}/habits", json=body, headers=alice.auth)
    assert made.status_code == 201
    habit = made.json()
    assert (habit["schedule"], habit["color"], habit["target_value"], habit["group_id"]) == (
        "week:3", "#aabbcc", 5.0, alice.group_id)
    changed = client.patch(f"{API}/habits/{habit['id']}", json={"group_id": None, "archived": True},
                           headers=alice.auth).json()
    assert (changed["group_id"], changed["archived"], changed["name"]) == (None, True, "Run")
    assert [h["name"] for h in client.get(f"{API}/habits", headers=alice.auth).json()] == ["Read"]
    everything = client.get(f"{API}/habits", params={"include_archived": "true"}, headers=alice.auth).json()
    assert [h["name"] for h in everything] == ["Read", "Run"]
    assert client.delete(f"{API}/habits/{habit['id']}", headers=alice.auth).status_code == 204
    assert client.get(f"{API}/habits/{habit['id']}", headers=alice.auth).status_code == 404


def test_an_empty_patch_changes_nothing(client, alice):  # noqa: F811
    before = client.get(f"{API}/habits/{alice.habit_id}", headers=alice.auth).json()
    assert client.patch(f"{API}/habits/{alice.habit_id}", json={}, headers=alice.auth).json() == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/groups", {"name": ""}),
        ("POST", "/groups", {"name": "x" * 101}),
        ("POST", "/groups", {"name": 5}),
        ("POST", "/groups", {"name": "Ok", "extra": 1}),
        ("POST", "/groups", {"name": "   "}),
        ("POST", "/habits", {"name": "Run", "color": "red"}),
        ("POST", "/habits", {"name": "Run", "schedule": "sometimes"}),
        ("POST", "/habits", {"name": "Run", "target_value": -1}),
        ("POST", "/habits", {"name": "Run", "target_value": "5"}),
        ("POST", "/habits", {"name": "Run", "measurable": 1}),
        ("POST", "/habits", {"name": "Run", "target_direction": "sideways"}),
        ("POST", "/habits", {"name": "Run", "target_period": "days:0"}),
        ("POST", "/habits", {"name": "Run", "target_period": "fortnight"}),
        ("PATCH", "/habits/{habit}", {"target_period": "days:366"}),
        ("POST", "/habits", {"name": "Bad\x00name"}),
        ("PATCH", "/habits/{habit}", {"name": None}),
        ("PATCH", "/habits/{habit}", {"archived": "yes"}),
        ("PATCH", "/habits/{habit}", {"description": "x" * 1001}),
        ("PUT", "/habits/{habit}/checkins/2026-03-14", {"state": "maybe"}),
        ("PUT", "/habits/{habit}/checkins/2026-03-14", {"state": "done", "amount": 2}),  # yes/no habit
        ("PUT", "/habits/{habit}/checkins/2026-03-14", {"state": "done", "note": "x" * 1001}),
        ("PUT", "/habits/{habit}/checkins/2026-03-14", {}),
        ("PUT", "/habits/{habit}/checkins/2026-02-30", {"state": "done"}),
        ("PUT", "/habits/{habit}/checkins/1899-12-31", {"state": "done"}),
        ("PUT", "/habits/{habit}/checkins/14-03-2026", {"state": "done"}),
        ("GET", "/habits/{habit}/checkins?from=2026-03-10&to=2026-03-01", None),
        ("GET", "/habits/{habit}/checkins?from=2000-01-01&to=2026-03-01", None),
        ("GET", "/habits/{habit}/checkins?from=yesterday", None),
        ("GET", "/habits/{habit}/stats?day=2026-13-01", None),
        ("GET", "/habits?include_archived=perhaps", None),
        ("GET", "/habits/abc", None),
    ],
)
def test_invalid_input_is_a_422_with_an_error_message(client, alice, method, path, body):  # noqa: F811
    response = client.request(method, API + path.format(habit=alice.habit_id), json=body, headers=alice.auth)
    assert response.status_code == 422, response.text
    assert set(response.json()) == {"error"} and response.json()["error"]


def test_a_body_that_is_not_json_is_a_422(client, alice):  # noqa: F811
    response = client.post(f"{API}/groups", content=b"{not json", headers={**alice.auth,
                                                                         "Content-Type": "application/json"})
    assert response.status_code == 422 and set(response.json()) == {"error"}


def test_a_json_body_over_64_kib_is_refused_with_413(client, alice):  # noqa: F811
    response = client.post(f"{API}/groups", json={"name": "x" * 70_000}, headers=alice.auth)
    assert response.status_code == 413 and set(response.json()) == {"error"}


def test_checkins_can_be_set_read_and_cleared(client, alice, published):  # noqa: F811
    url = f"{API}/habits/{alice.habit_id}/checkins"
    put = client.put(f"{url}/2026-03-15", json={"state": "done", "note": "before work"}, headers=alice.auth)
    assert put.json() == {"day": "2026-03-15", "state": "done", "amount": None, "note": "before work"}
    skip = client.put(f"{url}/2026-03-15", json={"state": "skip"}, headers=alice.auth).json()
    assert skip["note"] == "before work"  # a null note keeps the stored one
    days = client.get(url, params={"from": "2026-03-14", "to": "2026-03-15"}, headers=alice.auth).json()
    assert [(d["day"], d["state"]) for d in days] == [("2026-03-14", "done"), ("2026-03-15", "skip")]
    assert client.delete(f"{url}/2026-03-15", headers=alice.auth).status_code == 204
    assert [d["day"] for d in client.get(url, headers=alice.auth).json()] == ["2026-03-14"]
    cells = [change for _, change in published]
    assert all(isinstance(c, live.Cell) and c.habit_id == alice.habit_id for c in cells)
    assert [c.rev for c in cells] == sorted(c.rev for c in cells) and len(cells) == 3


def test_the_default_range_is_the_last_30_days_up_to_today(client, alice, session):  # noqa: F811
    from datetime import timedelta

    for offset in (0, 29, 30):
        checkins.set_checkin(session, user_id=alice.user_id, habit_id=alice.habit_id,
                             day=TODAY - timedelta(days=offset), state="done", today=TODAY)
    session.commit()
    days = client.get(f"{API}/habits/{alice.habit_id}/checkins", headers=alice.auth).json()
    assert [d["day"] for d in days][0] == "2026-02-14" and days[-1]["day"] == "2026-03-15"


def test_a_measurable_habit_takes_amounts(client, alice):  # noqa: F811
    made = client.post(f"{API}/habits", json={"name": "Water", "measurable": True, "unit": "l",
                                               "target_value": 2}, headers=alice.auth).json()
    put = client.put(f"{API}/habits/{made['id']}/checkins/2026-03-15", json={"state": "done", "amount": 2.5},
                     headers=alice.auth)
    assert put.json()["amount"] == 2.5


def test_tomorrow_is_refused_in_the_users_own_zone(client, alice):  # noqa: F811
    response = client.put(f"{API}/habits/{alice.habit_id}/checkins/2026-03-16", json={"state": "done"},
                          headers=alice.auth)
    assert response.status_code == 422 and "future" in response.json()["error"]
    cleared = client.delete(f"{API}/habits/{alice.habit_id}/checkins/2026-03-16", headers=alice.auth)
    assert cleared.status_code == 422


def test_a_user_east_of_utc_may_already_fill_in_their_today(client, session):  # noqa: F811
    kiribati = make_account(session, "kiri@example.org", timezone_name="Pacific/Kiritimati")  # UTC+14: 03-16
    url = f"{API}/habits/{kiribati.habit_id}/checkins"
    assert client.put(f"{url}/2026-03-16", json={"state": "done"}, headers=kiribati.auth).status_code == 200
    assert client.put(f"{url}/2026-03-17", json={"state": "done"}, headers=kiribati.auth).status_code == 422


def test_stats_give_score_and_streaks(client, alice, session):  # noqa: F811
    checkins.set_checkin(session, user_id=alice.user_id, habit_id=alice.habit_id, day=TODAY, state="done",
                         today=TODAY)
    session.commit()
    body = client.get(f"{API}/habits/{alice.habit_id}/stats", headers=alice.auth).json()
    assert (body["day"], body["streak_current"], body["streak_best"], body["total"]) == ("2026-03-15", 2, 2, 2.0)
    assert 0 < body["score"] < 1
    assert body["all"]["rate"] == 1.0
    earlier = client.get(f"{API}/habits/{alice.habit_id}/stats", params={"day": "2026-03-13"},
                         headers=alice.auth).json()
    assert (earlier["score"], earlier["streak_current"], earlier["first_day"]) == (0.0, 0, None)


def _numerical(client, account, direction: str) -> str:  # noqa: F811
    """A measurable habit as Loop's tests make it: 2 miles a day, at least or at most."""
    made = client.post(f"{API}/habits", json={"name": f"Run {direction}", "measurable": True, "unit": "miles",
                                               "target_value": 2, "target_direction": direction},
                       headers=account.auth).json()
    return f"{API}/habits/{made['id']}"


def _score(client, account, url: str) -> float:  # noqa: F811
    return client.get(f"{url}/stats", headers=account.auth).json()["score"]


@pytest.mark.parametrize(("direction", "amount", "empty", "daily", "two_days"), [
    ("at_least", 2, 0.0, 0.101149, 0.072631),  # Loop: NumericalAtLeastScoreListTest.test_recompute
    ("at_most", 5, 1.0, 0.898850, 0.927369),  # Loop: NumericalAtMostScoreListTest.test_recompute
])
def test_loops_numerical_recompute_expectations_hold_through_the_api(client, alice, direction, amount, empty,
                                                                    daily, two_days):  # noqa: F811
    url = _numerical(client, alice, direction)
    assert _score(client, alice, url) == pytest.approx(empty, abs=1e-6)  # nothing entered yet
    for day in ("2026-03-14", "2026-03-15"):
        client.put(f"{url}/checkins/{day}", json={"state": "done", "amount": amount}, headers=alice.auth)
    assert _score(client, alice, url) == pytest.approx(daily, abs=1e-6)
    changed = client.patch(url, json={"target_period": "days:2"}, headers=alice.auth)
    assert changed.json()["target_period"] == "days:2"
    assert _score(client, alice, url) == pytest.approx(two_days, abs=1e-6)


def test_an_over_limit_day_breaks_an_at_most_streak_through_the_api(client, alice):  # noqa: F811
    url = _numerical(client, alice, "at_most")
    client.put(f"{url}/checkins/2026-03-10", json={"state": "done", "amount": 1}, headers=alice.auth)
    client.put(f"{url}/checkins/2026-03-13", json={"state": "done", "amount": 4}, headers=alice.auth)
    body = client.get(f"{url}/stats", headers=alice.auth).json()
    # Mar 10..12 within (nothing entered is within), Mar 13 over, Mar 14..15 within.
    assert (body["streak_current"], body["streak_best"]) == (2, 3)
    assert (body["all"]["done"], body["all"]["missed"]) == (5, 1)


def test_streaks_of_a_weekday_schedule_count_the_days_between_through_the_api(client, alice):  # noqa: F811
    made = client.post(f"{API}/habits", json={"name": "Gym", "schedule": "days:0,2,4"}, headers=alice.auth).json()
    for day in ("2026-03-09", "2026-03-11", "2026-03-13"):  # Mon, Wed, Fri; today is Sunday the 15th
        client.put(f"{API}/habits/{made['id']}/checkins/{day}", json={"state": "done"}, headers=alice.auth)
    body = client.get(f"{API}/habits/{made['id']}/stats", headers=alice.auth).json()
    assert (body["streak_current"], body["streak_best"]) == (7, 7)  # Mon 9 .. Sun 15, as Loop counts
