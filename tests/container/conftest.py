"""Container fixtures: the image built once per session from this checkout, an SMTP sink, Chromium, the API.

EASYTRACK_TEST_IMAGE=<tag> uses an image already built instead (handy while writing a test).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from tests.container.docker import Container, build_image, require_docker
from tests.e2e.conftest import chromium

IMAGE = "easytrack:test"
PASSWORD = "a long walk every day"
API = "/api/v1"
_built: dict[str, float] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/container/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def image(tmp_path_factory) -> str:
    """The image of this checkout, built by scripts/build-image.sh as a self-hoster builds it."""
    require_docker()
    if os.environ.get("EASYTRACK_TEST_IMAGE"):
        return os.environ["EASYTRACK_TEST_IMAGE"]
    log = tmp_path_factory.mktemp("image") / "build.log"
    _built[IMAGE] = build_image(IMAGE, log_path=log)
    return IMAGE


def pytest_terminal_summary(terminalreporter):
    from tests.container.docker import docker

    for tag, seconds in _built.items():
        size = int(docker("image", "inspect", "-f", "{{.Size}}", tag, check=False).strip() or 0)
        terminalreporter.write_line(f"container image {tag}: built in {seconds:.0f} s, {size / 1e6:.0f} MB")


@pytest.fixture(scope="package")
def browser():
    """Chromium for this package only: stopped before the e2e tests start their own (two Playwright sync
    instances cannot run at once)."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def mailbox():
    """A real aiosmtpd server on loopback (the containers share the host's network)."""
    from tests.smtp import running_smtp_server

    with running_smtp_server() as server:
        yield server


def smtp_env(mailbox) -> dict[str, str]:
    return {"EASYTRACK_SMTP_HOST": "127.0.0.1", "EASYTRACK_SMTP_PORT": str(mailbox.port),
            "EASYTRACK_SMTP_SECURITY": "none"}


@pytest.fixture
def containers() -> Callable[..., Container]:
    """Make containers (`run` them yourself); all are removed when the test ends."""
    made: list[Container] = []

    def make(image: str, **kwargs) -> Container:
        made.append(Container(image, **kwargs))
        return made[-1]

    yield make
    for container in made:
        container.remove()


def _today():
    return datetime.now(timezone.utc).date()  # a new account's time zone is UTC


class Account:
    """A confirmed account made with the CLI inside a container, with a REST API token."""

    def __init__(self, container: Container, email: str) -> None:
        container.cli("create-user", email, "--confirmed", "--password-stdin", input=PASSWORD + "\n")
        self.email = email
        self.token = container.cli("token", "create", "--user", email, "--name", "container test").strip()

    def call(self, base_url: str, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        import json
        import urllib.request

        request = urllib.request.Request(f"{base_url}{API}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def write_habits(self, base_url: str, names: list[str]) -> dict[str, int]:
        """Create habits named `names` and tick each yesterday; returns their ids by name."""
        ids = {}
        yesterday = (_today() - timedelta(days=1)).isoformat()
        for name in names:
            status, habit = self.call(base_url, "POST", "/habits", {"name": name})
            assert status == 201, habit
            ids[name] = habit["id"]
            status, checkin = self.call(base_url, "PUT", f"/habits/{habit['id']}/checkins/{yesterday}",
                                        {"state": "done", "note": f"{name} yesterday"})
            assert status == 200, checkin
        return ids

    def done_days(self, base_url: str, habit_id: int) -> list[str]:
        """The days (ISO) the habit is done on, in the last week."""
        start, end = _today() - timedelta(days=7), _today() + timedelta(days=1)
        status, rows = self.call(base_url, "GET", f"/habits/{habit_id}/checkins?from={start}&to={end}")
        assert status == 200, rows
        return sorted(row["day"] for row in rows if row["state"] == "done")
