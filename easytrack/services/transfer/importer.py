"""`import_file`: check the upload, detect its format, parse it, and store it in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from easytrack.models import utcnow
from easytrack.services.errors import NotFound
from easytrack.services.transfer import beaver, loop_csv, loop_db, native
from easytrack.services.transfer.apply import apply_import
from easytrack.services.transfer.detect import sniff
from easytrack.services.transfer.limits import check_size
from easytrack.services.transfer.types import Format, ImportFailed, ImportSummary

_PARSERS = {
    Format.LOOP_CSV: loop_csv.parse,
    Format.LOOP_CSV_LEGACY: loop_csv.parse,
    Format.LOOP_DB: loop_db.parse,
    Format.BEAVER: beaver.parse,
    Format.NATIVE: native.parse,
}


def import_file(
    session: Session,
    *,
    user_id: int,
    data: bytes,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> ImportSummary:
    """Import an export of Loop Habit Tracker, Beaver Habit Tracker or easytrack for the user.

    The format is told from the bytes (`filename` is only for messages). Everything is written in
    the caller's transaction and flushed, never committed; after an exception the caller rolls back
    and nothing is kept. Importing the same file again changes nothing. The user's revision is
    bumped once. `progress(done, total)` is called every few hundred check-ins; `now` (aware)
    stamps new rows and defaults to the current time.

    Raises:
        FileTooLarge: over 20 MB (an `ImportFailed`).
        ImportFailed: a `ValidationError` whose `message` says what is wrong and where.
        NotFound: if the user does not exist.
    """
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id < 2**31:
        raise NotFound()
    fmt, payload = sniff(check_size(data))
    parsed = _PARSERS[fmt](payload)
    try:
        return apply_import(session, user_id=user_id, parsed=parsed, now=now or utcnow(), progress=progress)
    except IntegrityError:
        what = f" {filename[:80]}" if filename else ""
        raise ImportFailed(f"The import{what} clashed with a change made at the same time; please try again.") from None
