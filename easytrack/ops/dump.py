"""A portable logical dump of easytrack's tables (JSON lines, optionally gzipped) and its restore.

Layout, one JSON value per line:
    {"format": "easytrack-dump", "version": 1, "revision": "<alembic revision>", "dialect": ..., "created_at": ...}
    {"table": "users", "columns": ["id", "email", ...]}      then one JSON array per row of that table
    ...                                                      (tables in foreign-key order)
    {"end": true, "rows": <total>}                           (a missing end line means a truncated file)
Dates and times are ISO 8601 strings; the table's column types turn them back into values on restore.
Works on SQLite and PostgreSQL alike, so a dump also moves a SQLite installation to PostgreSQL.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, Table, select, text
from sqlmodel import SQLModel

from easytrack import models  # noqa: F401  (registers the tables)
from easytrack.models import utcnow

FORMAT, VERSION = "easytrack-dump", 1
BATCH = 1000


class DumpError(ValueError):
    """The dump file cannot be read or does not fit this database."""


def tables() -> list[Table]:
    """easytrack's tables, parents before children (the order rows are written and inserted in)."""
    return list(SQLModel.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _decoder(column) -> Any:
    """A function turning the JSON value of `column` back into what SQLAlchemy expects."""
    kind = getattr(column.type, "impl", column.type)  # a TypeDecorator such as UTCDateTime: its base type
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return lambda v: v


def open_text(path: Path, mode: str) -> IO[str]:
    """A text file, gzip-compressed when the name ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def write_dump(conn: Connection, out: IO[str], *, revision: str | None) -> int:
    """Write every row of every easytrack table to `out`; returns the number of rows."""
    header = {"format": FORMAT, "version": VERSION, "revision": revision,
              "dialect": conn.dialect.name, "created_at": utcnow().isoformat()}
    out.write(json.dumps(header) + "\n")
    total = 0
    for table in tables():
        out.write(json.dumps({"table": table.name, "columns": [c.name for c in table.columns]}) + "\n")
        for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
            out.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")
            total += 1
    out.write(json.dumps({"end": True, "rows": total}) + "\n")
    return total


def read_header(lines: Iterator[str]) -> dict:
    """The header of a dump, or DumpError when the first line is not one."""
    try:
        header = json.loads(next(lines))
    except (StopIteration, ValueError):
        raise DumpError("not an easytrack backup (no header line)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DumpError("not an easytrack backup (unknown format)")
    if header.get("version") != VERSION:
        raise DumpError(f"backup format version {header.get('version')} is not supported (expected {VERSION})")
    return header


def _sections(lines: Iterable[str]) -> Iterator[tuple[Table, list[str], list[list]]]:
    """(table, columns, rows) per table section, in batches; DumpError for anything unexpected."""
    known = {t.name: t for t in tables()}
    table, columns, batch, ended = None, [], [], False
    for number, line in enumerate(lines, start=2):
        item = json.loads(line)
        if isinstance(item, list) and table is not None and len(item) == len(columns):
            batch.append(item)
            if len(batch) >= BATCH:
                yield table, columns, batch
                batch = []
            continue
        if batch:
            yield table, columns, batch
            batch = []
        if isinstance(item, dict) and item.get("table") in known:
            table, columns = known[item["table"]], item["columns"]
            if unknown := set(columns) - set(table.columns.keys()):
                raise DumpError(f"line {number}: {table.name} has no column(s) {sorted(unknown)}")
        elif isinstance(item, dict) and item.get("end"):
            ended = True
        else:
            raise DumpError(f"line {number}: unexpected content")
    if batch:
        yield table, columns, batch
    if not ended:
        raise DumpError("the backup is truncated (no end line)")


def _empty_tables(conn: Connection) -> None:
    names = [t.name for t in tables()]
    if conn.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in names)
        conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:
        for name in reversed(names):
            conn.execute(text(f'DELETE FROM "{name}"'))


def _reset_sequences(conn: Connection) -> None:
    """Point each PostgreSQL id sequence past the highest restored id (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \"{table.name}\""
        ))


def load_dump(conn: Connection, lines: Iterable[str]) -> int:
    """Replace every easytrack row with the dump's rows, inside the caller's transaction; returns the count."""
    _empty_tables(conn)
    total = 0
    for table, columns, batch in _sections(lines):
        decoders = [_decoder(table.columns[name]) for name in columns]
        rows = [{name: decode(v) for name, decode, v in zip(columns, decoders, row)} for row in batch]
        conn.execute(table.insert(), rows)
        total += len(rows)
    _reset_sequences(conn)
    return total
