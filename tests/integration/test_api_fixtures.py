"""Fixtures for the REST API tests (imported by the test_api_* modules): two users with tokens and data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from fastapi.testclient import TestClient

from easytrack import live
from easytrack.api.app import create_api
from easytrack.api.ratelimit import MemoryLimiter
from easytrack.services import api_tokens, checkins, groups, habits
from tests.factories import make_user

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 15)
ORIGIN = "https://habits.example.org"
API = "/api/v1"


@dataclass
class Account:
    """A user with a token and some data of their own."""

    user_id: int
    token: str
    group_id: int
    habit_id: int

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_account(session, email: str, *, timezone_name: str = "UTC") -> Account:
    """A confirmed user with a token, a group "Health", a habit "Read" in it and one check-in yesterday."""
    uid = make_user(session, email=email, timezone=timezone_name)
    _, secret = api_tokens.create_token(session, user_id=uid, name="test", now=NOW)
    _, group = groups.create_group(session, user_id=uid, name="Health")
    _, habit = habits.create_habit(session, user_id=uid, name="Read", group_id=group.id)
    checkins.set_checkin(session, user_id=uid, habit_id=habit.id, day=date(2026, 3, 14), state="done", today=TODAY)
    session.commit()
    return Account(uid, secret, group.id, habit.id)


def make_client(engine, *, limit: int = 100_000, clock=lambda: NOW) -> TestClient:
    """A test client for a fresh API app on `engine`, with an in-memory limiter of `limit` per minute."""
    app = create_api(engine, limiter=MemoryLimiter(limit), clock=clock, cors_origins=[ORIGIN])
    return TestClient(app, base_url="https://habits.example.org", raise_server_exceptions=False)


@pytest.fixture
def alice(session) -> Account:
    return make_account(session, "alice@example.org")


@pytest.fixture
def bob(session) -> Account:
    return make_account(session, "bob@example.org")


@pytest.fixture
def client(engine) -> TestClient:
    return make_client(engine)


@pytest.fixture
def published(monkeypatch) -> list[tuple[int, object]]:
    """The live updates the API publishes, as (user_id, change)."""
    seen: list[tuple[int, object]] = []

    async def record(user_id, change, origin):
        seen.append((user_id, change))

    monkeypatch.setattr(live, "_listeners", [record])
    return seen
