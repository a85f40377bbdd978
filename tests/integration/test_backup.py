"""Backups and restores: exact round trips on SQLite and PostgreSQL, and refusals that change nothing."""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session

from easytrack.models import (
    ApiToken, AppSetting, AuthSession, CheckIn, Habit, HabitGroup, HabitReminder, ImportRun, LoginFailure,
    NotifyChannel, OneTimeToken, PushSubscription, ReminderSend, User,
)
from easytrack.ops import backup as ops_backup
from easytrack.ops.backup import BackupError, backup, restore
from easytrack.ops.dump import tables

T0 = datetime(2026, 3, 15, 12, 0, 0, 123456, tzinfo=timezone.utc)


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _seed(engine) -> None:
    """A row or more in every table, with awkward values: unicode, NULLs, fractions, far dates."""
    with Session(engine) as s:
        users = [User(email=f"u{i}@example.org", display_name="Zoë ✓ \"quoted\"", password_hash="h" * 60,
                      created_at=T0, confirmed_at=None if i else T0) for i in range(2)]
        s.add_all(users)
        s.flush()
        group = HabitGroup(user_id=users[0].id, name="Health", name_key="health", position=3)
        s.add(group)
        s.flush()
        habits = [Habit(user_id=users[0].id, group_id=group.id if i == 0 else None, name=f"H{i}", name_key=f"h{i}",
                        measurable=i == 1, unit="km", target_value=2.5, created_at=T0) for i in range(2)]
        s.add_all(habits)
        s.flush()
        s.add_all(CheckIn(habit_id=habits[i % 2].id, day=date(2026, 1, 1) + timedelta(days=i), state="done",
                          amount=0.1 * i if i % 2 else None, note="line\nbreak" if i == 3 else "", updated_at=T0)
                  for i in range(30))
        s.add(AuthSession(user_id=users[0].id, token_hash="a" * 64, created_at=T0, last_seen_at=T0, expires_at=T0))
        s.add(OneTimeToken(user_id=users[1].id, purpose="confirm", token_hash="b" * 64, expires_at=T0))
        s.add(LoginFailure(key="ip:127.0.0.1", at=T0))
        s.add(ApiToken(user_id=users[0].id, name="cli", token_hash="c" * 64, created_at=T0))
        s.add(ReminderSend(user_id=users[0].id, kind="digest", subject_id=users[0].id, local_day=date(2026, 1, 1),
                           claimed_at=T0))
        s.add(AppSetting(key="registration", value="open"))
        s.add(PushSubscription(user_id=users[0].id, endpoint="https://push.example.net/ü", p256dh="B" * 87,
                               auth="A" * 22, label="Zoë's phone", created_at=T0))
        s.add(NotifyChannel(user_id=users[1].id, name="ntfy", url="ntfys://topic?x=1&y=ä", created_at=T0))
        s.add(ImportRun(user_id=users[1].id, token="d" * 32, started_at=T0, heartbeat_at=T0))
        s.add_all([HabitReminder(habit_id=habits[0].id, user_id=users[0].id, minute=0, weekdays=0b1000001,
                                 channels="email,c1"),
                   HabitReminder(habit_id=habits[0].id, user_id=users[0].id, minute=1439)])
        s.commit()


def _snapshot(engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in tables()}


def _scramble(engine) -> None:
    """Change the database after the backup: delete some rows, add others."""
    with Session(engine) as s:
        s.exec(text("DELETE FROM checkins WHERE day > '2026-01-10'"))
        s.add(User(email="late@example.org", password_hash="x", created_at=T0))
        s.commit()


@pytest.mark.parametrize("name", ["backup.jsonl", "backup.jsonl.gz"])
def test_dump_restore_brings_back_every_row(engine, tmp_path, name):
    _seed(engine)
    before = _snapshot(engine)
    assert all(before.values()), "every table holds rows"
    assert backup(_url(engine), tmp_path / name, fmt="dump") == "dump"
    _scramble(engine)
    assert restore(_url(engine), tmp_path / name) == "dump"
    assert _snapshot(engine) == before


def test_restored_database_keeps_handing_out_fresh_ids(engine, tmp_path):
    _seed(engine)
    backup(_url(engine), tmp_path / "b.jsonl", fmt="dump")
    restore(_url(engine), tmp_path / "b.jsonl")
    with Session(engine) as s:
        highest = s.exec(select(func.max(User.id))).one()[0]
        user = User(email="new@example.org", password_hash="x")
        s.add(user)
        s.commit()
        assert user.id == highest + 1


