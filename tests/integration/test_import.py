"""import_file: every sample and fixture stored exactly, scores equal to Loop's, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.scores import score_series
from easytrack.models import CheckIn, Habit, HabitGroup, User
from easytrack.services import groups as group_service
from easytrack.services import habits as habit_service
from easytrack.services import revisions
from easytrack.services.errors import ValidationError
from easytrack.services.transfer import ImportSummary, import_file
from easytrack.services.transfer.apply_checkins import CHUNK
from easytrack.services.transfer.limits import MAX_UPLOAD
from tests.factories import make_user
from tests.fixtures.transfer import (
    BEAVER,
    LOOP_CURRENT,
    LOOP_HEADER,
    LOOP_LEGACY,
    NATIVE,
    SHARED_SAMPLES,
    loop_db_v25,
    make_zip,
    loop_db_of_current,
    random_db,
    zip_folder,
)

needs_samples = pytest.mark.skipif(
    not SHARED_SAMPLES.is_dir(), reason=f"shared samples not found at {SHARED_SAMPLES} (fresh clone)")


def _import(session, uid: int, data: bytes, **kwargs) -> ImportSummary:
    summary = import_file(session, user_id=uid, data=data, **kwargs)
    session.commit()
    return summary


def _fresh(stmt):
    """Read rows as stored now (the services write with Core; the session keeps no stale objects)."""
    return stmt.execution_options(populate_existing=True)


def _habits(session, uid: int) -> dict[str, Habit]:
    rows = session.exec(_fresh(select(Habit).where(Habit.user_id == uid).order_by(Habit.position))).scalars()
    return {h.name: h for h in rows}


def _days(session, habit_id: int) -> dict[date, tuple]:
    rows = session.exec(_fresh(select(CheckIn).where(CheckIn.habit_id == habit_id))).scalars()
    return {c.day: (c.state, c.amount, c.note) for c in rows}


def _tables(session) -> tuple:
    """Every row of groups, habits and check-ins (the data an import may touch)."""
    out = []
    for model in (HabitGroup, Habit, CheckIn):
        rows = session.exec(_fresh(select(model).order_by(model.id))).scalars()
        out.append([tuple(sorted(r.model_dump().items())) for r in rows])
    return tuple(out)


def _snapshot(session) -> tuple:
    return _tables(session), tuple(session.exec(select(User.id, User.data_rev).order_by(User.id)).all())


# --- the shared samples (real Loop output and made-up exports), exact counts ----------------------

def _counts(session, habit: Habit) -> dict:
    days = _days(session, habit.id).values()
    amounts = [a for s, a, _ in days if a is not None and s == "done"]
    return {
        "done_days": sum(s == "done" for s, _, _ in days) if not habit.measurable else 0,
        "skip_days": sum(s == "skip" for s, _, _ in days),
        "no_days": sum(s == "no" for s, _, _ in days),
        "amount_days": len(amounts),
        "amount_total": round(sum(amounts), 3),
        "notes": sum(bool(n) for _, _, n in days),
    }


def _expected() -> dict:
    return json.loads((SHARED_SAMPLES / "loop-csv.expected.json").read_text())


def _check_expected(session, uid: int, *, notes: bool = True) -> None:
    stored = list(_habits(session, uid).values())
    expected = _expected()["habits"]
    assert [h.name for h in stored] == [e["name"] for e in expected]
    for habit, item in zip(stored, expected, strict=True):
        want = {k: item[k] for k in ("done_days", "skip_days", "no_days", "amount_days", "amount_total", "notes")}
        if not notes:
            want["notes"] = 0
        assert _counts(session, habit) == want, item["name"]
        assert Schedule.from_text(habit.schedule).as_fraction() == (item["num"], item["den"])
        assert habit.archived == item["archived"]


@needs_samples
@pytest.mark.parametrize("source", ["loop-csv.zip", "loop-csv/ zipped", "loop-csv/ zipped in a folder"])
def test_loop_csv_sample_is_imported_exactly(session, source):
    uid = make_user(session)
    data = {"loop-csv.zip": lambda: (SHARED_SAMPLES / "loop-csv.zip").read_bytes(),
            "loop-csv/ zipped": lambda: zip_folder(SHARED_SAMPLES / "loop-csv"),
            "loop-csv/ zipped in a folder": lambda: zip_folder(SHARED_SAMPLES / "loop-csv", prefix="export/")}[source]()
    summary = _import(session, uid, data)
    assert (summary.format, summary.habits_created, summary.checkins_added) == ("Loop Habit Tracker CSV", 3, 16)
    _check_expected(session, uid)
    run = _habits(session, uid)["Run"]
    assert (run.measurable, run.unit, run.target_value, run.target_direction, run.target_period) == (
        True, "km", 10.0, "at_least", "week")


@needs_samples
def test_legacy_loop_csv_sample_is_imported_exactly(session):
    uid = make_user(session)
    summary = _import(session, uid, (SHARED_SAMPLES / "loop-csv-legacy.zip").read_bytes())
    assert (summary.format, summary.habits_created, summary.checkins_added) == (
        "Loop Habit Tracker CSV (before v2.3.1)", 3, 16)
    _check_expected(session, uid, notes=False)  # the legacy layout has no notes


def _loop_scores(files: dict[str, bytes]) -> dict[int, dict[date, str]]:
    """Each habit's Scores.csv from a Loop CSV export, by position."""
    out = {}
    for name, raw in files.items():
        if name.count("/") == 1 and name.endswith("/Scores.csv"):
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
            out[int(name[:3])] = {date.fromisoformat(r["Date"]): r["Score"] for r in rows}
    return out


