"""`POST /_unsubscribe?token=…`: RFC 8058 one-click unsubscribe, the target of reminders' List-Unsubscribe.

Mail providers POST `List-Unsubscribe=One-Click` to it without a login; a GET (a person opening the URL,
or a scanner following it) only redirects to the /unsubscribe page, which acts once its script runs. The
answer is in the request's Accept-Language.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from easytrack import db, i18n
from easytrack.services import reminders
from easytrack.services.errors import InvalidToken

PATH = "/_unsubscribe"
PAGE = "/unsubscribe"  # easytrack.routes.UNSUBSCRIBE


def _text(lang: str, message: str, status_code: int = 200) -> Response:
    return PlainTextResponse(message, status_code=status_code,
                             headers={"Content-Language": lang, "Vary": "Accept-Language"})


async def one_click(request: Request) -> Response:
    token = request.query_params.get("token", "")
    if request.method == "GET":
        return RedirectResponse(f"{PAGE}?{request.url.query}", status_code=303)
    lang = i18n.negotiate(request.headers.get("accept-language"))
    try:
        await asyncio.to_thread(db.call, reminders.unsubscribe, token=token, now=datetime.now(timezone.utc))
    except InvalidToken:
        return _text(lang, i18n.gettext(lang, "This unsubscribe link is invalid."), 404)
    return _text(lang, i18n.gettext(lang, "You are unsubscribed: easytrack sends you no more reminder e-mails."))


def unsubscribe_route() -> Route:
    return Route(PATH, one_click, methods=["GET", "POST"])
