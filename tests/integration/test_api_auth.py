"""REST API access: every endpoint wants a valid token (401 otherwise), is rate limited (429), and CORS
allows only the app's own origin."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from easytrack.api.app import create_api
from easytrack.api.ratelimit import MemoryLimiter, RedisLimiter
from easytrack.models import User
from easytrack.services import api_tokens, habits
from tests.integration.test_api_fixtures import (  # noqa: F401
    API,
    NOW,
    ORIGIN,
    alice,
    bob,
    client,
    make_client,
)
from tests.services import redis_url

NATIVE = json.dumps({"format": "easytrack", "version": 1, "groups": [], "habits": []}).encode()
# (method, path, request keywords); {habit} and {group} are the caller's own ids.
ENDPOINTS = [
    ("GET", "/me", {}),
    ("GET", "/groups", {}),
    ("POST", "/groups", {"json": {"name": "Mind"}}),
    ("PATCH", "/groups/{group}", {"json": {"name": "Body"}}),
    ("DELETE", "/groups/{group}", {}),
    ("GET", "/habits", {}),
    ("POST", "/habits", {"json": {"name": "Run"}}),
    ("GET", "/habits/{habit}", {}),
    ("PATCH", "/habits/{habit}", {"json": {"name": "Walk"}}),
    ("DELETE", "/habits/{habit}", {}),
    ("GET", "/habits/{habit}/checkins", {}),
    ("PUT", "/habits/{habit}/checkins/2026-03-14", {"json": {"state": "skip"}}),
    ("DELETE", "/habits/{habit}/checkins/2026-03-14", {}),
    ("GET", "/habits/{habit}/stats", {}),
    ("GET", "/export", {}),
    ("GET", "/export.zip", {}),
    ("POST", "/import", {"files": {"file": ("mine.json", NATIVE, "application/json")}}),
    ("POST", "/import/preview", {"files": {"file": ("mine.json", NATIVE, "application/json")}}),
]
IDS = [f"{method} {path}" for method, path, _ in ENDPOINTS]


def call(client, account, endpoint, headers=None):  # noqa: F811
    method, path, kwargs = endpoint
    url = API + path.format(habit=account.habit_id, group=account.group_id)
    return client.request(method, url, headers=headers, **kwargs)


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert set(response.json()) == {"error"}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_every_endpoint_works_with_a_valid_token(client, alice, endpoint):  # noqa: F811
    response = call(client, alice, endpoint, alice.auth)
    assert response.status_code in (200, 201, 204), response.text


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_every_endpoint_refuses_a_request_without_a_token(client, alice, endpoint):  # noqa: F811
    assert_unauthorized(call(client, alice, endpoint))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_every_endpoint_refuses_a_bad_token(client, alice, endpoint):  # noqa: F811
    forged = alice.token[:-4] + ("aaaa" if not alice.token.endswith("aaaa") else "bbbb")
    assert_unauthorized(call(client, alice, endpoint, {"Authorization": f"Bearer {forged}"}))


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer ", "Basic YWxpY2U6cHc=", "bearer", "Bearer x", "Token et_abc", "Bearer " + "a" * 5000]
)
def test_malformed_authorization_headers_are_refused(client, alice, header):  # noqa: F811
    assert_unauthorized(client.get(f"{API}/me", headers={"Authorization": header}))


def test_a_token_passed_in_the_query_string_is_not_accepted(client, alice):  # noqa: F811
    assert_unauthorized(client.get(f"{API}/me", params={"token": alice.token, "access_token": alice.token}))


def test_a_revoked_token_stops_working_at_once(client, alice, session):  # noqa: F811
    assert client.get(f"{API}/me", headers=alice.auth).status_code == 200
    token_id = api_tokens.list_tokens(session, user_id=alice.user_id)[0].id
    api_tokens.revoke_token(session, user_id=alice.user_id, token_id=token_id)
    session.commit()
    assert_unauthorized(client.get(f"{API}/me", headers=alice.auth))


@pytest.mark.parametrize("change", [{"is_disabled": True}, {"is_confirmed": False}], ids=["disabled", "unconfirmed"])
def test_tokens_of_disabled_or_unconfirmed_accounts_are_refused(client, alice, session, change):  # noqa: F811
    session.exec(update(User).where(User.id == alice.user_id).values(**change))
    session.commit()
    assert_unauthorized(client.get(f"{API}/me", headers=alice.auth))


def test_requests_over_the_limit_get_429_with_retry_after(engine, alice, bob):  # noqa: F811
    limited = make_client(engine, limit=3)
    assert [limited.get(f"{API}/me", headers=alice.auth).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = limited.get(f"{API}/habits", headers=alice.auth)
    assert refused.status_code == 429 and set(refused.json()) == {"error"}
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert limited.get(f"{API}/me", headers=bob.auth).status_code == 200  # counted per token


def test_requests_without_a_token_are_limited_per_client_address(engine):
    limited = make_client(engine, limit=2)
    assert [limited.get(f"{API}/me").status_code for _ in range(3)] == [401, 401, 429]


def test_after_many_bad_tokens_an_address_is_refused_before_any_lookup(engine, alice):  # noqa: F811
    limited = make_client(engine, limit=2)
    bad = [{"Authorization": f"Bearer et_{i:043d}"} for i in range(3)]
    assert [limited.get(f"{API}/me", headers=h).status_code for h in bad] == [401, 401, 429]


def test_the_limit_starts_again_in_the_next_minute(engine, alice):  # noqa: F811
    clock = [1_000_000.0]
    limiter = MemoryLimiter(1, clock=lambda: clock[0])
    limited = TestClient(create_api(engine, limiter=limiter, clock=lambda: NOW, cors_origins=[ORIGIN]))
    assert [limited.get(f"{API}/me", headers=alice.auth).status_code for _ in range(2)] == [200, 429]
    clock[0] += 60
    assert limited.get(f"{API}/me", headers=alice.auth).status_code == 200


def test_cors_allows_only_the_apps_own_origin(client, alice):  # noqa: F811
    preflight = {"Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization"}
    own = client.options(f"{API}/habits", headers={"Origin": ORIGIN, **preflight})
    assert own.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-credentials" not in own.headers
    foreign = client.options(f"{API}/habits", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in foreign.headers
    simple = client.get(f"{API}/me", headers={"Origin": "https://evil.example", **alice.auth})
    assert "access-control-allow-origin" not in simple.headers


def test_a_server_error_reveals_nothing_and_logs_no_token(client, alice, monkeypatch, caplog):  # noqa: F811
    def broken(*_args, **_kwargs):
        raise RuntimeError("internal detail: password_hash=argon2...")

    monkeypatch.setattr(habits, "list_habits", broken)
    with caplog.at_level(logging.DEBUG):
        response = client.get(f"{API}/habits", headers=alice.auth)
    assert response.status_code == 500
    assert response.json() == {"error": "Something went wrong on the server."}
    assert alice.token not in caplog.text
    assert "internal detail" in caplog.text  # logged for the admin, not shown to the client


async def test_the_redis_limiter_is_shared_by_every_worker():
    url, key = redis_url(), f"test:{uuid.uuid4().hex}"
    first, second = RedisLimiter(url, limit=2), RedisLimiter(url, limit=2)  # as in two worker processes
    try:
        assert [await first.hit(key), await second.hit(key)] == [0, 0]
        assert await first.blocked(key) > 0
        assert 1 <= await second.hit(key) <= 60
    finally:
        await first.aclose()
        await second.aclose()


async def test_an_unreachable_redis_lets_requests_through():
    limiter = RedisLimiter("redis://127.0.0.1:1/0", limit=1)
    assert [await limiter.hit("k"), await limiter.hit("k"), await limiter.blocked("k")] == [0, 0, 0]
    await limiter.aclose()


@pytest.mark.parametrize(("hops", "expected"), [(0, [401, 429]), (1, [401, 401])])
def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(engine, hops, expected):
    app = create_api(engine, limiter=MemoryLimiter(1), clock=lambda: NOW, proxy_hops=hops, cors_origins=[ORIGIN])
    proxied = TestClient(app)
    codes = [proxied.get(f"{API}/me", headers={"X-Forwarded-For": ip}).status_code for ip in ("1.2.3.4", "5.6.7.8")]
    assert codes == expected
