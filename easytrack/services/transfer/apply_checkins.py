"""Imported check-ins upserted by (habit, day) in small batches, each its own short, paced transaction.

A batch holds SQLite's write lock for a few milliseconds; after each one the import waits at least
MIN_PAUSE (and as long as the batch took). The pause must outlast the steps by which SQLite's busy
handler re-polls a held lock (1, 2, 5, 10, 15, 20, 25 ms): with shorter pauses a waiting tick keeps
missing the free moments and waits 50 ms and more. Each batch re-reads what it overwrites, so a tick
made while the import runs is never lost to a stale read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from easytrack.models import CheckIn, Habit
from easytrack.services import revisions
from easytrack.services.transfer.types import ImportedCheckin

CHUNK = 100  # rows per batch transaction
RETRIES = 3  # a batch that clashes with a concurrent change is retried from a fresh read
MIN_PAUSE, MAX_PAUSE = 0.025, 0.05  # seconds the import waits after a batch
_checkins = CheckIn.__table__
_habits = Habit.__table__
_Stored = tuple[str, float | None, str]
Pairs = list[tuple[int | None, tuple[ImportedCheckin, ...]]]
ADD, CHANGE, SAME = 0, 1, 2


def count(session: Session, *, user_id: int, pairs: Pairs) -> tuple[int, int, int]:
    """Return (added, changed, unchanged) that upserting `(habit_id or None for new, check-ins)` would give."""
    stored = _stored(session, user_id, [hid for hid, _ in pairs if hid is not None])
    counts = [0, 0, 0]
    for hid, items in pairs:
        for item in items:
            counts[_kind(stored.get((hid, item.day)), item)] += 1
    return counts[0], counts[1], counts[2]


def upsert(
    session: Session,
    *,
    user_id: int,
    pairs: list[tuple[int, tuple[ImportedCheckin, ...]]],
    now: datetime,
    on_batch: Callable[[Session, int, int], None] | None = None,
) -> tuple[int, int, int]:
    """Store each `(habit_id, check-ins)` in committed batches; return (added, changed, unchanged).

    A day stored with the same state, amount and note is left alone; days stored but absent from the file
    are kept; rows of a habit deleted meanwhile are dropped. `on_batch(session, done, total)` runs in each
    batch's transaction.
    """
    total = sum(len(items) for _, items in pairs)
    counts, done = [0, 0, 0], 0
    for chunk in _chunks(_flatten(pairs), CHUNK):
        started = time.perf_counter()
        done += len(chunk)
        for n, kind in enumerate(_batch_with_retries(session, user_id, chunk, now, on_batch, done, total)):
            counts[n] += kind
        time.sleep(max(MIN_PAUSE, min(MAX_PAUSE, time.perf_counter() - started)))
    return counts[0], counts[1], counts[2]


def _batch_with_retries(session, user_id, chunk, now, on_batch, done, total) -> tuple[int, int, int]:
    for attempt in range(RETRIES):
        try:
            result = _batch(session, user_id, chunk, now)
            if on_batch is not None:
                on_batch(session, done, total)
            session.commit()
            return result
        except (IntegrityError, OperationalError):
            session.rollback()
            if attempt == RETRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _batch(session: Session, user_id: int, chunk: list[tuple[int, ImportedCheckin]], now: datetime):
    """Write one batch in the open transaction; return (added, changed, unchanged)."""
    wanted = {hid for hid, _ in chunk}
    owned = set(session.exec(select(_habits.c.id).where(_habits.c.user_id == user_id, _habits.c.id.in_(wanted)))
                .scalars())
    days = [item.day for _, item in chunk]
    stmt = (select(_checkins.c.habit_id, _checkins.c.day, _checkins.c.state, _checkins.c.amount, _checkins.c.note)
            .where(_checkins.c.habit_id.in_(owned), _checkins.c.day.between(min(days), max(days))))
    stored = {(r.habit_id, r.day): (r.state, r.amount, r.note) for r in session.exec(stmt)} if owned else {}
    inserts, updates, same = [], [], 0
    for hid, item in chunk:
        if hid not in owned:
            continue
        kind = _kind(stored.get((hid, item.day)), item)
        row = {"state": item.state, "amount": item.amount, "note": item.note, "updated_at": now}
        if kind == ADD:
            inserts.append({"habit_id": hid, "day": item.day, **row})
        elif kind == CHANGE:
            updates.append({"b_habit": hid, "b_day": item.day, **row})
        same += kind == SAME
    if inserts or updates:
        revisions.bump(session, user_id=user_id)
        _write(session.connection(), inserts, updates)
    return len(inserts), len(updates), same


def _stored(session: Session, user_id: int, habit_ids: list[int]) -> dict[tuple[int, date], _Stored]:
    """The stored check-ins of the user's habits `habit_ids`, in one query."""
    if not habit_ids:
        return {}
    stmt = (
        select(_checkins.c.habit_id, _checkins.c.day, _checkins.c.state, _checkins.c.amount, _checkins.c.note)
        .join(_habits, _habits.c.id == _checkins.c.habit_id)
        .where(_habits.c.user_id == user_id, _checkins.c.habit_id.in_(habit_ids))
    )
    return {(r.habit_id, r.day): (r.state, r.amount, r.note) for r in session.exec(stmt)}


def _kind(old: _Stored | None, item: ImportedCheckin) -> int:
    if old is None:
        return ADD
    state, amount, note = old
    same_amount = amount is None if item.amount is None else amount is not None and float(amount) == item.amount
    return SAME if state == item.state and same_amount and (note or "") == item.note else CHANGE


def _write(conn, inserts: list[dict], updates: list[dict]) -> None:
    if inserts:
        conn.execute(insert(_checkins), inserts)
    if updates:
        # The SET clause is taken from the parameter keys that name columns (state, amount, …).
        stmt = update(_checkins).where(_checkins.c.habit_id == bindparam("b_habit"),
                                       _checkins.c.day == bindparam("b_day"))
        conn.execute(stmt, updates)


def _flatten(pairs) -> Iterator[tuple[int, ImportedCheckin]]:
    for hid, items in pairs:
        for item in items:
            yield hid, item


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
