"""Import parsers: format detection, each format read into the neutral model, and hostile input refused."""

from __future__ import annotations

import json
from datetime import date

import pytest

from easytrack.services.errors import ValidationError
from easytrack.services.transfer import beaver, detect_format, loop_csv, loop_db, native
from easytrack.services.transfer.detect import sniff
from easytrack.services.transfer.limits import MAX_UPLOAD
from easytrack.services.transfer.types import FileTooLarge, Format, ImportedCheckin
from tests.fixtures.transfer import (
    BEAVER,
    LOOP_CURRENT,
    LOOP_HEADER,
    LOOP_LEGACY,
    NATIVE,
    loop_db_v25,
    make_zip,
    random_db,
)


def _parse(data: bytes):
    fmt, payload = sniff(data)
    return {Format.LOOP_CSV: loop_csv.parse, Format.LOOP_CSV_LEGACY: loop_csv.parse, Format.LOOP_DB: loop_db.parse,
            Format.BEAVER: beaver.parse, Format.NATIVE: native.parse}[fmt](payload)


def _refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as info:
        _parse(data)
    return info.value.message


def _current(**changes: str) -> bytes:
    return make_zip({**LOOP_CURRENT, **changes})


def _days(habit) -> dict[date, tuple]:
    return {c.day: (c.state, c.amount, c.note) for c in habit.checkins}


# --- detection ---------------------------------------------------------------------------------

def test_detect_format_tells_every_format_from_the_bytes(tmp_path):
    assert detect_format(make_zip(LOOP_CURRENT)) is Format.LOOP_CSV
    assert detect_format(make_zip(LOOP_LEGACY)) is Format.LOOP_CSV_LEGACY
    assert detect_format(loop_db_v25(tmp_path)) is Format.LOOP_DB
    assert detect_format(BEAVER.read_bytes()) is Format.BEAVER
    assert detect_format(NATIVE.read_bytes()) is Format.NATIVE


def test_detect_format_accepts_a_utf8_bom_before_json():
    assert detect_format(b"\xef\xbb\xbf" + NATIVE.read_bytes()) is Format.NATIVE


@pytest.mark.parametrize("data", [b"\x00\x01garbage\xff" * 10, b"hello, world", b"[1, 2, 3]"])
def test_garbage_is_not_recognised(data):
    with pytest.raises(ValidationError, match="not recognised"):
        detect_format(data)


def test_json_of_another_app_is_refused():
    with pytest.raises(ValidationError, match="not a Beaver Habit Tracker or easytrack export"):
        detect_format(b'{"habits": []}')


def test_an_upload_over_20_mb_is_refused_before_anything_else():
    with pytest.raises(FileTooLarge) as info:
        detect_format(b"{" + b" " * MAX_UPLOAD)
    assert info.value.message == "The file is larger than 20 MB."


def test_an_empty_upload_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        detect_format(b"")


# --- Loop CSV, current layout ---------------------------------------------------------------

def test_loop_csv_habits_keep_their_settings():
    floss, coffee, book = _parse(make_zip(LOOP_CURRENT)).habits
    assert (floss.name, floss.question, floss.description) == ("Floss", "Did you floss?", "Evening, after brushing")
    assert (floss.schedule, floss.color, floss.archived, floss.measurable) == ("daily", "#d32f2f", False, False)
    assert floss.source_id == "loop:1:Floss"
    assert (coffee.measurable, coffee.unit, coffee.target_value) == (True, "cups", 2.0)
    assert (coffee.target_direction, coffee.target_period) == ("at_most", "day")
    assert (book.name, book.schedule, book.archived) == ("Читать книгу", "week:3", True)


def test_loop_csv_values_map_to_states_and_auto_days_are_not_stored():
    floss, coffee, book = _parse(make_zip(LOOP_CURRENT)).habits
    assert _days(floss) == {
        date(2024, 1, 1): ("done", None, ""),
        date(2024, 1, 3): ("no", None, ""),
        date(2024, 1, 4): ("skip", None, "Travel"),
        date(2024, 1, 5): ("done", None, "Mint, new"),
    }
    assert _days(coffee) == {
        date(2024, 1, 1): ("done", 1.0, ""),
        date(2024, 1, 2): ("done", 3.5, "Late night"),
        date(2024, 1, 3): ("no", 0.0, ""),  # NO on a measurable habit: state "no", amount 0
    }
    assert set(_days(book)) == {date(2024, 1, 1), date(2024, 1, 3)}  # matched to folder "003" by position


def test_loop_csv_inside_a_wrapping_folder_is_read():
    zipped = make_zip({f"Loop Habits CSV 2024-01-08/{k}": v for k, v in LOOP_CURRENT.items()})
    assert [h.name for h in _parse(zipped).habits] == ["Floss", "Coffee", "Читать книгу"]


