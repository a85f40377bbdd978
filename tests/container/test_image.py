"""The built image, run the way self-hosters run it: 2 workers on PostgreSQL + Redis behind Caddy over HTTPS.

Caddy serves deploy/Caddyfile with `tls internal` for EASYTRACK_DOMAIN=localhost on port 443, as
docs/deployment.md says to try it (the built frontend reaches its websocket on the https port 443).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.container.conftest import PASSWORD, Account, smtp_env
from tests.container.docker import Container, docker, http_get
from tests.e2e.test_caddy import _assert_security_headers, _start_caddy
from tests.services import postgres_schema, private_redis
from tests.smtp import body

ORIGIN = "https://localhost"
REDIS_DB = 6
WAIT = 20_000  # ms per expectation: the machine may be busy


def _require_caddy_on_443() -> None:
    if not shutil.which("caddy"):
        pytest.fail("caddy is not installed (.ci/run installs Debian's caddy)", pytrace=False)
    with socket.socket() as probe:
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("0.0.0.0", 443))
        except OSError as error:
            pytest.fail(f"cannot listen on port 443 ({error}): the journey serves https://localhost there",
                        pytrace=False)


@pytest.fixture(scope="module")
def served(image, mailbox, tmp_path_factory):
    """(app container, its database URL): 2 workers, PostgreSQL schema and Redis of their own, Caddy in front."""
    _require_caddy_on_443()
    tmp = tmp_path_factory.mktemp("container-caddy")
    with postgres_schema("et_ctr", migrate=False) as db_url, private_redis(REDIS_DB) as redis_url:
        app = Container(image, env={
            "REFLEX_DB_URL": db_url, "REFLEX_REDIS_URL": redis_url, "WEB_CONCURRENCY": "2",
            "EASYTRACK_BASE_URL": ORIGIN, "REFLEX_CORS_ALLOWED_ORIGINS": ORIGIN, "REFLEX_TRUSTED_PROXY_HOPS": "1",
            **smtp_env(mailbox)})
        caddy = None
        try:
            app.run().wait_healthy()
            caddy = _start_caddy(tmp, https_port=443, upstream_port=app.port, domain="localhost")
            yield app, db_url
        finally:
            if caddy:
                caddy.terminate()
                caddy.wait(10)
            app.remove()


def _processes(container) -> list[tuple[int, int, str]]:
    """(uid, pid, command) of every process in the container, read from the host's /proc."""
    rows = docker("top", container.name, "-eo", "uid,pid,args").splitlines()[1:]
    return [(int(uid), int(pid), args) for uid, pid, args in (row.split(None, 2) for row in rows)]


def test_health_non_root_and_two_workers(served):
    app, _db = served
    status, text = http_get(f"{app.url}/health")
    assert status == 200 and json.loads(text) == {"status": "ok", "database": "ok", "redis": "ok"}
    processes = _processes(app)
    assert {uid for uid, _pid, _args in processes} == {10001}, processes  # the image's user, never root
    assert docker("exec", app.name, "id", "-un").strip() == "easytrack"
    gunicorns = [pid for _uid, pid, args in processes if "gunicorn" in args]
    assert len(gunicorns) == 3, processes  # the master and WEB_CONCURRENCY=2 workers


def _register_and_confirm(page, mailbox, email: str) -> None:
    page.goto(f"{ORIGIN}/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Check your inbox")).to_be_visible(timeout=WAIT)
    message = next(m for m in reversed(mailbox.wait_for(1, timeout=30)) if m["To"] == email)
    link = re.search(r"https?://\S+/confirm\?token=\S+", body(message)).group(0)
    assert link.startswith(f"{ORIGIN}/confirm?token=")  # the e-mail names the public https address
    page.goto(link)
    expect(page.get_by_text("Your account is confirmed")).to_be_visible(timeout=WAIT)


