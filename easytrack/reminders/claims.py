"""Claims: one row per (kind, subject, local day), inserted before a reminder is sent, so it is sent once.

A claim is taken with a single INSERT … ON CONFLICT DO UPDATE … WHERE statement: a new key is claimed by
whoever inserts it first (the database's unique key decides between workers); an existing key can be taken
over only while it is still unsent and its lease ran out (the worker that claimed it died, or the mail
server refused the message), so a reminder is retried but never sent twice by two live workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from easytrack.models import ReminderSend

DIGEST = "digest"
# One reminder of a habit (subject_id = habit_reminders.id): two reminders of one habit on one day are two
# claims. Before migration 0008 a habit had one reminder, claimed as "habit" with the habit's id.
REMINDER = "reminder"
# How long a claim stays with the worker that took it before another may retry it: far longer than one
# send (10 s SMTP timeouts), short enough that a failed reminder is retried the same day.
LEASE = timedelta(minutes=10)
KEEP = timedelta(days=7)  # claims older than this are deleted (they only guard today)

_table = ReminderSend.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class Key:
    """Which reminder: the digest of user `subject_id`, or habit reminder `subject_id`, on `day`."""

    user_id: int
    kind: str
    subject_id: int
    day: date


def claim(session: Session, key: Key, *, now: datetime) -> bool:
    """Take the claim on `key`; True when this caller now holds it and must send (then call `mark_sent`).

    Run it in a transaction of its own and commit before sending, so other workers see the claim.
    """
    insert = _INSERTS[session.get_bind().dialect.name]
    stmt = insert(_table).values(user_id=key.user_id, kind=key.kind, subject_id=key.subject_id,
                                 local_day=key.day, claimed_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kind", "subject_id", "local_day"],
        set_={"claimed_at": now},
        where=(_table.c.sent_at.is_(None)) & (_table.c.claimed_at <= now - LEASE),
    )
    return session.execute(stmt.returning(_table.c.id)).first() is not None


def mark_sent(session: Session, key: Key, *, now: datetime) -> None:
    """Record that the reminder went out (or was skipped because nothing was open): never again today."""
    session.execute(
        update(_table)
        .where(_table.c.kind == key.kind, _table.c.subject_id == key.subject_id, _table.c.local_day == key.day)
        .values(sent_at=now)
    )


def settle(session: Session, key: Key, *, now: datetime) -> None:
    """Mark `key` done without sending (its time passed before the user set it): claim and mark in one go."""
    insert = _INSERTS[session.get_bind().dialect.name]
    stmt = insert(_table).values(user_id=key.user_id, kind=key.kind, subject_id=key.subject_id,
                                 local_day=key.day, claimed_at=now, sent_at=now)
    session.execute(stmt.on_conflict_do_nothing(index_elements=["kind", "subject_id", "local_day"]))


def sent_keys(session: Session, *, since: date) -> set[tuple[str, int, date]]:
    """(kind, subject_id, day) of the reminders already sent (or skipped) on `since` or later."""
    stmt = _table.select().with_only_columns(_table.c.kind, _table.c.subject_id, _table.c.local_day).where(
        _table.c.local_day >= since, _table.c.sent_at.is_not(None))
    return {tuple(row) for row in session.execute(stmt)}


def prune(session: Session, *, now: datetime) -> int:
    """Delete claims of days long gone; returns how many."""
    result = session.execute(delete(_table).where(_table.c.local_day < (now - KEEP).date()))
    return result.rowcount or 0