def test_loop_csv_n_day_measurable_target_keeps_its_period():
    habits = LOOP_HEADER + "\n001,Walk,NUMERICAL,,,1,3,#000000,km,AT_LEAST,5.0,false\n"
    parsed = _parse(make_zip({"Habits.csv": habits, "001 Walk/Checkmarks.csv": "Date,Value,Notes\n"}))
    walk = parsed.habits[0]
    assert (walk.schedule, walk.target_value, walk.target_period) == ("every:3", 5.0, "days:3")
    assert parsed.warnings == ()


def test_loop_csv_measurable_numerator_other_than_one_is_dropped_with_a_warning():
    habits = LOOP_HEADER + "\n001,Walk,NUMERICAL,,,2,7,#000000,km,AT_LEAST,5.0,false\n"
    parsed = _parse(make_zip({"Habits.csv": habits, "001 Walk/Checkmarks.csv": "Date,Value,Notes\n"}))
    assert parsed.habits[0].target_period == "week"
    assert any("2 times per 7 days" in w for w in parsed.warnings)


def test_loop_csv_note_on_an_auto_day_is_dropped_with_a_warning():
    parsed = _parse(_current(**{"001 Floss/Checkmarks.csv": "Date,Value,Notes\n2024-01-02,YES_AUTO,Holiday\n"}))
    assert parsed.habits[0].checkins == ()
    assert any("note" in w for w in parsed.warnings)


def test_a_habit_without_folder_is_imported_without_history():
    files = {k: v for k, v in LOOP_CURRENT.items() if not k.startswith("003")}
    parsed = _parse(make_zip(files))
    assert parsed.habits[2].checkins == ()
    assert any("no folder" in w for w in parsed.warnings)


def test_a_name_over_100_characters_is_cut_with_a_warning():
    habits = LOOP_HEADER + "\n001," + "x" * 150 + ",YES_NO,,,1,1,#000000,,,,false\n"
    parsed = _parse(make_zip({"Habits.csv": habits}))
    assert parsed.habits[0].name == "x" * 100
    assert any("cut to 100" in w for w in parsed.warnings)


def test_an_empty_habit_name_is_an_error():
    habits = LOOP_HEADER + "\n001,  ,YES_NO,,,1,1,#000000,,,,false\n"
    assert "Habits.csv line 2" in _refused(make_zip({"Habits.csv": habits}))


# --- Loop CSV, legacy layout ----------------------------------------------------------------

def test_legacy_loop_csv_reads_integer_codes():
    floss, coffee, book = _parse(make_zip(LOOP_LEGACY)).habits
    assert {d: s for d, (s, _, _) in _days(floss).items()} == {
        date(2024, 1, 1): "done", date(2024, 1, 3): "no", date(2024, 1, 4): "skip", date(2024, 1, 5): "done"}
    assert (book.schedule, book.archived) == ("week:3", False)
    assert set(_days(book)) == {date(2024, 1, 1), date(2024, 1, 3)}


def test_legacy_loop_csv_habit_with_amounts_becomes_measurable_with_a_warning():
    parsed = _parse(make_zip(LOOP_LEGACY))
    coffee = parsed.habits[1]
    assert coffee.measurable
    assert _days(coffee)[date(2024, 1, 2)] == ("done", 3.5, "")
    assert any("no target" in w for w in parsed.warnings)


# --- Loop CSV, bad content ------------------------------------------------------------------

def test_unknown_value_word_names_file_and_line():
    bad = "Date,Value,Notes\n2024-01-05,YES_MANUAL,\n2024-01-04,MAYBE,\n"
    assert _refused(_current(**{"001 Floss/Checkmarks.csv": bad})) == (
        "001 Floss/Checkmarks.csv line 3: unknown value 'MAYBE'.")


def test_malformed_date_names_file_and_line():
    bad = "Date,Value,Notes\n2024-13-05,YES_MANUAL,\n"
    message = _refused(_current(**{"001 Floss/Checkmarks.csv": bad}))
    assert message.startswith("001 Floss/Checkmarks.csv line 2:")
    assert "not a real calendar day" in message


def test_day_outside_supported_years_is_refused():
    bad = "Date,Value,Notes\n1899-12-31,YES_MANUAL,\n"
    assert "year must be between 1900 and 9998" in _refused(_current(**{"001 Floss/Checkmarks.csv": bad}))


def test_wrong_column_count_is_refused():
    bad = "Date,Value,Notes\n2024-01-05,YES_MANUAL\n"
    assert "line 2: expected 3 columns, found 2" in _refused(_current(**{"001 Floss/Checkmarks.csv": bad}))


def test_non_numeric_frequency_is_refused():
    habits = LOOP_HEADER + "\n001,Floss,YES_NO,,,one,1,#000000,,,,false\n"
    assert "Habits.csv line 2" in _refused(make_zip({"Habits.csv": habits}))


