"""The guard in front of Reflex's `/_upload`: size and login are checked before any of the body is read.

Reflex's own handler parses (and spools to temporary files) the whole multipart body before the event
handler runs, for any client token, logged in or not. The guard refuses, from the headers alone: a body
without a Content-Length (411) or declaring more than the limit (413), and a client token whose tab is
not logged in (401). While the body streams in, more bytes than declared or allowed end the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PATH = "/_upload"
MAX_TOKEN_LENGTH = 64
Authenticate = Callable[[str], Awaitable[bool]]


class UploadGuard:
    """ASGI middleware for POST `path`: at most `max_bytes` of body, from a logged-in tab only."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, authenticate: Authenticate, path: str = PATH) -> None:
        self.app, self.max_bytes, self.authenticate, self.path = app, max_bytes, authenticate, path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", ())}
        refusal = await self._refusal(headers)
        if refusal is not None:
            status, text = refusal
            # Connection: close, so the server need not read (or drain) the body it was refused.
            response = PlainTextResponse(text, status_code=status, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        await self.app(scope, _limited(receive, int(headers[b"content-length"])), send)

    async def _refusal(self, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        raw = headers.get(b"content-length", b"")
        if not raw.isdigit():
            return 411, "An upload needs a Content-Length."
        if int(raw) > self.max_bytes:
            return 413, f"An upload may have at most {self.max_bytes // (1024 * 1024)} MB."
        token = headers.get(b"reflex-client-token", b"").decode("latin-1")
        if not token or len(token) > MAX_TOKEN_LENGTH or not await self.authenticate(token):
            return 401, "Log in to upload."
        return None


def _limited(receive: Receive, limit: int) -> Receive:
    """`receive` that ends the request (as a disconnect) once more than `limit` body bytes arrived."""
    seen = 0

    async def limited() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            return {"type": "http.disconnect"}
        return message

    return limited
