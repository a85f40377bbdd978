"""End-to-end fixtures: the real app on SQLite with a real SMTP server, driven by a real Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import ROOT, AppProcess

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _chromium_executable() -> str | None:
    """System Chromium when present; Playwright's own build only outside CI and only if already installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("EASYTRACK_TEST_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is missing (CI installs it with apt-get install chromium)", pytrace=False)
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found:
        return found
    pytest.skip("no Chromium found: install it (apt-get install chromium) to run the browser tests")


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless system Chromium driven by Playwright's sync API, for the block."""
    from playwright.sync_api import sync_playwright

    executable = _chromium_executable()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def ru_context(browser):
    """A browser set to Russian (Accept-Language and navigator.language ru-RU)."""
    ctx = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def mailbox():
    """A real aiosmtpd server on loopback; the app sends its e-mail there."""
    from tests.smtp import running_smtp_server

    with running_smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def app(tmp_path_factory, mailbox):
    """The real app (`reflex run --env prod`) on a free port, with its own SQLite file and build dirs."""
    from easytrack.migrate import upgrade

    data = tmp_path_factory.mktemp("e2e")
    db_url = f"sqlite:///{data}/easytrack.db"
    upgrade(db_url)
    env = {
        "REFLEX_DB_URL": db_url,
        "EASYTRACK_SMTP_HOST": "127.0.0.1",
        "EASYTRACK_SMTP_PORT": str(mailbox.port),
        "EASYTRACK_SMTP_SECURITY": "none",
        "REFLEX_WEB_WORKDIR": str(ROOT / ".web-test"),
        "REFLEX_STATES_WORKDIR": str(data / "states"),
    }
    server = AppProcess(env=env, log_path=data / "app.log", db_url=db_url).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_engine(app):
    from easytrack.db import make_engine

    engine = make_engine(app.db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_account(app_engine):
    """Create a confirmed account in the running app's database; returns its e-mail (password: PASSWORD)."""
    import uuid

    from sqlmodel import Session

    from tests.factories import PASSWORD, make_user

    def create(prefix: str = "user", **fields) -> str:
        email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"
        with Session(app_engine) as session:
            make_user(session, email=email, password=PASSWORD, **fields)
        return email

    return create


def log_in(page, app, email: str) -> None:
    """Log in through the form and wait for the home page."""
    import re

    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.goto(f"{app.base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()


def grid_fits(page) -> None:
    """Wait until the grid's recent view shows as many days as fit its box (it asks for them once mounted)."""
    from playwright.sync_api import expect

    expect(page.locator(".tk-grid-wrap[data-fitted='1']")).to_have_count(1)
