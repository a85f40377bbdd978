"""Request body limits, enforced while the body streams in: JSON bodies are small, an import at most 20 MB.

FastAPI's own `max_body_size` answers 413 in plain text; this answers `{"error": ...}` like every other
error. A declared Content-Length over the limit is refused before anything is read.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from easytrack import i18n
from easytrack.api.errors import error_response
from easytrack.i18n import N_

TOO_LARGE = N_("The request body is too large.")


class BodyLimit:
    """ASGI middleware: at most `default` bytes of body, or `per_path[path]` for the listed paths."""

    def __init__(self, app: ASGIApp, *, default: int, per_path: dict[str, int]) -> None:
        self.app, self.default, self.per_path = app, default, per_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"].removeprefix(scope.get("root_path", "")), self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            lang = i18n.negotiate(_header(scope, b"accept-language"))
            await error_response(413, i18n.gettext(lang, TOO_LARGE), lang=lang)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:  # raised inside the endpoint: the app's handler answers 413 as JSON
                raise HTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, limited, send)


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == wanted:
            return value.decode("latin-1")
    return None


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
