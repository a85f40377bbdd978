"""Hostile HTTP and websocket input against the real running app: each is refused or bounded early."""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from bench.ws import WebSocket


def _raw_post(port: int, headers: dict[str, str], body: bytes) -> tuple[str, float]:
    """Send a request's headers and the start of its body; returns the status line and seconds it took."""
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall(f"POST /_upload HTTP/1.1\r\nHost: localhost\r\n{head}\r\n".encode() + body)
        status = sock.makefile("rb").readline().decode().strip()
    return status, time.perf_counter() - start


def test_200_mb_to_upload_from_a_made_up_token_are_refused_at_once(app):
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(200 * 1024 * 1024),
               "Reflex-Client-Token": str(uuid.uuid4()), "Reflex-Event-Handler": "state.data_state.handle_upload"}
    status, seconds = _raw_post(app.port, headers, b"x" * 65536)  # 64 KB sent of the 200 MB announced
    assert " 413 " in f"{status} " and seconds < 5


def test_an_upload_from_a_tab_that_is_not_logged_in_is_refused_before_its_body(app):
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(5 * 1024 * 1024),
               "Reflex-Client-Token": str(uuid.uuid4()), "Reflex-Event-Handler": "state.data_state.handle_upload"}
    status, seconds = _raw_post(app.port, headers, b"x" * 65536)
    assert " 401 " in f"{status} " and seconds < 5


def test_pages_and_the_api_carry_security_headers(app):
    for path in ("/login/", "/api/v1/openapi.json", "/ping"):
        with urllib.request.urlopen(f"{app.base_url}{path}", timeout=10) as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
            assert response.headers["Referrer-Policy"] == "no-referrer", path
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


async def _send_unknown_event(url: str, payload_size: int) -> None:
    ws = await WebSocket.connect(url)
    await ws.recv()  # Engine.IO opening
    frame = {"event": {"name": "nope.not_a_handler", "payload": {"x": "A" * payload_size},
                       "router_data": {"pathname": "/", "asPath": "/"}}}
    await ws.send("40/_event,{}")
    await asyncio.sleep(0.3)
    await ws.send(f'42/_event,["event",{json.dumps(frame["event"])}]')
    await ws.send(f'42/_event,["event",{json.dumps("A" * payload_size)}]')  # logged whole by Reflex
    await asyncio.sleep(1.5)
    await ws.close()


def test_malformed_events_of_900_kb_make_short_log_lines(app):
    before = app.log_path.stat().st_size
    url = f"ws://127.0.0.1:{app.port}/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket"
    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may hold this thread's event loop
        thread.submit(asyncio.run, _send_unknown_event(url, 900_000)).result()
    time.sleep(0.5)
    grown = app.log_path.stat().st_size - before
    assert b"characters cut" in app.log_path.read_bytes()[before:]
    assert grown < 50_000, grown  # Reflex logs such frames whole: 1.8 MB for these two without the cap