def test_sqlite_copy_restore_brings_back_every_row(tmp_path, _sqlite_template):
    import shutil

    from easytrack.db import make_engine

    shutil.copy(_sqlite_template, tmp_path / "live.db")
    engine = make_engine(f"sqlite:///{tmp_path}/live.db")
    _seed(engine)
    before = _snapshot(engine)
    assert backup(_url(engine), tmp_path / "copy.db") == "sqlite"
    _scramble(engine)
    assert restore(_url(engine), tmp_path / "copy.db") == "sqlite"
    assert _snapshot(engine) == before
    engine.dispose()


def test_sqlite_backup_does_not_wait_for_an_open_write_or_include_it(tmp_path, _sqlite_template):
    import shutil

    shutil.copy(_sqlite_template, tmp_path / "live.db")
    writer = sqlite3.connect(tmp_path / "live.db", isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO login_failures (key, at) VALUES ('ip:1', '2026-01-01 00:00:00')")
    backup(f"sqlite:///{tmp_path}/live.db", tmp_path / "copy.db")
    writer.execute("COMMIT")
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM login_failures").fetchone() == (0,)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    copy.close()
    writer.close()


def test_restore_refuses_a_dump_from_another_schema_revision(engine, tmp_path):
    _seed(engine)
    backup(_url(engine), tmp_path / "b.jsonl", fmt="dump")
    lines = (tmp_path / "b.jsonl").read_text().splitlines(keepends=True)
    current = lines[0].split('"revision": "')[1].split('"')[0]
    (tmp_path / "old.jsonl").write_text(lines[0].replace(current, "0000_other") + "".join(lines[1:]))
    _scramble(engine)
    scrambled = _snapshot(engine)
    with pytest.raises(BackupError, match=f"revision 0000_other, but this database is at {current}"):
        restore(_url(engine), tmp_path / "old.jsonl")
    assert _snapshot(engine) == scrambled


def test_restore_refuses_a_sqlite_copy_from_another_schema_revision(tmp_path, _sqlite_template):
    url = f"sqlite:///{_sqlite_template}"
    backup(url, tmp_path / "copy.db")
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_other'")
    with pytest.raises(BackupError, match="revision 0000_other"):
        restore(url, tmp_path / "copy.db")


def test_truncated_dump_is_refused_and_changes_nothing(engine, tmp_path):
    _seed(engine)
    backup(_url(engine), tmp_path / "b.jsonl.gz", fmt="dump")
    with gzip.open(tmp_path / "b.jsonl.gz", "rt") as fh:
        lines = fh.readlines()
    with gzip.open(tmp_path / "cut.jsonl.gz", "wt") as fh:
        fh.writelines(lines[:-5])
    _scramble(engine)
    scrambled = _snapshot(engine)
    with pytest.raises(BackupError, match="truncated"):
        restore(_url(engine), tmp_path / "cut.jsonl.gz")
    assert _snapshot(engine) == scrambled


def test_restore_refuses_a_file_that_is_no_backup(engine, tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n")
    with pytest.raises(BackupError, match="not an easytrack backup"):
        restore(_url(engine), tmp_path / "notes.txt")


def test_sqlite_format_needs_a_sqlite_database(tmp_path):
    with pytest.raises(BackupError, match="SQLite database file"):
        backup("postgresql+psycopg://u@h/db", tmp_path / "x.db", fmt="sqlite")


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    ops_backup.add_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_backup_and_restore_round_trip(engine, tmp_path, monkeypatch, capsys):
    from easytrack import config

    monkeypatch.setattr(config, "settings", dataclasses.replace(config.settings, db_url=_url(engine)))
    _seed(engine)
    before = _snapshot(engine)
    args = _cli(["backup", "-o", str(tmp_path / "b.jsonl.gz"), "--format", "dump"])
    assert args.func(args) == 0
    _scramble(engine)
    args = _cli(["restore", str(tmp_path / "b.jsonl.gz")])
    assert args.func(args) == 2 and "--yes" in capsys.readouterr().err
    assert _snapshot(engine) != before
    args = _cli(["restore", "--yes", str(tmp_path / "b.jsonl.gz")])
    assert args.func(args) == 0
    assert _snapshot(engine) == before
