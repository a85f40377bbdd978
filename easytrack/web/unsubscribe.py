"""`POST /_unsubscribe?token=…`: RFC 8058 one-click unsubscribe, the target of reminders' List-Unsubscribe.

Mail providers POST `List-Unsubscribe=One-Click` to it without a login; a GET (a person opening the URL,
or a scanner following it) only redirects to the /unsubscribe page, which acts once its script runs.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from easytrack import db
from easytrack.services import reminders
from easytrack.services.errors import InvalidToken

PATH = "/_unsubscribe"
PAGE = "/unsubscribe"  # easytrack.routes.UNSUBSCRIBE


async def one_click(request: Request) -> Response:
    token = request.query_params.get("token", "")
    if request.method == "GET":
        return RedirectResponse(f"{PAGE}?{request.url.query}", status_code=303)
    try:
        await asyncio.to_thread(db.call, reminders.unsubscribe, token=token, now=datetime.now(timezone.utc))
    except InvalidToken:
        return PlainTextResponse("This unsubscribe link is invalid.", status_code=404)
    return PlainTextResponse("You are unsubscribed: easytrack sends you no more reminder e-mails.")


def unsubscribe_route() -> Route:
    return Route(PATH, one_click, methods=["GET", "POST"])
