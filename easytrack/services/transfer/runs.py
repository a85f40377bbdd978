"""One import per user at a time, across workers and the command line: a claimed `import_runs` row.

A run that stops beating (its process died) for STALE is taken over by the next import.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from easytrack.models import ImportRun
from easytrack.services import revisions
from easytrack.services.transfer.types import ImportBusy

STALE = timedelta(minutes=2)
_runs = ImportRun.__table__


def claim(session: Session, *, user_id: int, now: datetime) -> str:
    """Claim the user's import slot and commit; return the claim's token.

    Raises:
        ImportBusy: if another import of the user's is running.
        NotFound: if there is no such user.
    """
    revisions.current(session, user_id=user_id)
    token = secrets.token_hex(16)
    row = {"user_id": user_id, "token": token, "started_at": now, "heartbeat_at": now, "done": 0, "total": 0}
    try:
        session.connection().execute(insert(_runs), row)
        session.commit()
        return token
    except IntegrityError:
        session.rollback()
    taken = session.connection().execute(
        update(_runs).where(_runs.c.user_id == user_id, _runs.c.heartbeat_at < now - STALE).values(**row))
    session.commit()
    if taken.rowcount != 1:
        raise ImportBusy()
    return token


def beat(session: Session, *, user_id: int, token: str, done: int, total: int, now: datetime) -> None:
    """Record progress in the open transaction (and so keep the claim alive)."""
    session.connection().execute(update(_runs).where(_runs.c.user_id == user_id, _runs.c.token == token)
                                 .values(done=done, total=total, heartbeat_at=now))


def release(session: Session, *, user_id: int, token: str) -> None:
    """Give the slot back (only this claim's: a run taken over after going stale keeps its own) and commit."""
    session.rollback()
    session.connection().execute(delete(_runs).where(_runs.c.user_id == user_id, _runs.c.token == token))
    session.commit()


def progress(session: Session, *, user_id: int) -> tuple[int, int] | None:
    """(done, total) of the user's running import, or None."""
    row = session.exec(select(_runs.c.done, _runs.c.total).where(_runs.c.user_id == user_id)).first()
    return None if row is None else (row.done, row.total)
