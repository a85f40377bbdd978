"""The real app behind the real deploy/Caddyfile (tls internal): login and ticks over wss, headers, clean logs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import REFLEX, ROOT, AppProcess, _get, free_port

CADDY = shutil.which("caddy")
CADDYFILE = ROOT / "deploy" / "Caddyfile"
WAIT = 20_000  # ms for each expectation: the machine may be busy with other test runs
# Records every CSP violation the page reports (init scripts run outside the page's CSP).
CSP_PROBE = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));"""


def _require_caddy() -> str:
    if CADDY:
        return CADDY
    if os.environ.get("EASYTRACK_TEST_REQUIRE_BROWSER"):
        pytest.fail("caddy is not installed (CI installs it with apt-get install caddy)", pytrace=False)
    pytest.skip("caddy is not installed: apt-get install caddy to test the reverse proxy")


@dataclass
class ContainerLikeApp(AppProcess):
    """The app started the way the image starts it, with `public_url` (Caddy's origin) as its address.

    Like the Dockerfile: `reflex export --frontend-only --no-zip`, then drop the frontend packages, then
    `python -m easytrack.ops.startup` without bun (migrate once, gunicorn serving the prebuilt frontend).
    """

    public_url: str = ""

    def _export(self, env: dict[str, str]) -> None:
        with open(self.log_path or os.devnull, "w") as log:
            subprocess.run([str(REFLEX), "export", "--frontend-only", "--no-zip"], cwd=ROOT, env=env, stdout=log,
                           stderr=subprocess.STDOUT, check=True, timeout=600)
        shutil.rmtree(Path(env["REFLEX_WEB_WORKDIR"]) / "node_modules")

    def start(self, timeout: float = 120.0) -> "ContainerLikeApp":
        env = {"REFLEX_BUN_PATH": str(ROOT / ".tools" / "bun"), **os.environ, **self.env,
               "EASYTRACK_BASE_URL": self.public_url, "REFLEX_CORS_ALLOWED_ORIGINS": self.public_url,
               "REFLEX_TELEMETRY_ENABLED": "false", "PORT": str(self.port)}
        # A page on https drops the port of a localhost API URL; a test proxy on a high port needs it kept.
        self._export({**env, "REFLEX_API_URL": self.public_url})
        env.pop("REFLEX_BUN_PATH")
        log = open(self.log_path or os.devnull, "a")  # noqa: SIM115 (closed with the process)
        self.proc = subprocess.Popen([sys.executable, "-m", "easytrack.ops.startup"], cwd=ROOT, env=env,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        local = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited early ({self.proc.returncode}); see {self.log_path}")
            if _get(f"{local}/ping") == 200 and _get(f"{local}/login/") == 200:
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the app did not start within {timeout:.0f} s; see {self.log_path}")


def _seed_web_dir(target: Path) -> None:
    """Start the isolated frontend build from the test build's installed packages.

    The packages are hard-linked (fast; nothing writes into them once installed); every other file is
    copied, so the build here can never change a file of `.web-test` through a shared inode.
    """
    source = ROOT / ".web-test"
    if not (source / "node_modules").is_dir():
        return  # Reflex installs the packages itself (from the npm registry)

    def link_packages(src, dst):
        if "node_modules" not in Path(src).relative_to(source).parts:
            return shutil.copy2(src, dst)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    def top_level_build(directory, _names):
        return ["build"] if Path(directory) == source else []

    shutil.copytree(source, target, symlinks=True, copy_function=link_packages, ignore=top_level_build)


def _start_caddy(tmp: Path, *, https_port: int, upstream_port: int, domain: str = "") -> subprocess.Popen:
    """`caddy run` with the deploy Caddyfile on loopback; HOME/XDG dirs in `tmp` keep the system untouched.

    `domain` is EASYTRACK_DOMAIN (default 127.0.0.1:<https_port>)."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp), "XDG_DATA_HOME": str(tmp / "data"),
           "XDG_CONFIG_HOME": str(tmp / "config"), "EASYTRACK_DOMAIN": domain or f"127.0.0.1:{https_port}",
           "EASYTRACK_TLS": "internal", "EASYTRACK_UPSTREAM": f"127.0.0.1:{upstream_port}",
           "EASYTRACK_ACCESS_LOG": str(tmp / "access.log"), "CADDY_ADMIN": "off",
           "EASYTRACK_HTTP_PORT": str(free_port()), "EASYTRACK_HTTPS_PORT": str(https_port)}
    log = open(tmp / "caddy.log", "w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen([CADDY, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"], cwd=tmp,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"caddy exited ({proc.returncode}): {(tmp / 'caddy.log').read_text()[-2000:]}")
        if "serving initial configuration" in (tmp / "caddy.log").read_text():
            return proc
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("caddy did not start within 30 s")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """(public https origin, app, caddy's tmp dir): the app behind Caddy, each with its own files."""
    _require_caddy()
    tmp = tmp_path_factory.mktemp("caddy")
    db_url = f"sqlite:///{tmp}/easytrack.db"  # left empty: the start-up migrates it, as in the container
    _seed_web_dir(tmp / "web")
    https_port = free_port()
    public = f"https://127.0.0.1:{https_port}"
    env = {"REFLEX_DB_URL": db_url, "REFLEX_WEB_WORKDIR": str(tmp / "web"),
           "REFLEX_STATES_WORKDIR": str(tmp / "states"), "REFLEX_TRUSTED_PROXY_HOPS": "1"}
    app = ContainerLikeApp(env=env, log_path=tmp / "app.log", db_url=db_url, public_url=public).start()
    try:
        caddy = _start_caddy(tmp, https_port=https_port, upstream_port=app.port)
    except BaseException:
        app.stop()
        raise
    yield public, app, tmp
    caddy.terminate()
    caddy.wait(10)
    app.stop()


def _make_user(db_url: str) -> str:
    from easytrack.db import make_engine
    from sqlmodel import Session

    from tests.factories import PASSWORD, make_user

    email, engine = f"caddy-{uuid.uuid4().hex[:8]}@example.org", make_engine(db_url)
    with Session(engine) as session:
        make_user(session, email=email, password=PASSWORD)
    engine.dispose()
    return email


def _log_in(page, origin: str, email: str) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{origin}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=WAIT)


def _assert_security_headers(headers: dict[str, str], origin: str) -> None:
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp
    assert f"connect-src 'self' wss://{origin.removeprefix('https://')}" in csp
    assert "server" not in headers


def test_app_works_through_caddy_under_its_csp(browser, proxied):
    origin, app, tmp = proxied
    email = _make_user(app.db_url)
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    response = page.goto(f"{origin}/login")
    _assert_security_headers(response.headers, origin)
    _log_in(page, origin, email)
    page.get_by_label("Name").fill("Stretch")
    page.get_by_role("button", name="Add habit").click()
    button = page.get_by_role("button", name=re.compile("^Stretch"))
    expect(button).to_have_attribute("aria-pressed", "false", timeout=WAIT)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    violations = page.evaluate("window.__csp")
    for path in ("/grid", "/habits", "/settings"):
        page.goto(f"{origin}{path}")
        expect(page.locator("main").get_by_role("heading", level=1)).to_be_visible(timeout=WAIT)
        page.wait_for_timeout(500)
        violations += page.evaluate("window.__csp")
    page.goto(f"{origin}/reset?token=SECRET-reset-{uuid.uuid4().hex}")
    page.wait_for_timeout(500)
    violations += page.evaluate("window.__csp")
    context.close()
    assert violations == []


def test_access_log_keeps_tokens_out(browser, proxied):
    origin, _app, tmp = proxied
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    secret = f"SECRET{uuid.uuid4().hex}"
    page.goto(f"{origin}/confirm?token={secret}&x=1")
    page.wait_for_timeout(1000)  # the websocket connects with ?token=<tab id>
    context.close()  # the websocket's log line is written when it closes
    log_file = tmp / "access.log"
    deadline = time.monotonic() + 10
    while "/_event/" not in log_file.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    text = log_file.read_text()
    assert "/_event/?EIO=4&transport=websocket" in text or "/_event/?transport=websocket&EIO=4" in text
    assert "/confirm?x=1" in text
    assert "token=" not in text and secret not in text
    assert '"Referer"' not in text and '"Cookie"' not in text


def test_pwa_manifest_icons_and_favicon_are_served(browser, proxied):
    origin, _app, _tmp = proxied
    context = browser.new_context(ignore_https_errors=True)
    manifest = context.request.get(f"{origin}/manifest.webmanifest")
    assert manifest.status == 200
    for icon in manifest.json()["icons"]:
        response = context.request.get(f"{origin}{icon['src']}")
        assert response.status == 200 and response.body().startswith(b"\x89PNG")
    assert context.request.get(f"{origin}/favicon.ico").status == 200
    context.close()


def test_sigterm_stops_the_server_within_seconds_with_a_tab_open(browser, proxied):
    """What `docker stop` does (SIGTERM to PID 1): runs last, as it ends the module's app."""
    import signal

    origin, app, _tmp = proxied
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.goto(f"{origin}/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=WAIT)
    page.wait_for_timeout(500)  # the websocket is open
    started = time.monotonic()
    os.kill(app.proc.pid, signal.SIGTERM)
    app.proc.wait(15)
    assert time.monotonic() - started < 10
    context.close()
