"""Every REST API endpoint, called with user B's token (and with none) on user A's ids: A is untouched and unseen.

The endpoints are found by walking the routes of `create_api()`: a new one is covered without editing this
file. Path parameters named like ids get each of A's ids of that kind; `day` gets a day A has a note on.
An endpoint that needs a body must have one in BODIES, or `test_every_endpoint_has_arguments` names it.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass

import pytest
from fastapi.routing import iter_route_contexts
from sqlmodel import Session
from starlette.routing import Mount

from easytrack.api.app import create_api
from easytrack.api.ratelimit import MemoryLimiter
from easytrack.api.security import current_user
from easytrack.services import api_tokens
from tests.factories import make_user
from tests.isolation.arguments import Ctx, import_file
from tests.isolation.world import A_GROUP, A_HABITS, A_PUSH_ENDPOINT, diff, exposed, make_alice, snapshot
from tests.integration.test_api_fixtures import ORIGIN

PATH_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # with {params}, under the mount prefix
    needs_body: bool
    needs_auth: bool

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return PATH_PARAM.findall(self.path)


def _walk(routes, prefix: str = ""):
    for route in routes:
        if isinstance(route, Mount):
            yield from _walk(route.app.routes if hasattr(route.app, "routes") else route.routes, prefix + route.path)
            continue
        for rc in iter_route_contexts([route]):
            for method in sorted(rc.methods or ()):
                if method in METHODS:
                    body = getattr(rc, "body_field", None) is not None
                    extra = getattr(rc, "openapi_extra", None) or {}
                    yield Endpoint(method, prefix + rc.path, body or "requestBody" in extra, _authenticated(rc))


def _authenticated(rc) -> bool:
    """Whether the route depends (at any depth) on the API token check."""
    dependant = getattr(rc, "dependant", None)
    stack = [dependant] if dependant is not None else []
    while stack:
        d = stack.pop()
        if d.call is current_user:
            return True
        stack.extend(d.dependencies)
    return False


def _text(response) -> str:
    """The body as text; a zip (the CSV export) is unpacked so its files are searched too."""
    if response.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(response.content)) as z:
            return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    return response.content.decode("utf-8", "replace")


def api_endpoints() -> list[Endpoint]:
    return sorted(set(_walk(create_api(limiter=MemoryLimiter(10**9)).routes)), key=lambda e: (e.path, e.method))


ENDPOINTS = api_endpoints()

# What B sends to endpoints with a body: its own plausible data, pointed at A's group where it can be.
BODIES = {
    "POST /api/v1/groups": lambda c: [{"json": {"name": A_GROUP}}],
    "PATCH /api/v1/groups/{group_id}": lambda c: [{"json": {"name": "Taken by B"}}],
    "POST /api/v1/habits": lambda c: [{"json": {"name": "B's", "group_id": c.alice.group_id}},
                                      {"json": {"name": A_HABITS[0]}}],
    "PATCH /api/v1/habits/{habit_id}": lambda c: [{"json": {"name": "Taken by B", "archived": True}},
                                                  {"json": {"group_id": c.alice.group_id}}],
    "PUT /api/v1/habits/{habit_id}/checkins/{day}": lambda c: [{"json": {"state": "skip", "note": "B"}}],
    "POST /api/v1/import": lambda c: [{"files": {"file": ("export.json", import_file(), "application/json")}}],
    "POST /api/v1/checkins/batch": lambda c: [{"json": {"changes": [
        {"habit_id": h, "day": c.alice.days[0].isoformat(), "state": s} for h in c.alice.habit_ids
        for s in ("done", None)]}}],
    # B's own browsers: subscribing them must not touch or show A's device.
    "POST /api/v1/push-subscriptions": lambda c: [
        {"json": {"endpoint": "https://push.example.net/send/b", "keys": _b_keys()}},
        {"json": {"endpoint": "https://push.example.net/send/b2", "keys": _b_keys(), "label": "B"}}],
    "POST /api/v1/push/done": lambda c: [{"json": {"token": f"{c.alice.user_id}.{c.alice.habit_id}."
                                                   f"{c.alice.days[0].isoformat()}.9999999999.forged"}}],
    # B moves A's habit reminders, naming A's channel; B renews "A's" subscription with keys it can only guess.
    "PUT /api/v1/habits/{habit_id}/reminders": lambda c: [
        {"json": {"reminders": [{"time": "05:15", "weekdays": [6], "channels": [f"c{c.alice.channel_id}"]}]}},
        {"json": {"reminders": []}}],
    "POST /api/v1/push-subscriptions/renew": lambda c: [
        {"json": {"old": {"endpoint": A_PUSH_ENDPOINT, "keys": _b_keys()},
                  "new": {"endpoint": "https://push.example.net/send/b3", "keys": _b_keys()}}}],
    "POST /api/v1/import/preview": lambda c: [{"files": {"file": ("export.json", import_file(), "application/json")}}],
}


def _b_keys() -> dict:
    from tests.pushservice import Browser

    return Browser().subscription("")["keys"]
QUERIES = {
    "GET /api/v1/habits/{habit_id}/checkins": lambda c: [{"from": c.alice.days[1].isoformat(),
                                                          "to": c.alice.days[0].isoformat()}],
    "GET /api/v1/habits": lambda c: [{"include_archived": "true"}],
}


def _path_values(param: str, c: Ctx) -> list[str] | None:
    if param == "day":
        return [d.isoformat() for d in c.alice.days]
    if param == "id" or param.endswith("_id"):
        return [str(i) for i in c.ids(param)]
    return None


def requests_for(endpoint: Endpoint, c: Ctx) -> list[tuple[str, dict]]:
    """(url, keyword arguments for TestClient.request) pairs aimed at A's ids."""
    values = [_path_values(p, c) for p in endpoint.params]
    if any(v is None for v in values) or (endpoint.needs_body and endpoint.key not in BODIES):
        raise LookupError(endpoint.key)
    bodies = BODIES[endpoint.key](c) if endpoint.key in BODIES else [{}]
    queries = QUERIES[endpoint.key](c) if endpoint.key in QUERIES else [{}]
    out = []
    for combo in itertools.product(*values):
        url = endpoint.path
        for name, value in zip(endpoint.params, combo):
            url = re.sub(r"\{" + name + r"(?::\w+)?\}", value, url)
        out += [(url, {**body, "params": query}) for body in bodies for query in queries]
    return out


