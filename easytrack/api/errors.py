"""Every error as JSON `{"error": "..."}` with a fitting status; a 500 never shows internals.

The message is in the language the request's `Accept-Language` asks for (English when it names none we
have), and the response says which in `Content-Language`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from easytrack import i18n
from easytrack.i18n import N_
from easytrack.services.errors import NotFound, ServiceError, Throttled, ValidationError
from easytrack.services.transfer import FileTooLarge, ImportBusy

log = logging.getLogger("easytrack.api")
MAX_MESSAGE = 500
# Starlette's own details (an unknown path, a wrong method), translated like ours.
HTTP_DETAILS = (N_("Not Found"), N_("Method Not Allowed"))
# What a field's validation error says, by pydantic's error type, for the languages other than English
# (English keeps pydantic's own text).
FIELD_PROBLEMS = {
    "missing": N_("this field is required"),
    "extra_forbidden": N_("this field is not allowed"),
    "string_type": N_("must be text"),
    "string_too_short": N_("must be at least {min_length} characters long"),
    "string_too_long": N_("must be at most {max_length} characters long"),
    "string_pattern_mismatch": N_("does not have the expected format"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "too_short": N_("must have at least {min_length} items"),
    "too_long": N_("must have at most {max_length} items"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be an object"),
    "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "literal_error": N_("must be one of {expected}"),
    "enum": N_("must be one of {expected}"),
    "json_invalid": N_("is not valid JSON"),
    "json_type": N_("is not valid JSON"),
    "date_parsing": N_("must be a day as YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("must be a day as YYYY-MM-DD"),
    "date_type": N_("must be a day as YYYY-MM-DD"),
}


def language(headers: Mapping[str, str]) -> str:
    """The language to answer in, for a request's headers."""
    return i18n.negotiate(headers.get("accept-language"))


def error_response(status: int, message: str, headers: dict[str, str] | None = None, *,
                   lang: str = i18n.DEFAULT) -> JSONResponse:
    """A JSON error body `{"error": message}` (`message` already in `lang`), saying its language."""
    return JSONResponse({"error": message}, status_code=status,
                        headers={**(headers or {}), "Content-Language": lang, "Vary": "Accept-Language"})


def _status(exc: ServiceError) -> int:
    """Map a service error to an HTTP status (the most specific class first)."""
    for cls, status in ((FileTooLarge, 413), (ImportBusy, 409), (NotFound, 404), (ValidationError, 422), (Throttled, 429)):
        if isinstance(exc, cls):
            return status
    return 400


async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
    lang = language(request.headers)
    headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, Throttled) else None
    return error_response(_status(exc), exc.localized(lang), headers, lang=lang)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    lang = language(request.headers)
    return error_response(exc.status_code, i18n.gettext(lang, str(exc.detail)), getattr(exc, "headers", None),
                          lang=lang)


def _problem(error: dict, lang: str) -> str:
    english = str(error.get("msg", "invalid"))
    if i18n.choose(lang) == i18n.DEFAULT:
        return english
    found = FIELD_PROBLEMS.get(str(error.get("type", "")))
    context = error.get("ctx") if isinstance(error.get("ctx"), dict) else {}
    return i18n.gettext(lang, found, **{k: str(v) for k, v in context.items()}) if found else \
        i18n.gettext(lang, "is not valid")


def describe(errors: list[dict], lang: str = i18n.DEFAULT) -> str:
    """One line naming each invalid field and what is wrong (the input itself is never echoed)."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
        parts.append(i18n.gettext(lang, "{field}: {problem}", field=where, problem=_problem(error, lang)))
    return "; ".join(parts)[:MAX_MESSAGE] or i18n.gettext(lang, "The request is not valid.")


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    lang = language(request.headers)
    return error_response(422, describe(list(exc.errors()), lang), lang=lang)


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("API error on %s %s", request.method, request.url.path, exc_info=exc)
    lang = language(request.headers)
    return error_response(500, i18n.gettext(lang, "Something went wrong on the server."), lang=lang)


def install(app: FastAPI, *, http_only: bool = False) -> None:
    """Register the handlers on `app`; `http_only`: only for HTTP errors such as an unknown path (404)."""
    app.add_exception_handler(HTTPException, _http_error)
    if http_only:
        return
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