def test_yes_no_habit_with_an_amount_is_refused():
    bad = "Date,Value,Notes\n2024-01-05,5000,\n"
    assert "unknown value '5000'" in _refused(_current(**{"001 Floss/Checkmarks.csv": bad}))


def test_negative_amount_is_refused():
    bad = "Date,Value,Notes\n2024-01-05,-5000,\n"
    assert "out of range" in _refused(_current(**{"002 Coffee/Checkmarks.csv": bad}))


def test_non_utf8_csv_is_refused():
    bad = "Date,Value,Notes\n2024-01-05,YES_MANUAL,Caf\xe9\n".encode("latin-1")
    assert _refused(_current(**{"001 Floss/Checkmarks.csv": bad})) == (
        "001 Floss/Checkmarks.csv: the file is not UTF-8 text.")


def test_same_day_twice_is_refused():
    bad = "Date,Value,Notes\n2024-01-05,YES_MANUAL,\n2024-01-05,NO,\n"
    assert "appears twice" in _refused(_current(**{"001 Floss/Checkmarks.csv": bad}))


def test_unknown_habits_header_is_refused():
    assert "not a header" in _refused(make_zip({"Habits.csv": "Name,Stuff\nx,y\n"}))


# --- hostile zips ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "001 Floss\\Checkmarks.csv", "a/../../evil.csv",
                                  "C:/evil.csv"])
def test_zip_member_with_an_unsafe_name_is_refused(name):
    assert "unsafe name" in _refused(make_zip({**LOOP_CURRENT, name: "x"}))


def test_zip_with_unexpected_nested_folders_is_refused():
    assert "does not have" in _refused(make_zip({**LOOP_CURRENT, "001 Floss/deep/Checkmarks.csv": "x"}))


