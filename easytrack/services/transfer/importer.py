"""`preview_file` and `import_file`: check the upload, detect its format, parse it, plan it, store it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from easytrack.models import utcnow
from easytrack.services import revisions
from easytrack.services.errors import NotFound
from easytrack.services.transfer import apply, beaver, loop_csv, loop_db, native, runs
from easytrack.services.transfer.detect import sniff
from easytrack.services.transfer.limits import check_size
from easytrack.services.transfer.types import Format, ImportedData, ImportFailed, ImportPreview, ImportSummary

_PARSERS = {
    Format.LOOP_CSV: loop_csv.parse,
    Format.LOOP_CSV_LEGACY: loop_csv.parse,
    Format.LOOP_DB: loop_db.parse,
    Format.BEAVER: beaver.parse,
    Format.NATIVE: native.parse,
}


def _check_user(session: Session, user_id: object) -> int:
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id < 2**31:
        raise NotFound()
    revisions.current(session, user_id=user_id)  # NotFound before any work on the file
    return user_id


def _parse(data: object) -> ImportedData:
    fmt, payload = sniff(check_size(data))
    return _PARSERS[fmt](payload)


def preview_file(session: Session, *, user_id: int, data: bytes, merge_names: bool = True) -> ImportPreview:
    """What `import_file` would do with `data` now: habits created, merged, renamed or updated, and the
    days added or changed. Reads only.

    Raises:
        ImportFailed: (FileTooLarge over 20 MB) with a message that says what is wrong and where.
        NotFound: if the user does not exist.
    """
    _check_user(session, user_id)
    parsed = _parse(data)
    steps = apply.plan(session, user_id=user_id, parsed=parsed, merge_names=merge_names)
    return apply.preview(session, user_id=user_id, parsed=parsed, steps=steps)


def import_file(
    session: Session,
    *,
    user_id: int,
    data: bytes,
    filename: str = "",
    merge_names: bool = True,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> ImportSummary:
    """Import an export of Loop Habit Tracker, Beaver Habit Tracker or easytrack for the user.

    The format is told from the bytes (`filename` is only for messages); every limit is checked before
    anything is written. Habits the user already has are matched by the file's source keys and, with
    `merge_names`, by name (see `plan`). One import per user runs at a time. The session is committed as
    the import goes: habits first, then check-ins in small batches, so no other user ever waits long for
    the database. A file that fails to parse or plan writes nothing; importing the same file again
    changes nothing, and completes an import that was cut short. `progress(done, total)` is called after
    every batch; `now` (aware) stamps new rows and defaults to the current time.

    Raises:
        ImportBusy: another import of the user's is running.
        ImportFailed: (FileTooLarge over 20 MB) with a message that says what is wrong and where.
        NotFound: if the user does not exist.
    """
    token = runs.claim(session, user_id=_check_user(session, user_id), now=utcnow())
    try:
        parsed = _parse(data)
        steps = apply.plan(session, user_id=user_id, parsed=parsed, merge_names=merge_names)

        def on_batch(s: Session, done: int, total: int) -> None:
            runs.beat(s, user_id=user_id, token=token, done=done, total=total, now=utcnow())
            if progress is not None:
                progress(done, total)

        return apply.write(session, user_id=user_id, parsed=parsed, steps=steps, now=now or utcnow(),
                           on_batch=on_batch)
    except (IntegrityError, OperationalError):
        if filename:
            raise ImportFailed("The import of {name} clashed with changes made at the same time and stopped; "
                               "import the same file again to complete it.", name=filename[:80]) from None
        raise ImportFailed("The import clashed with changes made at the same time and stopped; "
                           "import the same file again to complete it.") from None
    finally:
        runs.release(session, user_id=user_id, token=token)