def _log_in(page, email: str) -> None:
    page.goto(f"{ORIGIN}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=WAIT)


def _habit_button(page, name: str):
    return page.get_by_role("button", name=re.compile(f"^{name}"))


def test_register_confirm_tick_reload_through_caddy(browser, served, mailbox):
    email = f"walker-{uuid.uuid4().hex[:6]}@example.org"
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    response = page.goto(f"{ORIGIN}/login")
    _assert_security_headers(response.headers, ORIGIN)
    _register_and_confirm(page, mailbox, email)
    _log_in(page, email)
    page.get_by_label("Name").fill("Stretch")
    page.get_by_role("button", name="Add habit").click()
    expect(_habit_button(page, "Stretch")).to_have_attribute("aria-pressed", "false", timeout=WAIT)
    _habit_button(page, "Stretch").click()
    expect(_habit_button(page, "Stretch")).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    page.reload()
    expect(_habit_button(page, "Stretch")).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    health = context.request.get(f"{ORIGIN}/health")
    assert health.status == 200 and health.json()["redis"] == "ok"
    context.close()


def test_docker_stop_is_prompt_loses_no_tick_and_restart_keeps_the_data(browser, served):
    app, _db = served
    account = Account(app, f"stopper-{uuid.uuid4().hex[:6]}@example.org")
    names = ["Read", "Walk", "Water", "Sleep"]
    ids = account.write_habits(app.url, names)
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    _log_in(page, account.email)
    for name in names:  # ticked as fast as one can click, then each acknowledged by the server
        _habit_button(page, name).click()
    for name in names:
        expect(_habit_button(page, name)).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    seconds = app.stop()  # right away, the tab still open
    state = app.state()
    assert seconds < 15 and state["ExitCode"] == 0 and not state["OOMKilled"], (seconds, state)
    context.close()

    app.start()  # the same container again: everything is still there
    for name in names:
        assert len(account.done_days(app.url, ids[name])) == 2, name  # yesterday (API) and today (tick)
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    _log_in(page, account.email)
    for name in names:
        expect(_habit_button(page, name)).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    context.close()


def test_host_ca_bundle_stays_out_of_the_image(image):
    """The host's own CA (when it has one beyond Debian's) helped the build but is in no file of the image."""
    bundle = next((Path(p) for p in (os.environ.get("SSL_CERT_FILE"), os.environ.get("NODE_EXTRA_CA_CERTS"))
                   if p and Path(p).is_file()), None)
    env = docker("image", "inspect", "-f", "{{json .Config.Env}}", image)
    assert not re.search(r"SSL_CERT_FILE|PIP_CERT|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE", env)
    if bundle is None:
        pytest.skip("this host names no CA bundle of its own")
    image_certs = set(_pem_blocks(docker("run", "--rm", "--entrypoint", "cat", image,
                                         "/etc/ssl/certs/ca-certificates.crt")))
    extra = [pem for pem in _pem_blocks(bundle.read_text()) if pem not in image_certs]
    if not extra:
        pytest.skip("the host's CA bundle holds only Debian's own certificates")
    needle = extra[0].splitlines()[2]  # a line of base64 found only in the host's own certificate
    found = docker("run", "--rm", "--entrypoint", "grep", image, "-rlF", "--exclude-dir=proc", "--exclude-dir=sys",
                   needle, "/", check=False)
    assert found.strip() == ""


def _pem_blocks(text: str) -> list[str]:
    return re.findall(r"-----BEGIN CERTIFICATE-----\n.*?\n-----END CERTIFICATE-----", text, re.S)


def test_runtime_stage_has_no_build_tools(image):
    found = docker("run", "--rm", "--entrypoint", "sh", image, "-c",
                   "for t in node npm bun gcc cc make git; do command -v $t; done;"
                   " find / -xdev -name node_modules -type d -prune -print 2>/dev/null | head -5", check=False)
    assert found.strip() == ""
    docker("run", "--rm", "--entrypoint", "test", image, "-f", "/app/.web/build/client/index.html")  # served
