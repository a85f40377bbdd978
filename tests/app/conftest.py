"""State tests: Reflex state classes driven directly, against a real database, with no browser."""

from __future__ import annotations

import inspect
from datetime import datetime, timezone

import pytest
from reflex.state import State
from sqlmodel import Session

from easytrack import db
from easytrack.services import accounts
from easytrack.state.auth import AuthState
from tests.factories import make_user


@pytest.fixture
def app_db(engine, monkeypatch):
    """Point the app's `db` module at the test database for the test."""
    import easytrack.easytrack  # noqa: F401  (registers every page state)

    monkeypatch.setattr(db, "engine", lambda: engine)
    return engine


def substate(root: State, cls):
    return root.get_substate(cls.get_full_name().split("."))


def new_tab() -> State:
    """A fresh state tree, as for one browser tab that has not logged in."""
    return State(_reflex_internal_init=True)


def account(engine, email: str) -> tuple[int, str]:
    """A confirmed user and a valid session token for it."""
    with Session(engine, expire_on_commit=False) as session:
        user_id = make_user(session, email=email)
        token = accounts.create_session(session, user_id=user_id, now=datetime.now(timezone.utc))
        session.commit()
    return user_id, token


def logged_in_tab(engine, email: str) -> tuple[State, int]:
    root = new_tab()
    user_id, token = account(engine, email)
    substate(root, AuthState).session_token = token
    return root, user_id


async def call(state, handler_name: str, *args):
    """Run a public event handler the way Reflex would, draining async generators; returns its last value."""
    fn = getattr(type(state), handler_name).fn
    result = fn(state, *args)
    if inspect.isasyncgen(result):
        last = None
        async for last in result:
            pass
        return last
    if inspect.isawaitable(result):
        return await result
    return result
