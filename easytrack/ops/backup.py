"""Backups while the app runs, and restores that refuse a backup made at another schema revision.

Two formats:
- "sqlite": a consistent copy of a SQLite database made with SQLite's online backup API (readers and
  writers carry on meanwhile); restored with the same API. Only for SQLite databases.
- "dump": easytrack's own logical dump (see easytrack.ops.dump): JSON lines, gzipped when the name ends
  in .gz, written and restored with SQLAlchemy in foreign-key order and one transaction. Works on
  SQLite and PostgreSQL and needs no pg_dump; the default for PostgreSQL.
Both carry the Alembic revision (the copy in its alembic_version table, the dump in its header).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import Connection, make_url

from easytrack.ops import dump

SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def make_engine(url: str):
    """easytrack.db.make_engine, imported late: the CLI builds its parser before reading the settings."""
    from easytrack.db import make_engine as make

    return make(url)


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:":
        raise BackupError(f"the sqlite format needs a SQLite database file (got {url.split(':', 1)[0]})")
    return Path(database)


def _check_revision(found: str | None, current: str | None) -> None:
    if current is None:
        raise BackupError("the database has no schema yet: run `python -m easytrack migrate` first")
    if found != current:
        raise BackupError(
            f"the backup was made at schema revision {found}, but this database is at {current}: restore it "
            "with the easytrack version that made it (then upgrade), or migrate this database to that revision"
        )


def _write_atomically(out_path: Path, write) -> None:
    """Call `write(tmp_path)`, then move the finished file into place (no half-written backups)."""
    # The temporary name keeps the final suffix, so a ".gz" backup is compressed from the start.
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.", suffix=f".tmp{out_path.suffix}")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with the online backup API, then make the copy a self-contained rollback-journal file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=1024)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def backup(url: str, out_path: str | os.PathLike, *, fmt: str = "auto") -> str:
    """Write a backup of the database at `url` to `out_path`; returns the format used.

    Args:
        url: the database URL (sqlite:/// or postgresql+psycopg://).
        out_path: the file to (over)write; it appears only when complete.
        fmt: "sqlite", "dump", or "auto" (sqlite for SQLite databases, dump otherwise).
    """
    out = Path(out_path)
    if fmt == "auto":
        fmt = "sqlite" if url.startswith("sqlite") else "dump"
    if fmt == "sqlite":
        source = _sqlite_file(url)
        if not source.exists():
            raise BackupError(f"{source} does not exist")
        _write_atomically(out, lambda tmp: _sqlite_copy(source, tmp))
        return fmt
    engine = make_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            if conn.dialect.name == "postgresql":  # one consistent snapshot for every table
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            revision = _revision(conn)

            def write(tmp: Path) -> None:
                with dump.open_text(tmp, "w") as fh:
                    dump.write_dump(conn, fh, revision=revision)

            _write_atomically(out, write)
    finally:
        engine.dispose()
    return fmt


def _file_kind(path: Path) -> str:
    with open(path, "rb") as fh:
        return "sqlite" if fh.read(16) == SQLITE_MAGIC else "dump"


def _sqlite_file_revision(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise BackupError(f"{path} is a SQLite file but not an easytrack database") from None
    finally:
        conn.close()
    return row[0] if row else None


def _restore_sqlite(url: str, path: Path) -> None:
    target = _sqlite_file(url)
    engine = make_engine(url)  # also creates the folder, and tells us the current revision
    try:
        with engine.connect() as conn:
            _check_revision(_sqlite_file_revision(path), _revision(conn))
    finally:
        engine.dispose()
    src, dst = sqlite3.connect(f"file:{path}?mode=ro", uri=True), sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _restore_dump(url: str, path: Path) -> int:
    engine = make_engine(url)
    try:
        with dump.open_text(path, "r") as fh, engine.begin() as conn:
            lines = iter(fh)
            header = dump.read_header(lines)
            _check_revision(header.get("revision"), _revision(conn))
            return dump.load_dump(conn, lines)
    except (ValueError, OSError) as exc:
        raise BackupError(f"cannot restore {path}: {exc}") from None
    finally:
        engine.dispose()


def restore(url: str, in_path: str | os.PathLike) -> str:
    """Replace the contents of the database at `url` with the backup `in_path`; returns its format.

    Refuses (BackupError) a backup from another schema revision or a damaged file, changing nothing.
    A dump restores in one transaction; a SQLite copy replaces the file's pages with the backup API.
    """
    path = Path(in_path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    kind = _file_kind(path) if path.suffix != ".gz" else "dump"
    if kind == "sqlite":
        _restore_sqlite(url, path)
    else:
        _restore_dump(url, path)
    return kind


def _backup_command(args: argparse.Namespace) -> int:
    from easytrack.config import settings

    try:
        fmt = backup(settings.db_url, args.output, fmt=args.format)
    except (BackupError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote a {fmt} backup to {args.output}", file=sys.stderr)
    return 0


def _restore_command(args: argparse.Namespace) -> int:
    from easytrack.config import settings

    if not args.yes:
        print("error: restore replaces every row in the database; add --yes to go ahead", file=sys.stderr)
        return 2
    try:
        kind = restore(settings.db_url, args.file)
    except (BackupError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"restored the {kind} backup {args.file}", file=sys.stderr)
    return 0


def add_commands(subparsers) -> None:
    """Add `backup` and `restore` to the `python -m easytrack` sub-commands."""
    cmd = subparsers.add_parser("backup", help="write a consistent backup of the database (safe while running)")
    cmd.add_argument("-o", "--output", required=True, metavar="FILE", help="the backup file to write")
    cmd.add_argument("--format", choices=("auto", "sqlite", "dump"), default="auto",
                     help="sqlite: a copy of a SQLite file; dump: portable JSON lines (.gz to compress); "
                          "auto (default): sqlite for SQLite, dump for PostgreSQL")
    cmd.set_defaults(func=_backup_command)
    cmd = subparsers.add_parser("restore", help="replace the database's contents with a backup")
    cmd.add_argument("file", help="a file written by `backup`")
    cmd.add_argument("--yes", action="store_true", help="confirm that every current row is replaced")
    cmd.set_defaults(func=_restore_command)