def _assert_scores_match_loop(session, uid: int, data: bytes) -> int:
    """Compare our score of every imported habit with Loop's on every day Loop lists; return how many."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        loop = _loop_scores({n: zf.read(n) for n in zf.namelist()})
    stored = {int(h.source_id.split(":")[1]): h for h in _habits(session, uid).values()}
    assert set(stored) == set(loop)
    for position, habit in stored.items():
        days = _days(session, habit.id)
        entries = {d: (State.SKIP if s == "skip" else a) if habit.measurable else State(s)
                   for d, (s, a, _) in days.items()}
        export_day = max(loop[position])
        num, den = Schedule.from_text(habit.schedule).as_fraction()
        ours = dict(score_series(entries, num=num, den=den, start=min(days, default=export_day), end=export_day,
                                 measurable=habit.measurable, target_value=habit.target_value,
                                 at_most=habit.target_direction == "at_most"))
        mismatches = {d: (f"{ours.get(d, 0.0):.4f}", s) for d, s in loop[position].items()
                      if f"{ours.get(d, 0.0):.4f}" != s}
        assert not mismatches, habit.name
    return len(stored)


@needs_samples
def test_scores_of_imported_loop_csv_equal_loops_scores(session):
    uid = make_user(session)
    data = (SHARED_SAMPLES / "loop-csv.zip").read_bytes()
    _import(session, uid, data)
    assert _assert_scores_match_loop(session, uid, data) == 3
    export_day = date.fromisoformat(_expected()["export_day"])
    for item in _expected()["habits"]:  # and the expected.json score on the export day, to 4 decimals
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            scores = _loop_scores({n: zf.read(n) for n in zf.namelist()})[item["position"]]
        assert float(scores[export_day]) == item["score_on_export_day"]


@needs_samples
def test_real_loop_csv_export_is_imported_with_equal_scores(session):
    uid = make_user(session)
    data = zip_folder(SHARED_SAMPLES / "loop-real" / "csv_export")
    summary = _import(session, uid, data)
    assert (summary.habits_created, summary.checkins_added) == (2, 7)
    stored = _habits(session, uid)
    assert _days(session, stored["Meditate"].id) == {}
    wake = _days(session, stored["Wake up early"].id)
    assert stored["Wake up early"].schedule == "ratio:2/3"
    assert wake[date(2015, 1, 24)] == ("no", None, "Sick")
    assert date(2015, 1, 23) not in wake  # YES_AUTO: derived, not stored (its note is warned about)
    assert any("note" in w for w in summary.warnings)
    assert _assert_scores_match_loop(session, uid, data) == 2


@needs_samples
def test_real_loop_v12_database_is_imported_exactly(session):
    uid = make_user(session)
    summary = _import(session, uid, (SHARED_SAMPLES / "loop-real" / "loop-v12.db").read_bytes())
    assert (summary.format, summary.habits_created, summary.checkins_added) == ("Loop Habit Tracker backup", 9, 164)
    stored = _habits(session, uid)
    assert list(stored) == ["Wake up early", "brush teeth", "Sleep early", "Vegan", "Sport", "I love you",
                            "Vegan (2)", "Sport (2)", "I love you (2)"]
    counts = {name: len(_days(session, h.id)) for name, h in stored.items()}
    assert counts == {"Wake up early": 33, "brush teeth": 21, "Sleep early": 2, "Vegan": 15, "Sport": 12,
                      "I love you": 13, "Vegan (2)": 43, "Sport (2)": 12, "I love you (2)": 13}
    assert {s for h in stored.values() for s, _, _ in _days(session, h.id).values()} == {"done"}
    assert (stored["Wake up early"].schedule, stored["Sleep early"].schedule) == ("week:3", "every:5")
    assert (stored["Wake up early"].color, stored["Vegan (2)"].color) == ("#00897b", "#e64a19")
    assert stored["brush teeth"].description == "I want to have beautiful teeth!"


@needs_samples
def test_beaver_sample_is_imported_exactly(session):
    uid = make_user(session)
    summary = _import(session, uid, (SHARED_SAMPLES / "beaver-habits.json").read_bytes())
    assert (summary.format, summary.habits_created, summary.groups_created, summary.checkins_added) == (
        "Beaver Habit Tracker", 2, 2, 6)
    stored = _habits(session, uid)
    groups = {g.id: g.name for g in session.exec(select(HabitGroup)).scalars()}
    assert {n: groups[h.group_id] for n, h in stored.items()} == {"Meditate": "Mind", "Gym": "Health"}
    assert _days(session, stored["Meditate"].id) == {
        date(2025, 3, 7): ("no", None, ""),
        date(2025, 3, 8): ("done", None, ""),
        date(2025, 3, 9): ("done", None, "10 min guided"),
        date(2025, 3, 10): ("skip", None, "Felt sick"),  # the #skip marker is a state, not note text
    }
    assert stored["Gym"].schedule == "week:2"
    assert _days(session, stored["Gym"].id)[date(2025, 3, 5)] == ("done", None, "Legs #_60%")


# --- our own fixtures (run on a fresh clone) -------------------------------------------------------

FIXTURES = {
    "loop csv": lambda tmp: make_zip(LOOP_CURRENT),
    "loop csv legacy": lambda tmp: make_zip(LOOP_LEGACY),
    "loop db": loop_db_v25,
    "beaver": lambda tmp: BEAVER.read_bytes(),
    "native": lambda tmp: NATIVE.read_bytes(),
}


def test_loop_csv_fixture_is_stored_with_settings_and_days(session):
    uid = make_user(session)
    summary = _import(session, uid, make_zip(LOOP_CURRENT))
    assert (summary.habits_created, summary.checkins_added, summary.groups_created) == (3, 9, 0)
    stored = _habits(session, uid)
    coffee, book = stored["Coffee"], stored["Читать книгу"]
    assert (coffee.measurable, coffee.target_value, coffee.target_direction, coffee.color) == (
        True, 2.0, "at_most", "#5d4037")
    assert (book.archived, book.schedule, book.source_id) == (True, "week:3", "loop:3:Читать книгу")
    assert _days(session, coffee.id)[date(2024, 1, 3)] == ("no", 0.0, "")


@pytest.mark.parametrize("fixture", list(FIXTURES))
def test_importing_the_same_file_twice_changes_nothing(session, tmp_path, fixture):
    uid = make_user(session)
    data = FIXTURES[fixture](tmp_path)
    first = _import(session, uid, data)
    tables = _tables(session)
    again = _import(session, uid, data)
    assert _tables(session) == tables
    assert (again.habits_created, again.habits_updated, again.groups_created) == (0, 0, 0)
    assert (again.checkins_added, again.checkins_changed) == (0, 0)
    assert again.habits_unchanged == first.habits_created
    assert again.checkins_unchanged == first.checkins_added


def test_reimport_updates_changed_settings_and_days_but_keeps_name_and_other_days(session):
    uid = make_user(session)
    _import(session, uid, make_zip(LOOP_CURRENT))
    floss = _habits(session, uid)["Floss"]
    habit_service.update_habit(session, user_id=uid, habit_id=floss.id, name="Floss teeth")
    session.commit()
    changed = {
        "Habits.csv": LOOP_CURRENT["Habits.csv"].replace("#D32F2F", "#000000"),
        "001 Floss/Checkmarks.csv": "Date,Value,Notes\n2024-01-06,YES_MANUAL,\n2024-01-03,YES_MANUAL,\n",
    }
    summary = _import(session, uid, make_zip({**LOOP_CURRENT, **changed}))
    assert (summary.habits_created, summary.habits_updated, summary.habits_unchanged) == (0, 1, 2)
    assert (summary.checkins_added, summary.checkins_changed) == (1, 1)
    stored = _habits(session, uid)
    assert stored["Floss teeth"].color == "#000000"
    assert len(_days(session, stored["Floss teeth"].id)) == 5  # days absent from the file are kept


def test_a_habit_of_the_same_name_is_merged_with_and_the_summary_says_so(session):
    uid = make_user(session)
    mine = habit_service.create_habit(session, user_id=uid, name="floss").habit
    session.commit()
    summary = _import(session, uid, make_zip(LOOP_CURRENT))
    assert list(_habits(session, uid)) == ["floss", "Coffee", "Читать книгу"]
    assert (summary.habits_created, summary.habits_updated, summary.merged, summary.renamed) == (2, 1, ("floss",), ())
    floss = _habits(session, uid)["floss"]
    assert floss.id == mine.id and floss.color == "#d32f2f"  # the file's settings, the user's name
    assert len(_days(session, floss.id)) == 4
    again = _import(session, uid, make_zip(LOOP_CURRENT))  # now known by its Loop key: nothing to do
    assert (again.habits_updated, again.habits_unchanged, again.merged, again.checkins_added) == (0, 3, (), 0)


def test_with_merging_off_a_taken_name_gets_a_suffix_and_the_summary_says_so(session):
    uid = make_user(session)
    habit_service.create_habit(session, user_id=uid, name="floss")
    session.commit()
    summary = _import(session, uid, make_zip(LOOP_CURRENT), merge_names=False)
    assert list(_habits(session, uid)) == ["floss", "Floss (2)", "Coffee", "Читать книгу"]
    assert (summary.merged, summary.renamed) == ((), ("Floss → Floss (2)",))
    assert summary.habits[0].reason == "you already have a habit of this name"


def test_a_habit_of_the_other_type_is_renamed_not_merged(session):
    uid = make_user(session)
    habit_service.create_habit(session, user_id=uid, name="Coffee")  # yes/no; the file's Coffee counts cups
    session.commit()
    summary = _import(session, uid, make_zip(LOOP_CURRENT))
    assert summary.renamed == ("Coffee → Coffee (2)",)
    assert "other type" in next(h.reason for h in summary.habits if h.name == "Coffee")
    assert _days(session, _habits(session, uid)["Coffee"].id) == {}


def test_same_name_twice_in_one_file_gets_a_suffix(session):
    uid = make_user(session)
    doc = {"user_email": "x", "habits": [{"id": "1", "name": "Gym"}, {"id": "2", "name": "GYM"}]}
    _import(session, uid, json.dumps(doc).encode())
    assert list(_habits(session, uid)) == ["Gym", "GYM (2)"]


def test_existing_group_is_reused_case_insensitively(session):
    uid = make_user(session)
    group_service.create_group(session, user_id=uid, name="health")
    session.commit()
    summary = _import(session, uid, BEAVER.read_bytes())
    assert summary.groups_created == 1  # only "Family"
    groups = {g.id: g.name for g in session.exec(_fresh(select(HabitGroup))).scalars()}
    assert groups[_habits(session, uid)["Stretch"].group_id] == "health"


def test_reimport_does_not_bring_back_a_deleted_group(session):
    uid = make_user(session)
    _import(session, uid, BEAVER.read_bytes())
    family = next(g for g in session.exec(_fresh(select(HabitGroup))).scalars() if g.name == "Family")
    group_service.delete_group(session, user_id=uid, group_id=family.id)
    session.commit()
    summary = _import(session, uid, BEAVER.read_bytes())
    assert summary.groups_created == 0
    assert _habits(session, uid)["Call mum"].group_id is None


def test_import_bumps_the_revision_and_a_reimport_that_changes_nothing_does_not(session):
    uid = make_user(session)
    before = revisions.current(session, user_id=uid)
    _import(session, uid, BEAVER.read_bytes())
    after = revisions.current(session, user_id=uid)
    assert after > before
    _import(session, uid, BEAVER.read_bytes())
    assert revisions.current(session, user_id=uid) == after


def test_import_matches_only_the_users_own_habits(session):
    alice, bob = make_user(session, email="alice@example.org"), make_user(session, email="bob@example.org")
    _import(session, alice, make_zip(LOOP_CURRENT))
    summary = _import(session, bob, make_zip(LOOP_CURRENT))
    assert summary.habits_created == 3
    assert len(_habits(session, alice)) == len(_habits(session, bob)) == 3


# --- the same Loop data as a CSV export and as a backup: the same habits --------------------------

def _loop_pair(tmp, uuids: bool):
    return {"csv": make_zip(LOOP_CURRENT), "db": loop_db_of_current(tmp, uuids=uuids)}


@pytest.mark.parametrize("uuids", [True, False], ids=["backup with uuids", "old backup without"])
@pytest.mark.parametrize("order", [("csv", "db", "csv", "db"), ("db", "csv", "db", "csv")], ids=["csv first", "db first"])
def test_loop_csv_and_backup_of_the_same_data_make_the_same_habits(session, tmp_path, order, uuids):
    uid = make_user(session)
    files = _loop_pair(tmp_path, uuids)
    first = _import(session, uid, files[order[0]])
    assert first.habits_created == 3
    tables = _tables(session)
    for kind in order[1:]:
        again = _import(session, uid, files[kind])
        assert (again.habits_created, again.merged, again.renamed) == (0, (), ()), kind
        assert (again.checkins_added, again.checkins_changed) == (0, 0), kind
    assert list(_habits(session, uid)) == ["Floss", "Coffee", "Читать книгу"]
    habits, checkins = _tables(session)[1:]
    assert checkins == tables[2]
    assert len(habits) == 3


def test_backup_after_csv_finds_habits_the_user_renamed_and_moved(session, tmp_path):
    uid = make_user(session)
    files = _loop_pair(tmp_path, uuids=True)
    _import(session, uid, files["csv"])
    floss = _habits(session, uid)["Floss"]
    habit_service.update_habit(session, user_id=uid, habit_id=floss.id, name="Teeth")
    session.commit()
    summary = _import(session, uid, files["db"])  # matched by the CSV key, then remembers the uuid too
    assert (summary.habits_created, summary.merged) == (0, ())
    assert _habits(session, uid)["Teeth"].source_alt == "loop:f1"


@needs_samples
def test_loop_csv_sample_and_its_legacy_layout_make_the_same_habits(session):
    uid = make_user(session)
    _import(session, uid, (SHARED_SAMPLES / "loop-csv.zip").read_bytes())
    again = _import(session, uid, (SHARED_SAMPLES / "loop-csv-legacy.zip").read_bytes())
    assert (again.habits_created, again.merged, again.renamed) == (0, (), ())
    assert len(_habits(session, uid)) == 3


# --- bad files: a clear message and nothing stored ---------------------------------------------------

def _bad_files(tmp):
    bad_day = "Date,Value,Notes\n2024-02-30,YES_MANUAL,\n"
    bad_word = "Date,Value,Notes\n2024-01-05,MAYBE,\n"
    latin1 = "Date,Value,Notes\n2024-01-05,YES_MANUAL,Caf\xe9\n".encode("latin-1")
    twice = json.loads(NATIVE.read_text())
    twice["groups"].append({"name": "Brand new", "position": 5})
    twice["habits"].append(dict(twice["habits"][0]))  # fails while planning, after the revision bump
    return {
        "garbage": (b"\x89garbage\x00" * 100, "not recognised"),
        "zip bomb": (make_zip({**LOOP_CURRENT, "001 Floss/Scores.csv": b"0" * (30 << 20)}), "zip bomb"),
        "../evil": (make_zip({**LOOP_CURRENT, "../evil": "x"}), "unsafe name"),
        "non-UTF-8 csv": (make_zip({**LOOP_CURRENT, "001 Floss/Checkmarks.csv": latin1}), "not UTF-8"),
        "malformed date": (make_zip({**LOOP_CURRENT, "001 Floss/Checkmarks.csv": bad_day}), "line 2"),
        "unknown word": (make_zip({**LOOP_CURRENT, "001 Floss/Checkmarks.csv": bad_word}), "unknown value 'MAYBE'"),
        "random sqlite": (random_db(tmp), "not a Loop Habit Tracker backup"),
        "oversized": (b"{" + b" " * MAX_UPLOAD, "larger than 20 MB"),
        "duplicate habit": (json.dumps(twice).encode(), "twice"),
    }


@pytest.mark.parametrize("case", ["garbage", "zip bomb", "../evil", "non-UTF-8 csv", "malformed date",
                                  "unknown word", "random sqlite", "oversized", "duplicate habit"])
def test_bad_file_is_refused_and_nothing_is_stored(session, tmp_path, case):
    uid = make_user(session)
    _import(session, uid, BEAVER.read_bytes())
    before = _snapshot(session)
    data, message = _bad_files(tmp_path)[case]
    with pytest.raises(ValidationError) as info:
        import_file(session, user_id=uid, data=data)
    session.rollback()
    assert message in info.value.message
    assert _snapshot(session) == before


# --- progress and speed -------------------------------------------------------------------------------

def _big_loop_zip(habits: int = 10, days: int = 3 * 365) -> bytes:
    start = date(2021, 1, 1)
    files = {"Habits.csv": LOOP_HEADER + "\n" + "".join(
        f"{i:03d},Habit {i},YES_NO,,,1,1,#388E3C,,,,false\n" for i in range(1, habits + 1))}
    for i in range(1, habits + 1):
        lines = [f"{start + timedelta(days=d)},{'YES_MANUAL' if d % 3 else 'NO'},{'ok' if d % 7 == 0 else ''}"
                 for d in reversed(range(days))]
        files[f"{i:03d} Habit {i}/Checkmarks.csv"] = "Date,Value,Notes\n" + "\n".join(lines) + "\n"
    return make_zip(files)


def test_progress_is_reported_until_every_checkin_is_done(session):
    uid = make_user(session)
    calls = []
    _import(session, uid, _big_loop_zip(habits=2, days=400), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (800, 800)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) == -(-800 // CHUNK)  # one call per batch


def test_an_import_writes_in_short_batches_and_a_reimport_writes_nothing(session, engine):
    uid = make_user(session)
    data = _big_loop_zip()
    writes: list[int] = []  # check-in rows written per transaction
    rows = [0]

    def count_rows(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT INTO CHECKINS", "UPDATE CHECKINS")):
            rows[0] += len(params) if executemany else 1

    def close_transaction(conn):
        writes.append(rows[0])
        rows[0] = 0

    event.listen(engine, "before_cursor_execute", count_rows)
    event.listen(engine, "commit", close_transaction)
    try:
        summary = import_file(session, user_id=uid, data=data)
        session.commit()
        assert summary.checkins_added == 10 * 3 * 365
        assert max(writes) <= CHUNK and sum(writes) == 10 * 3 * 365
        assert sum(w > 0 for w in writes) >= 10 * 3 * 365 // CHUNK
        writes.clear()
        again = import_file(session, user_id=uid, data=data)
        assert again.checkins_unchanged == 10 * 3 * 365 and sum(writes) == 0
    finally:
        event.remove(engine, "before_cursor_execute", count_rows)
        event.remove(engine, "commit", close_transaction)
