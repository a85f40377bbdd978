"""Upsert imported check-ins by (habit, day) in bulk: one read, then chunked executemany writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from easytrack.models import CheckIn, Habit
from easytrack.services.transfer.types import ImportedCheckin

CHUNK = 500  # rows per executemany, and how often `progress` is called
_checkins = CheckIn.__table__
_habits = Habit.__table__
_Stored = tuple[str, float | None, str]


def upsert_checkins(
    session: Session,
    *,
    user_id: int,
    pairs: list[tuple[int, tuple[ImportedCheckin, ...], bool]],
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int, int]:
    """Store each `(habit_id, check-ins, habit_is_new)`; return (added, changed, unchanged).

    A day already stored with the same state, amount and note is left alone; days stored but absent
    from the file are kept. `progress(done, total)` is called after every CHUNK check-ins.
    """
    stored = _stored(session, user_id, [hid for hid, _, new in pairs if not new])
    total = sum(len(items) for _, items, _ in pairs)
    counts, done = [0, 0, 0], 0
    conn = session.connection()
    for chunk in _chunks(_flatten(pairs), CHUNK):
        inserts, updates = [], []
        for hid, item in chunk:
            old = stored.get((hid, item.day))
            new = (item.state, item.amount, item.note)
            if old is None:
                inserts.append({"habit_id": hid, "day": item.day, "state": item.state, "amount": item.amount,
                                "note": item.note, "updated_at": now})
            elif _same(old, new):
                counts[2] += 1
            else:
                updates.append({"b_habit": hid, "b_day": item.day, "state": item.state, "amount": item.amount,
                                "note": item.note, "updated_at": now})
        _write(conn, inserts, updates)
        counts[0] += len(inserts)
        counts[1] += len(updates)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return counts[0], counts[1], counts[2]


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


def _same(old: _Stored, new: _Stored) -> bool:
    (state, amount, note), (new_state, new_amount, new_note) = old, new
    same_amount = amount is None if new_amount is None else amount is not None and float(amount) == new_amount
    return state == new_state and same_amount and (note or "") == new_note


def _write(conn, inserts: list[dict], updates: list[dict]) -> None:
    if inserts:
        conn.execute(insert(_checkins), inserts)
    if updates:
        # The SET clause is taken from the parameter keys that name columns (state, amount, …).
        stmt = update(_checkins).where(_checkins.c.habit_id == bindparam("b_habit"),
                                       _checkins.c.day == bindparam("b_day"))
        conn.execute(stmt, updates)


def _flatten(pairs) -> Iterator[tuple[int, ImportedCheckin]]:
    for hid, items, _ in pairs:
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