def test_zip_bomb_is_refused():
    bomb = make_zip({**LOOP_CURRENT, "001 Floss/Scores.csv": b"0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert "zip bomb" in _refused(bomb)


def test_zip_unpacking_to_over_100_mb_is_refused():
    files = {f"{i:03d}/Scores.csv": b"\x00" * (800 * 1024) for i in range(1, 130)}
    assert "more than 100 MB" in _refused(make_zip({**LOOP_CURRENT, **files}))


def test_zip_with_too_many_members_is_refused():
    files = {f"{i:03d}/": "" for i in range(1, 2002)}
    assert "more than 2,000 files" in _refused(make_zip({**LOOP_CURRENT, **files}))


def test_damaged_zip_is_refused():
    data = make_zip(LOOP_CURRENT)
    assert "damaged" in _refused(data[:40] + b"\x00" * 50)


def test_zip_without_habits_csv_is_refused():
    assert "not a Loop Habit Tracker CSV export" in _refused(make_zip({"notes.txt": "hi"}))


# --- Loop SQLite ------------------------------------------------------------------------------

def test_loop_db_reads_uuids_values_notes_and_targets(tmp_path):
    read, swim = _parse(loop_db_v25(tmp_path)).habits
    assert (read.source_id, read.question, read.color, read.schedule) == ("loop:a1b2c3", "Did you read?", "#388e3c",
                                                                           "daily")
    assert _days(read) == {
        date(2024, 1, 1): ("done", None, "first"),
        date(2024, 1, 2): ("skip", None, ""),
        date(2024, 1, 3): ("no", None, "tired"),
    }
    assert (swim.measurable, swim.unit, swim.target_value, swim.target_period, swim.archived) == (
        True, "km", 1.5, "week", True)
    assert _days(swim) == {date(2024, 1, 1): ("done", 1.2, "pool"), date(2024, 1, 8): ("no", 0.0, ""),
                           date(2024, 1, 9): ("skip", None, "")}


def test_a_database_that_is_not_loops_is_refused(tmp_path):
    assert _refused(random_db(tmp_path)) == "This database is not a Loop Habit Tracker backup."


def test_a_truncated_database_is_refused(tmp_path):
    data = loop_db_v25(tmp_path)
    assert "damaged" in _refused(data[:200])


# --- Beaver ---------------------------------------------------------------------------------

def test_beaver_habits_map_tags_periods_and_records():
    parsed = _parse(BEAVER.read_bytes())
    stretch, call, plants, journal = parsed.habits
    assert [g.name for g in parsed.groups] == ["Health", "Family"]
    assert (stretch.source_id, stretch.group, stretch.schedule) == ("beaver:aa11", "Health", "week:3")
    assert _days(stretch) == {
        date(2024, 1, 1): ("done", None, "Hamstrings #green"),
        date(2024, 1, 2): ("no", None, ""),
        date(2024, 1, 3): ("skip", None, "Sore back"),  # #skip wins over done: true, and is no note
        date(2024, 1, 4): ("done", None, ""),
    }
    assert (call.schedule, call.group) == ("month:2", "Family")
    assert (plants.schedule, plants.archived, plants.group) == ("every:3", True, None)
    assert (journal.schedule, journal.checkins) == ("daily", ())
    assert any("first tag" in w for w in parsed.warnings)
    assert any("closest schedule" in w for w in parsed.warnings)


@pytest.mark.parametrize(("period", "schedule"), [
    ({"period_type": "D", "period_count": 1, "target_count": 1}, "daily"),
    ({"period_type": "W", "period_count": 2, "target_count": 3}, "ratio:3/14"),
    ({"period_type": "Y", "period_count": 1, "target_count": 12}, "ratio:12/365"),
    ({"period_type": "D", "period_count": 1, "target_count": 3}, "daily"),
    ({"period_type": "W", "period_count": 1, "target_count": 9}, "daily"),
])
def test_beaver_periods_map_to_the_closest_schedule(period, schedule):
    doc = {"exported_at": "x", "habits": [{"id": 1, "name": "H", "period": period, "records": []}]}
    assert _parse(json.dumps(doc).encode()).habits[0].schedule == schedule


def test_beaver_record_with_a_bad_day_is_refused():
    doc = {"user_email": "x", "habits": [{"id": 1, "name": "H", "records": [{"day": "03/01/2024", "done": True}]}]}
    assert "habits[0].records[0]" in _refused(json.dumps(doc).encode())


# --- native ---------------------------------------------------------------------------------

def test_native_export_is_read_with_every_setting():
    parsed = _parse(NATIVE.read_bytes())
    run, meditate, old = parsed.habits
    assert [g.name for g in parsed.groups] == ["Body", "Mind"]
    assert (run.source_id, run.group, run.schedule, run.target_period, run.color) == (
        "loop:f00d", "Body", "week:3", "week", "#1c7ed6")
    assert run.checkins[0] == ImportedCheckin(date(2024, 1, 1), "done", 5.5, "Windy")
    assert (meditate.source_id, meditate.schedule) == ("", "days:0,2,4")
    assert (old.archived, old.schedule, old.group) == (True, "ratio:2/3", None)


def test_native_export_from_a_newer_version_is_refused():
    doc = json.loads(NATIVE.read_text())
    doc["version"] = 2
    assert "newer easytrack" in _refused(json.dumps(doc).encode())


@pytest.mark.parametrize(("field", "value", "where"), [
    ("amount", 1e7, "between 0 and 1,000,000"),
    ("amount", "5", "not a number"),
    ("state", "maybe", "expected one of done, skip, no"),
    ("day", "2024-02-30", "not a real calendar day"),
])
def test_native_checkin_with_a_bad_value_is_refused(field, value, where):
    doc = json.loads(NATIVE.read_text())
    doc["habits"][0]["checkins"][0][field] = value
    message = _refused(json.dumps(doc).encode())
    assert message.startswith("habits[0].checkins[0]")
    assert where in message


def test_json_with_nan_is_refused():
    text = NATIVE.read_text().replace('"amount": 5.5', '"amount": NaN')
    assert "not valid JSON" in _refused(text.encode())


def test_deeply_nested_json_is_refused():
    data = b'{"format": "easytrack", "version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert "nested too deeply" in _refused(data)


def test_non_utf8_json_is_refused():
    assert _refused('{"user_email": "caf\xe9", "habits": []}'.encode("latin-1")) == "The file is not UTF-8 text."


def test_loop_db_measurable_target_per_n_days_keeps_its_period(tmp_path):
    import sqlite3

    path = tmp_path / "every-2-days.db"
    path.write_bytes(loop_db_v25(tmp_path))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE Habits SET freq_den = 2 WHERE id = 2")  # Swim: 1.5 km per 2 days
    conn.close()
    parsed = _parse(path.read_bytes())
    swim = parsed.habits[1]
    assert (swim.schedule, swim.target_value, swim.target_period) == ("every:2", 1.5, "days:2")
    assert not any("Swim" in w or "Habit 2" in w for w in parsed.warnings)


@pytest.mark.parametrize(("period", "stored"), [("days:2", "days:2"), ("days:1", "day"), ("month", "month")])
def test_native_export_keeps_a_target_per_n_days(period, stored):
    doc = json.loads(NATIVE.read_text())
    doc["habits"][0]["target_period"] = period
    assert _parse(json.dumps(doc).encode()).habits[0].target_period == stored


def test_native_export_with_a_bad_target_period_is_refused():
    doc = json.loads(NATIVE.read_text())
    doc["habits"][0]["target_period"] = "days:400"
    assert "habits[0].target_period" in _refused(json.dumps(doc).encode())
