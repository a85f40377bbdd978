"""Loop Habit Tracker's SQLite backup (schema versions up to 25), opened read-only, SELECTs only."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import defaultdict
from contextlib import closing, contextmanager
from dataclasses import replace

from easytrack.services.transfer import loop_common as lc
from easytrack.services.transfer.limits import (
    DESCRIPTION_MAX,
    MAX_HABITS,
    NOTE_MAX,
    QUESTION_MAX,
    UNIT_MAX,
    check_amount,
    check_day_ordinal,
    clean_name,
    clean_text,
)
from easytrack.services.transfer.types import Format, ImportedData, ImportedHabit, ImportFailed

NOT_LOOP = "This database is not a Loop Habit Tracker backup."
DAY_MS = 86_400_000
MAX_STEPS = 50_000  # progress-handler calls (of 1,000 VM steps each) before a query is aborted
_HABIT_COLUMNS = ("id", "name", "position", "archived", "color", "description", "freq_num", "freq_den",
                  "question", "type", "target_type", "target_value", "unit", "uuid")


@contextmanager
def open_readonly(data: bytes):
    """Yield a read-only connection to a private temporary copy of `data` (removed afterwards)."""
    fd, path = tempfile.mkstemp(suffix=".db")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        with closing(conn):
            steps = [0]

            def guard() -> int:  # a crafted file cannot make a SELECT run forever
                steps[0] += 1
                return steps[0] > MAX_STEPS

            conn.set_progress_handler(guard, 1000)
            yield conn
    except sqlite3.DatabaseError:
        raise ImportFailed("The database file is damaged or not a Loop Habit Tracker backup.") from None
    finally:
        os.unlink(path)


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """Map lower-cased column names of `table` to their spelling in the file ({} if no such table)."""
    kinds = dict(conn.execute("SELECT lower(name), type FROM sqlite_master").fetchall())
    if kinds.get(table.lower()) != "table":
        return {}
    return {row[1].lower(): row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def is_loop_db(conn: sqlite3.Connection) -> bool:
    """True when the file has Loop's Habits and Repetitions tables with their key columns."""
    habits, reps = _columns(conn, "Habits"), _columns(conn, "Repetitions")
    need_h = {"id", "name", "freq_num", "freq_den"}
    return need_h <= habits.keys() and {"habit", "timestamp"} <= reps.keys()


def _select(conn, table: str, wanted: tuple[str, ...], order: str) -> list[dict]:
    """SELECT the `wanted` columns that exist (the missing ones read as None)."""
    cols = _columns(conn, table)
    present = [w for w in wanted if w in cols]
    sql = ", ".join(f'"{cols[w]}"' for w in present)
    cursor = conn.execute(f'SELECT {sql} FROM "{table}" ORDER BY "{cols[order]}"')
    return [dict.fromkeys(wanted) | dict(zip(present, row, strict=True)) for row in cursor]


def parse(data: bytes) -> ImportedData:
    """Read a Loop `.db`: habits with their settings and every repetition as a check-in."""
    with open_readonly(data) as conn:
        if not is_loop_db(conn):
            raise ImportFailed(NOT_LOOP)
        habit_rows = _select(conn, "Habits", _HABIT_COLUMNS, "id")
        if len(habit_rows) > MAX_HABITS:
            raise ImportFailed(f"The database holds more than {MAX_HABITS:,} habits.")
        reps = _select(conn, "Repetitions", ("id", "habit", "timestamp", "value", "notes"), "id")
    warnings: list[str] = []
    by_habit: dict[object, list[dict]] = defaultdict(list)
    for rep in reps:
        by_habit[rep["habit"]].append(rep)
    habits = []
    for row in sorted(habit_rows, key=lambda r: (_int(r["position"], 0), r["id"])):
        habit = _habit(row, warnings)
        checkins = _checkins(by_habit.pop(row["id"], []), habit, warnings)
        habits.append(replace(habit, checkins=checkins))
    if by_habit:
        warnings.append(f"{sum(map(len, by_habit.values()))} repetition(s) of deleted habits were skipped.")
    return ImportedData(Format.LOOP_DB, tuple(habits), (), tuple(warnings))


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _habit(row: dict, warnings: list[str]) -> ImportedHabit:
    where = f"Habit {row['id']}"
    name = clean_name(row["name"], where=where, warnings=warnings)
    position = _int(row["position"], 0)
    uuid = row["uuid"] if isinstance(row["uuid"], str) and row["uuid"].strip() else None
    values = {
        "source_id": f"loop:{uuid.strip()}"[:120] if uuid else lc.source_id(position, str(row["name"]).strip()),
        "name": name,
        "position": position,
        "description": clean_text(row["description"], max_len=DESCRIPTION_MAX, where=where, warnings=warnings),
        "question": clean_text(row["question"], max_len=QUESTION_MAX, where=where, warnings=warnings,
                               multiline=False),
        "color": lc.db_color(row["color"]),
        "archived": bool(_int(row["archived"], 0)),
        "schedule": lc.schedule_text(row["freq_num"], row["freq_den"], where=where),
    }
    if _int(row["type"], 0) == 1:
        values.update(
            measurable=True,
            unit=clean_text(row["unit"], max_len=UNIT_MAX, where=where, warnings=warnings, multiline=False),
            target_value=check_amount(row["target_value"] or 0.0, where=where),
            target_direction="at_most" if _int(row["target_type"], 0) == 1 else "at_least",
            target_period=lc.target_period(row["freq_den"], where=where, warnings=warnings, num=row["freq_num"]),
        )
    return ImportedHabit(**values)


def _checkins(reps: list[dict], habit: ImportedHabit, warnings: list[str]):
    """Map the habit's repetitions to check-ins; a later row for the same day wins (with a warning)."""
    found, repeated = {}, 0
    for rep in reps:
        where = f"Repetition {rep['id']}"
        stamp = rep["timestamp"]
        if isinstance(stamp, bool) or not isinstance(stamp, int):
            raise ImportFailed(f"{where}: the timestamp is not a number.")
        day = check_day_ordinal(stamp // DAY_MS, where=where)
        value = lc.MANUAL if rep["value"] is None else rep["value"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ImportFailed(f"{where}: the value {str(value)[:20]!r} is not a whole number.")
        note = clean_text(rep["notes"], max_len=NOTE_MAX, where=where, warnings=warnings)
        try:
            item = lc.checkin(value, day, note, measurable=habit.measurable)
        except ValueError as exc:
            raise ImportFailed(f"{where}: {exc}.") from None
        repeated += day in found
        found[day] = item
    if repeated:
        warnings.append(f"{habit.name}: {repeated} day(s) were stored twice; the later entry was kept.")
    return tuple(sorted((c for c in found.values() if c is not None), key=lambda c: c.day))
