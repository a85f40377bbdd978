"""`python -m easytrack` commands end to end: users, API tokens, import and export; clear errors (exit 2)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from easytrack import db
from easytrack.cli import main
from easytrack.config import ConfigError
from easytrack.models import User
from easytrack.services import api_tokens, checkins, habits
from tests.factories import fast_hashing, make_user  # noqa: F401  (fixture)

PASSWORD = "a fine long password"


@pytest.fixture(autouse=True)
def use_test_db(engine, monkeypatch, fast_hashing):  # noqa: F811
    monkeypatch.setattr(db, "engine", lambda: engine)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command line; returns (exit status, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def user_row(engine, email: str) -> User:
    with Session(engine) as session:
        return session.exec(select(User).where(User.email == email)).one()


def test_create_user_reads_the_password_from_stdin(engine, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, _ = run(capsys, "create-user", "Root@Example.org", "--password-stdin", "--admin", "--confirmed",
                       "--name", "Root")
    assert code == 0 and out.startswith("created admin ") and "<root@example.org>" in out
    user = user_row(engine, "root@example.org")
    assert (user.is_admin, user.is_confirmed, user.display_name) == (True, True, "Root")
    assert PASSWORD not in user.password_hash


def test_create_user_without_flags_makes_a_plain_unconfirmed_user(engine, session, capsys, monkeypatch):
    make_user(session, email="first@example.org")  # the very first account always becomes admin
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _, err = run(capsys, "create-user", "plain@example.org", "--password-stdin")
    user = user_row(engine, "plain@example.org")
    assert code == 0 and (user.is_admin, user.is_confirmed) == (False, False)
    assert "not confirmed" in err


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["taken@example.org", "--password-stdin"], PASSWORD, "already exists"),
        (["new@example.org", "--password-stdin"], "short", "at least 8"),
        (["new@example.org", "--password-stdin"], "", "no password"),
        (["not-an-address", "--password-stdin"], PASSWORD, "valid e-mail"),
        (["new@example.org"], PASSWORD, "--password-stdin"),  # no terminal to prompt on
    ],
)
def test_create_user_errors_are_one_line_and_exit_2(session, capsys, monkeypatch, argv, stdin, message):
    make_user(session, email="taken@example.org")
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n" if stdin else ""))
    code, out, err = run(capsys, "create-user", *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_token_create_prints_a_working_secret_once(session, capsys, now):
    uid = make_user(session, email="a@example.org")
    code, out, err = run(capsys, "token", "create", "--user", "A@example.org", "--name", "laptop")
    secret = out.strip()
    assert code == 0 and secret.startswith("et_") and "shown only" in err
    assert api_tokens.authenticate(session, secret=secret, now=now) == uid


def test_token_list_and_revoke(session, capsys, now):
    uid = make_user(session, email="a@example.org")
    info, secret = api_tokens.create_token(session, user_id=uid, name="phone", now=now)
    session.commit()
    code, out, _ = run(capsys, "token", "list", "--user", "a@example.org")
    assert code == 0 and out.startswith(f"{info.id}\tphone\tcreated 2026-03-15 12:00\tnever used")
    assert secret not in out
    revoked = run(capsys, "token", "revoke", "--user", "a@example.org", str(info.id))
    assert revoked[:2] == (0, f"revoked token {info.id}\n")
    assert api_tokens.list_tokens(session, user_id=uid) == []


def test_a_user_cannot_revoke_someone_elses_token(session, capsys, now):
    owner = make_user(session, email="a@example.org")
    make_user(session, email="b@example.org")
    info, _ = api_tokens.create_token(session, user_id=owner, name="t", now=now)
    session.commit()
    code, _, err = run(capsys, "token", "revoke", "--user", "b@example.org", str(info.id))
    assert code == 2 and "No such API token" in err
    assert len(api_tokens.list_tokens(session, user_id=owner)) == 1


@pytest.mark.parametrize("command", [["token", "list"], ["export", "-o", "x.json"], ["import", "f.json"]])
def test_an_unknown_user_is_a_clear_error(session, capsys, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.json").write_text("{}")
    code, _, err = run(capsys, *command, "--user", "nobody@example.org")
    assert code == 2 and err == "error: no user with the e-mail address nobody@example.org\n"


def test_export_then_import_into_another_account(session, capsys, tmp_path):
    a, b = make_user(session, email="a@example.org"), make_user(session, email="b@example.org")
    _, habit = habits.create_habit(session, user_id=a, name="Read")
    today = date.today()
    for i in range(700):  # enough check-ins for progress reports
        checkins.set_checkin(session, user_id=a, habit_id=habit.id, day=today - timedelta(days=i), state="done",
                             today=today)
    session.commit()
    target = tmp_path / "a.json"
    code, _, err = run(capsys, "export", "--user", "a@example.org", "-o", str(target))
    assert code == 0 and "bytes to" in err
    assert len(json.loads(target.read_bytes())["habits"][0]["checkins"]) == 700
    code, out, err = run(capsys, "import", str(target), "--user", "b@example.org")
    assert code == 0
    assert "format: easytrack\n" in out and "habits created: 1\n" in out and "checkins added: 700\n" in out
    assert "importing check-ins: 700 of 700" in err
    assert [h.name for h in habits.list_habits(session, user_id=b)] == ["Read"]


def test_import_dry_run_shows_the_plan_and_imports_nothing_then_merging_can_be_turned_off(session, capsys, tmp_path):
    b = make_user(session, email="b@example.org")
    habits.create_habit(session, user_id=b, name="gym")
    session.commit()
    path = tmp_path / "beaver.json"
    path.write_text(json.dumps({"user_email": "x", "habits": [
        {"id": "1", "name": "Gym", "records": [{"day": "2026-03-01"}]}, {"id": "2", "name": "Yoga"}]}))
    code, out, _ = run(capsys, "import", str(path), "--user", "b@example.org", "--dry-run")
    assert code == 0 and out.startswith("dry run: nothing was imported\n")
    assert "Will be merged into your habit of the same name: “gym”" in out and "New: “Yoga”" in out
    assert [h.name for h in habits.list_habits(session, user_id=b)] == ["gym"]
    code, out, _ = run(capsys, "import", str(path), "--user", "b@example.org", "--no-merge")
    assert code == 0 and "Renamed: “Gym” → “Gym (2)” (you already have a habit of this name)" in out
    assert [h.name for h in habits.list_habits(session, user_id=b)] == ["gym", "Gym (2)", "Yoga"]


def test_export_as_csv_writes_a_zip(session, capsys, tmp_path):
    make_user(session, email="a@example.org")
    target = tmp_path / "a.zip"
    assert run(capsys, "export", "--user", "a@example.org", "--format", "csv", "-o", str(target))[0] == 0
    assert zipfile.is_zipfile(target)


def test_export_to_stdout(session, capsysbinary):
    make_user(session, email="a@example.org")
    assert main(["export", "--user", "a@example.org", "-o", "-"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["format"] == "easytrack"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), (b"not an export", "error: "), (b"", "empty")],
)
def test_bad_import_files_are_clear_errors(session, capsys, tmp_path, content, message):
    make_user(session, email="a@example.org")
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path), "--user", "a@example.org")
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_export_to_an_unwritable_place_is_a_clear_error(session, capsys, tmp_path):
    make_user(session, email="a@example.org")
    code, _, err = run(capsys, "export", "--user", "a@example.org", "-o", str(tmp_path / "missing" / "a.json"))
    assert code == 2 and err.startswith("error: cannot write")


def test_a_configuration_error_is_one_line(capsys, monkeypatch):
    def bad_engine():
        raise ConfigError("REFLEX_DB_URL must start with sqlite:/// or postgresql+psycopg:// (got scheme 'mysql')")

    monkeypatch.setattr(db, "engine", bad_engine)
    code, _, err = run(capsys, "token", "list", "--user", "a@example.org")
    assert code == 2 and err.startswith("configuration error: REFLEX_DB_URL") and err.count("\n") == 1


def test_a_database_without_tables_is_a_clear_error(capsys, monkeypatch, tmp_path):
    empty = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setattr(db, "engine", lambda: empty)
    code, _, err = run(capsys, "token", "list", "--user", "a@example.org")
    assert code == 2 and err.startswith("database error: ") and "migrate" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["token", "create", "--user", "a@example.org"])  # --name missing
    assert info.value.code == 2
