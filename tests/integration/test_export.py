"""Exports: lossless JSON that round-trips, a spreadsheet-safe CSV zip, only the user's own data."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import event

from easytrack.services.errors import NotFound, ValidationError
from easytrack.services.transfer import export_csv_zip, export_json, import_file
from easytrack.services.transfer.export import safe_cell
from tests.factories import make_user
from tests.fixtures.transfer import LOOP_CURRENT, NATIVE, make_zip


def _load(session, uid: int, data: bytes) -> None:
    import_file(session, user_id=uid, data=data)
    session.commit()


def _doc(session, uid: int, now) -> dict:
    doc = json.loads(export_json(session, user_id=uid, now=now).decode("utf-8"))
    assert doc.pop("exported_at") == now.isoformat()
    return doc


def _csv_files(data: bytes) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: list(csv.DictReader(io.StringIO(zf.read(n).decode("utf-8-sig")))) for n in zf.namelist()}


@pytest.mark.parametrize("source", ["native", "loop csv"])
def test_export_import_export_round_trip_is_lossless(session, now, source):
    data = NATIVE.read_bytes() if source == "native" else make_zip(LOOP_CURRENT)
    alice, bob = make_user(session, email="alice@example.org"), make_user(session, email="bob@example.org")
    _load(session, alice, data)
    first = _doc(session, alice, now)
    _load(session, bob, export_json(session, user_id=alice, now=now))
    assert _doc(session, bob, now) == first


def test_json_export_holds_every_setting_and_checkin(session, now):
    uid = make_user(session, timezone="Europe/Berlin")
    _load(session, uid, NATIVE.read_bytes())
    doc = _doc(session, uid, now)
    expected = json.loads(NATIVE.read_text())
    del expected["exported_at"]
    assert (doc["format"], doc["version"], doc["user"]) == ("easytrack", 1, {"timezone": "Europe/Berlin",
                                                                              "first_weekday": 0})
    assert doc == expected  # the fixture is itself an export: everything comes back as it was


def test_export_contains_only_the_users_own_data(session, now):
    alice, bob = make_user(session, email="alice@example.org"), make_user(session, email="bob@example.org")
    _load(session, alice, NATIVE.read_bytes())
    _load(session, bob, make_zip(LOOP_CURRENT))
    doc = _doc(session, bob, now)
    assert [h["name"] for h in doc["habits"]] == ["Floss", "Coffee", "Читать книгу"]
    assert doc["groups"] == []
    files = _csv_files(export_csv_zip(session, user_id=bob, now=now))
    assert {r["habit"] for r in files["checkins.csv"]} == {"Floss", "Coffee", "Читать книгу"}
    assert files["groups.csv"] == []


def test_csv_zip_lists_habits_checkins_and_groups(session, now):
    uid = make_user(session)
    _load(session, uid, NATIVE.read_bytes())
    files = _csv_files(export_csv_zip(session, user_id=uid, now=now))
    assert set(files) == {"habits.csv", "checkins.csv", "groups.csv"}
    run = files["habits.csv"][0]
    assert (run["name"], run["group"], run["schedule"], run["schedule_description"], run["target_value"]) == (
        "Run", "Body", "week:3", "3 times a week", "15.0")
    assert files["checkins.csv"][0] == {"habit": "Run", "day": "2024-01-01", "state": "done", "amount": "5.5",
                                        "note": "Windy"}
    assert [g["name"] for g in files["groups.csv"]] == ["Body", "Mind"]


def test_csv_injection_is_neutralised(session, now):
    doc = json.loads(NATIVE.read_text())
    doc["habits"][0]["name"] = "=HYPERLINK(\"http://evil\")"
    doc["habits"][1]["name"] = "+1 push-up"
    doc["habits"][2]["name"] = "@home"
    doc["groups"][0]["name"] = "-minus"
    doc["habits"][0]["group"] = "-minus"
    uid = make_user(session)
    _load(session, uid, json.dumps(doc).encode())
    files = _csv_files(export_csv_zip(session, user_id=uid, now=now))
    assert [h["name"] for h in files["habits.csv"]] == ["'=HYPERLINK(\"http://evil\")", "'+1 push-up", "'@home"]
    assert files["groups.csv"][0]["name"] == "'-minus"
    notes = {r["note"] for r in files["checkins.csv"]}
    assert "'=SUM(A1:A2)" in notes and "=SUM(A1:A2)" not in notes


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), ("a=b", "a=b"), (True, "true"), (None, ""), (2.5, "2.5"),
])
def test_safe_cell_prefixes_formula_starts_with_a_quote(cell, safe):
    assert safe_cell(cell) == safe


def test_our_csv_export_is_refused_on_import_with_a_pointer_to_json(session, now):
    uid = make_user(session)
    _load(session, uid, NATIVE.read_bytes())
    with pytest.raises(ValidationError, match="import the JSON export"):
        import_file(session, user_id=uid, data=export_csv_zip(session, user_id=uid, now=now))


def _queries(engine, fn) -> int:
    count = [0]

    def before(*_args):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return count[0]


def test_exports_use_a_constant_number_of_queries(session, engine, now):
    small, big = make_user(session, email="s@example.org"), make_user(session, email="b@example.org")
    doc = json.loads(NATIVE.read_text())
    doc["habits"] = doc["habits"][2:]
    _load(session, small, json.dumps(doc).encode())
    _load(session, big, NATIVE.read_bytes())
    _load(session, big, make_zip(LOOP_CURRENT))
    for export in (export_json, export_csv_zip):
        counts = {uid: _queries(engine, lambda uid=uid: export(session, user_id=uid, now=now)) for uid in (small, big)}
        assert counts[small] == counts[big] <= 5  # user, groups, habits, reminders, check-ins


def test_export_of_an_unknown_user_is_not_found(session, now):
    with pytest.raises(NotFound):
        export_json(session, user_id=999_999, now=now)
