"""Every error as JSON `{"error": "..."}` with a fitting status; a 500 never shows internals."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from easytrack.services.errors import NotFound, ServiceError, Throttled, ValidationError
from easytrack.services.transfer import FileTooLarge, ImportBusy

log = logging.getLogger("easytrack.api")
MAX_MESSAGE = 500


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON error body `{"error": message}`."""
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _status(exc: ServiceError) -> int:
    """Map a service error to an HTTP status (the most specific class first)."""
    for cls, status in ((FileTooLarge, 413), (ImportBusy, 409), (NotFound, 404), (ValidationError, 422), (Throttled, 429)):
        if isinstance(exc, cls):
            return status
    return 400


async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, Throttled) else None
    return error_response(_status(exc), exc.message, headers)


async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def describe(errors: list[dict]) -> str:
    """One line naming each invalid field and what is wrong (the input itself is never echoed)."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)[:MAX_MESSAGE] or "The request is not valid."


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, describe(list(exc.errors())))


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("API error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "Something went wrong on the server.")


def install(app: FastAPI, *, http_only: bool = False) -> None:
    """Register the handlers on `app`; `http_only`: only for HTTP errors such as an unknown path (404)."""
    app.add_exception_handler(HTTPException, _http_error)
    if http_only:
        return
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
