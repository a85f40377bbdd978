"""Capped log lines: no record, whoever logs it (Reflex included), is longer than MAX_CHARS.

Reflex logs an unknown or failing event with its payload; a crafted websocket frame of 1 MB made a 1 MB log
line per frame, without a login. The cap is applied where every record is made (the log record factory,
called only for records a logger will emit) and to formatted tracebacks.
"""

from __future__ import annotations

import logging

MAX_CHARS = 4000
_installed = False


def cap(text: str, limit: int = MAX_CHARS) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … [{len(text) - limit} more characters cut]"


def cap_traceback(text: str, limit: int = MAX_CHARS) -> str:
    """A traceback cut in its middle: its first frames and its end (the exception itself) stay."""
    if len(text) <= limit:
        return text
    head, tail = limit // 4, limit - limit // 4
    return f"{text[:head]}\n … [{len(text) - limit} characters cut] …\n{text[-tail:]}"


def install() -> None:
    """Cap the message of every later log record, and every traceback any formatter writes (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def capped_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()  # the logger emits it: it would be formatted anyway
        except Exception:  # noqa: BLE001 (a bad format string: logging reports it when emitting)
            return record
        if len(message) > MAX_CHARS:
            record.msg, record.args = cap(message), None
        return record

    logging.setLogRecordFactory(capped_record)
    format_exception = logging.Formatter.formatException
    logging.Formatter.formatException = lambda self, exc_info: cap_traceback(format_exception(self, exc_info))
