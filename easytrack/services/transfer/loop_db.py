"""Loop Habit Tracker's SQLite backup (schema versions up to 25), opened read-only, SELECTs only."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace

from easytrack.i18n import N_
from easytrack.services.transfer import loop_common as lc
from easytrack.services.transfer.limits import (
    DATABASE_ROWS,
    DESCRIPTION_MAX,
    MAX_HABITS,
    MAX_VALUE,
    NOTE_MAX,
    QUESTION_MAX,
    UNIT_MAX,
    Warnings,
    check_amount,
    check_day_ordinal,
    check_rows,
    clean_name,
    clean_text,
)
from easytrack.services.transfer.types import Count, Format, ImportedData, ImportedHabit, ImportFailed, Text

NOT_LOOP = N_("This database is not a Loop Habit Tracker backup.")
DAY_MS = 86_400_000
MAX_STEPS = 50_000  # progress-handler calls (of 1,000 VM steps each) before a query is aborted
# SQLite's own limits for the crafted file: a longer value (a column's DEFAULT included) fails at once.
LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    sqlite3.SQLITE_LIMIT_COLUMN: 200,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 10,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 1,
}
_TEXT_CUT = max(NOTE_MAX, DESCRIPTION_MAX) + 1  # characters of a text value read (the rest would be cut)
MAX_TEXT = 10_000_000  # characters of text read in all (one DEFAULT would otherwise repeat on every row)
TOO_LONG = N_("The database holds a value longer than 64 KB; it is not a Loop Habit Tracker backup.")
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
        for limit, value in LIMITS.items():
            conn.setlimit(limit, value)
        with closing(conn):
            steps = [0]

            def guard() -> int:  # a crafted file cannot make a SELECT run forever
                steps[0] += 1
                return steps[0] > MAX_STEPS

            conn.set_progress_handler(guard, 1000)
            yield conn
    except sqlite3.DataError:
        raise ImportFailed(TOO_LONG) from None
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


def _count(conn, table: str) -> int:
    return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _select(conn, table: str, wanted: tuple[str, ...], order: str) -> Iterator[dict]:
    """SELECT the `wanted` columns that exist (the missing ones read as None); texts are read cut short,
    and MAX_TEXT characters in all."""
    cols = _columns(conn, table)
    present = [w for w in wanted if w in cols]
    sql = ", ".join(f'CASE WHEN typeof("{cols[w]}") = \'text\' THEN substr("{cols[w]}", 1, {_TEXT_CUT}) '
                    f'ELSE "{cols[w]}" END' for w in present)
    text = 0
    for row in conn.execute(f'SELECT {sql} FROM "{table}" ORDER BY "{cols[order]}"'):
        text += sum(len(v) for v in row if isinstance(v, (str, bytes)))
        if text > MAX_TEXT:
            raise ImportFailed("The database holds more than {n} characters of text.", n=Count(MAX_TEXT))
        yield dict.fromkeys(wanted) | dict(zip(present, row, strict=True))


def parse(data: bytes) -> ImportedData:
    """Read a Loop `.db`: habits with their settings and every repetition as a check-in.

    Besides Loop's uuid, each habit carries the key of Loop's CSV export (its 1-based place by position,
    and its name), so a CSV export and a backup of the same habits import as the same habits.
    """
    warnings = Warnings()
    with open_readonly(data) as conn:
        if not is_loop_db(conn):
            raise ImportFailed(NOT_LOOP)
        if _count(conn, "Habits") > MAX_HABITS:
            raise ImportFailed("The database holds more than {n} habits.", n=Count(MAX_HABITS))
        check_rows(_count(conn, "Repetitions"), DATABASE_ROWS)
        rows = sorted(_select(conn, "Habits", _HABIT_COLUMNS, "id"), key=lambda r: (_int(r["position"], 0), r["id"]))
        habits = {row["id"]: _identified(_habit(row, warnings), row, rank) for rank, row in enumerate(rows, 1)}
        days, orphans = _days(_select(conn, "Repetitions", ("id", "habit", "timestamp", "value", "notes"), "id"),
                              habits, warnings)
    out = []
    for hid, habit in habits.items():
        found, repeated = days.get(hid, ({}, 0))
        if repeated:
            warnings.append(Text(N_("{where}: {n} day(s) were stored twice; the later entry was kept."),
                                 where=habit.name, n=Count(repeated)))
        checkins = tuple(sorted((c for c in found.values() if c is not None), key=lambda c: c.day))
        out.append(replace(habit, checkins=checkins))
    if orphans:
        warnings.append(Text(N_("{n} repetition(s) of deleted habits were skipped."), n=Count(orphans)))
    return ImportedData(Format.LOOP_DB, tuple(out), (), warnings.as_tuple())


def _identified(habit: ImportedHabit, row: dict, rank: int) -> ImportedHabit:
    """`habit` with the CSV export's key: its source id without a uuid, else one of its aliases.

    Databases without a uuid were once keyed by their 0-based position: that key stays an alias.
    """
    name = str(row["name"]).strip()
    csv_key, old_key = lc.source_id(rank, name), lc.source_id(_int(row["position"], 0), name)
    if habit.source_id != old_key:  # the uuid
        return replace(habit, aliases=(csv_key,))
    return replace(habit, source_id=csv_key, aliases=(old_key,) if old_key != csv_key else ())


def _days(reps: Iterator[dict], habits: dict, warnings: list[Text]) -> tuple[dict, int]:
    """Map each habit id to ({day: check-in or None}, days seen twice); a later row for a day wins."""
    days: dict[object, tuple[dict, int]] = {}
    orphans = 0
    for rep in reps:
        habit = habits.get(rep["habit"])
        if habit is None:
            orphans += 1
            continue
        found, repeated = days.get(rep["habit"], ({}, 0))
        day, item = _checkin(rep, habit, warnings)
        days[rep["habit"]] = (found, repeated + (day in found))
        found[day] = item
    return days, orphans


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _habit(row: dict, warnings: list[Text]) -> ImportedHabit:
    where = Text(N_("Habit {id}"), id=row["id"])
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


def _checkin(rep: dict, habit: ImportedHabit, warnings: list[Text]):
    """Return (day, check-in or None) of one repetition of `habit`."""
    where = Text(N_("Repetition {id}"), id=rep["id"])
    stamp = rep["timestamp"]
    if isinstance(stamp, bool) or not isinstance(stamp, int):
        raise ImportFailed("{where}: the timestamp is not a number.", where=where)
    day = check_day_ordinal(stamp // DAY_MS, where=where)
    value = lc.MANUAL if rep["value"] is None else rep["value"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFailed("{where}: the value {value} is not a whole number.", where=where, value=repr(str(value)[:20]))
    note = clean_text(rep["notes"], max_len=NOTE_MAX, where=where, warnings=warnings)
    return day, lc.checkin(value, day, note, measurable=habit.measurable, where=where)
