"""Two workers on PostgreSQL + Redis: tabs of one user on different workers stay in sync, every tick stored."""

from __future__ import annotations

import pickle
import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import text
from sqlmodel import Session

from easytrack.db import make_engine
from tests.e2e.conftest import log_in
from tests.e2e.harness import ROOT, AppProcess
from tests.factories import make_user
from tests.services import postgres_schema, private_redis

REDIS_DB = 7


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The app with 2 workers on a fresh PostgreSQL schema and a private Redis database."""
    import redis

    with postgres_schema("et_mw") as db_url, private_redis(REDIS_DB) as redis_db:
        work = tmp_path_factory.mktemp("multiworker")
        env = {"REFLEX_DB_URL": db_url, "REFLEX_REDIS_URL": redis_db, "WEB_CONCURRENCY": "2",
               "REFLEX_WEB_WORKDIR": str(ROOT / ".web-test-mw"), "REFLEX_STATES_WORKDIR": str(work / "states")}
        server = AppProcess(env=env, log_path=work / "app.log", db_url=db_url).start()
        engine, client = make_engine(db_url), redis.from_url(redis_db)
        try:
            yield server, engine, client
        finally:
            server.stop()
            engine.dispose()


def _instance(page, client) -> str:
    token = page.evaluate("window.sessionStorage.getItem('token')")
    for _ in range(50):
        raw = client.get(f"token_manager_socket_record_{token}")
        if raw:
            return pickle.loads(raw).instance_id  # Reflex's own SocketRecord, from our private Redis db
        page.wait_for_timeout(100)
    raise AssertionError(f"tab {token} has no socket record in Redis")


def _tabs_on_two_workers(context, app, client, tries: int = 10):
    pages = {}
    for _ in range(tries):
        page = context.new_page()
        page.goto(f"{app.base_url}/")
        expect(page.get_by_role("button", name=re.compile("^Sync"))).to_be_visible()
        pages.setdefault(_instance(page, client), page)
        if len(pages) == 2:
            return list(pages.values())
    pytest.fail(f"{tries} tabs all landed on one worker")


def test_tabs_on_different_workers_stay_in_sync_and_every_tick_is_stored(browser, cluster):
    app, engine, client = cluster
    email = f"multi-{uuid.uuid4().hex[:6]}@example.org"
    with Session(engine) as session:
        make_user(session, email=email)
    context = browser.new_context()
    try:
        first = context.new_page()
        log_in(first, app, email)
        for name in ("Sync", "Also"):
            first.get_by_label("Name").fill(name)
            first.get_by_role("button", name="Add habit").click()
            expect(first.get_by_role("button", name=re.compile("^" + name))).to_be_visible()
        a, b = _tabs_on_two_workers(context, app, client)
        a.get_by_role("button", name=re.compile("^Sync")).click()
        expect(b.get_by_role("button", name=re.compile("^Sync"))).to_have_attribute("aria-pressed", "true")
        b.get_by_role("button", name=re.compile("^Also")).click()
        expect(a.get_by_role("button", name=re.compile("^Also"))).to_have_attribute("aria-pressed", "true")
        with engine.connect() as conn:
            stored = conn.execute(text(
                "SELECT h.name FROM checkins c JOIN habits h ON h.id = c.habit_id WHERE c.state = 'done'"
            )).scalars().all()
        assert sorted(stored) == ["Also", "Sync"]
    finally:
        context.close()
