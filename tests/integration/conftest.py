"""Fixtures shared by the integration tests."""

from __future__ import annotations

import pytest

from easytrack.db import session_scope


@pytest.fixture
def db(engine):
    """Run `fn(session, **kwargs)` in one committed transaction (rolled back if it raises), as db.call does."""

    def run(fn, /, **kwargs):
        with session_scope(engine) as session:
            return fn(session, **kwargs)

    return run
