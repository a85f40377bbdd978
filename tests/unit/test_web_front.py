"""What sits in front of Reflex: the upload guard, security headers and capped log lines (plain ASGI apps)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from easytrack.web import logcap
from easytrack.web.headers import SecurityHeaders, content_security_policy
from easytrack.web.upload import UploadGuard

LIMIT = 1024 * 1024


class Inner:
    """Stands in for Reflex's /_upload handler: reads the whole body and counts what it got."""

    def __init__(self) -> None:
        self.bytes_read = 0
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            self.bytes_read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await PlainTextResponse("stored")(scope, receive, send)


def guarded(inner: Inner, tokens: set[str]) -> UploadGuard:
    async def authenticate(token: str) -> bool:
        return token in tokens

    return UploadGuard(inner, max_bytes=LIMIT, authenticate=authenticate)


def call(app, *, headers: dict[str, str], chunks: list[bytes], path: str = "/_upload") -> tuple[int | None, int]:
    """Send a POST made of `chunks` straight to the ASGI app; returns (status, chunks the app pulled)."""
    pulled, status = 0, None

    async def receive():
        nonlocal pulled
        if pulled >= len(chunks):
            return {"type": "http.disconnect"}
        pulled += 1
        return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "method": "POST", "path": path, "headers": [(k.lower().encode(), v.encode())
                                                                        for k, v in headers.items()]}
    asyncio.run(app(scope, receive, send))
    return status, pulled


MB = b"x" * (1024 * 1024)


def test_200_mb_from_a_made_up_client_token_are_refused_before_a_byte_is_read():
    inner = Inner()
    status, pulled = call(guarded(inner, {"tab-1"}), chunks=[MB] * 200,
                          headers={"content-length": str(200 * len(MB)), "reflex-client-token": "made-up"})
    assert (status, pulled, inner.calls) == (413, 0, 0)


def test_a_tab_that_is_not_logged_in_is_refused_before_its_body_is_read():
    inner = Inner()
    status, pulled = call(guarded(inner, {"tab-1"}), chunks=[MB[:1000]],
                          headers={"content-length": "1000", "reflex-client-token": "made-up"})
    assert (status, pulled, inner.calls) == (401, 0, 0)


def test_an_upload_without_a_length_is_refused_unread():
    inner = Inner()
    status, pulled = call(guarded(inner, {"tab-1"}), chunks=[b"abc"], headers={"reflex-client-token": "tab-1"})
    assert (status, pulled, inner.calls) == (411, 0, 0)


def test_a_logged_in_tab_uploads_within_the_limit():
    inner = Inner()
    status, _ = call(guarded(inner, {"tab-1"}), chunks=[b"a" * 1000, b"b" * 1000],
                     headers={"content-length": "2000", "reflex-client-token": "tab-1"})
    assert status == 200 and inner.bytes_read == 2000


def test_a_body_longer_than_declared_is_cut_off_at_the_declared_length():
    inner = Inner()
    call(guarded(inner, {"tab-1"}), chunks=[MB] * 50,
         headers={"content-length": "1000", "reflex-client-token": "tab-1"})
    assert inner.bytes_read == 0  # the first chunk already passed the declared 1000 bytes: a disconnect


def test_other_paths_pass_through_untouched():
    inner = Inner()
    status, _ = call(guarded(inner, set()), chunks=[b"a" * 10], headers={}, path="/api/v1/import")
    assert status == 200 and inner.bytes_read == 10


def _page(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("page")


def test_every_response_carries_the_security_headers_without_overriding_the_apps_own():
    async def framed(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("own", headers={"X-Frame-Options": "SAMEORIGIN"})

    app = SecurityHeaders(Starlette(routes=[Route("/", _page), Route("/framed", framed)]),
                          base_url="https://habits.example.org")
    response = TestClient(app).get("/")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert TestClient(app).get("/framed").headers.get_list("x-frame-options") == ["SAMEORIGIN"]


def test_the_csp_allows_the_websocket_of_the_apps_own_origin_only():
    assert "connect-src 'self' wss://habits.example.org;" in content_security_policy("https://habits.example.org")
    assert "connect-src 'self' ws://localhost:3000;" in content_security_policy("http://localhost:3000")


def test_the_apps_csp_matches_the_caddyfiles():
    from pathlib import Path

    caddyfile = (Path(__file__).resolve().parents[2] / "deploy" / "Caddyfile").read_text()
    caddy_csp = caddyfile.split('Content-Security-Policy "', 1)[1].split('"', 1)[0]
    app_csp = content_security_policy("https://{$EASYTRACK_DOMAIN}")
    assert app_csp == caddy_csp


def test_a_megabyte_log_message_is_cut_to_the_cap(caplog):
    logcap.install()
    payload = "A" * 1_000_000
    with caplog.at_level(logging.WARNING):
        logging.getLogger("reflex.state").warning("unknown event %s", payload)
        try:
            raise ValueError(payload)
        except ValueError:
            logging.getLogger("reflex.app").exception("event failed")
    messages = [record.getMessage() for record in caplog.records]
    assert all(len(m) <= logcap.MAX_CHARS + 100 for m in messages)
    assert "more characters cut" in messages[0]
    formatted = logging.Formatter().format(caplog.records[1])
    assert len(formatted) < 2 * logcap.MAX_CHARS and formatted.rstrip().endswith("AAAA")


@pytest.mark.parametrize("text", ["short", "x" * logcap.MAX_CHARS])
def test_short_lines_are_left_alone(text):
    assert logcap.cap(text) == text