def _client(engine):
    from fastapi.testclient import TestClient

    app = create_api(engine, limiter=MemoryLimiter(10**9), cors_origins=[ORIGIN])
    return TestClient(app, base_url="https://habits.example.org", raise_server_exceptions=False)


def test_the_walk_finds_the_apis_endpoints():
    keys = {e.key for e in ENDPOINTS}
    assert len(ENDPOINTS) >= 17, sorted(keys)
    assert sum(e.needs_auth for e in ENDPOINTS) >= 17  # all but the docs
    assert {"DELETE /api/v1/habits/{habit_id}", "PUT /api/v1/habits/{habit_id}/checkins/{day}",
            "GET /api/v1/export", "POST /api/v1/import"} <= keys


def test_every_endpoint_has_arguments(engine):
    alice = make_alice(engine)
    unknown = []
    for endpoint in ENDPOINTS:
        try:
            requests_for(endpoint, Ctx(alice, "", ""))
        except LookupError:
            unknown.append(endpoint.key)
    assert not unknown, f"add bodies or path values for these in tests/isolation/test_api.py: {unknown}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.key)
def test_user_b_cannot_touch_or_see_user_as_data_through_the_api(engine, endpoint):
    alice = make_alice(engine)
    with Session(engine, expire_on_commit=False) as s:
        b = make_user(s, email="b.api@example.org")
        _, b_secret = api_tokens.create_token(s, user_id=b, name="B", now=_now())
        s.commit()
    client = _client(engine)
    failures = []
    for who, headers in (("B", {"Authorization": f"Bearer {b_secret}"}), ("no token", {}),
                         ("a made-up token", {"Authorization": "Bearer et_" + "x" * 40})):
        for url, kwargs in requests_for(endpoint, Ctx(alice, "b.api@example.org", "")):
            before = snapshot(engine, alice)
            response = client.request(endpoint.method, url, headers=headers, **kwargs)
            if response.status_code >= 500:
                failures.append(f"{who} {url}: {response.status_code} {response.text[:200]}")
            changed = diff(before, snapshot(engine, alice))
            if changed:
                failures.append(f"{who} {url}: changed A's rows: {changed}")
            seen = [s for s in exposed(_text(response), alice) if s not in repr(kwargs)]
            if seen:
                failures.append(f"{who} {url}: {response.status_code} shows {seen}")
            if who != "B" and endpoint.needs_auth and response.status_code != 401:
                failures.append(f"{who} {url}: answered {response.status_code}, not 401")
    assert not failures, "\n".join(failures)


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def test_the_detectors_see_the_owners_own_data(engine):
    """A's own token does see A's names: the leak check above is not blind."""
    alice = make_alice(engine)
    response = _client(engine).get("/api/v1/export", headers={"Authorization": f"Bearer {alice.api_secret}"})
    assert response.status_code == 200
    assert set(exposed(_text(response), alice)) >= {A_GROUP, *A_HABITS}
