"""Import errors, warnings, previews and summaries in Russian (and the same English as before), on the
shared real samples made faulty where an error is wanted; the texts keep their msgid through pickling (they
travel from the import processes)."""

from __future__ import annotations

import io
import json
import pickle
import zipfile

import pytest

from easytrack.services.errors import ServiceError
from easytrack.services.texts import Count, Text
from easytrack.services.transfer import beaver, describe, loop_csv, loop_db
from easytrack.services.transfer.detect import sniff
from easytrack.services.transfer.limits import check_size
from easytrack.services.transfer.plan import OTHER_TYPE, TAKEN
from easytrack.services.transfer.types import Action, HabitPlan, ImportFailed, ImportPreview, ImportSummary
from tests.fixtures.transfer import SHARED_SAMPLES, zip_folder

needs_samples = pytest.mark.skipif(
    not SHARED_SAMPLES.is_dir(), reason=f"shared samples not found at {SHARED_SAMPLES} (fresh clone)")
NBSP = "\xa0"  # CLDR's Russian group separator


def _refusal(data: bytes) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        fmt, payload = sniff(check_size(data))
        parser = {"Beaver Habit Tracker": beaver.parse, "Loop Habit Tracker backup": loop_db.parse}.get(
            fmt.value, loop_csv.parse)
        parser(payload)
    return caught.value


def _with_member(zipped: bytes, name: str, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(zipped)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            dst.writestr(info.filename, edit(raw.decode()).encode() if info.filename == name else raw)
    return out.getvalue()


def test_a_text_is_its_english_and_translates_with_its_nested_place_and_counts():
    where = Text("{file} line {line}", file="Habits.csv", line=4)
    text = Text("{where}: cut to {n} characters.", where=where, n=Count(1000))
    assert text == "Habits.csv line 4: cut to 1,000 characters." and isinstance(text, str)
    assert text.localized("ru") == f"Habits.csv, строка 4: сокращено до 1{NBSP}000 символов."
    assert text.localized("en") == text
    back = pickle.loads(pickle.dumps(text))
    assert back == text and back.localized("ru") == text.localized("ru")
    assert json.dumps([text]) == json.dumps(["Habits.csv line 4: cut to 1,000 characters."])


def test_an_import_error_keeps_its_translation_through_pickling():
    error = ImportFailed("{where}: expected {n} columns, found {found}.",
                         where=Text("{file} line {line}", file="Habits.csv", line=2), n=12, found=3)
    back = pickle.loads(pickle.dumps(error))
    assert back.message == "Habits.csv line 2: expected 12 columns, found 3."
    assert back.localized("ru") == "Habits.csv, строка 2: ожидалось столбцов: 12, найдено: 3."


@needs_samples
def test_a_loop_csv_value_loop_never_writes_is_named_with_its_file_and_line_in_russian():
    data = _with_member((SHARED_SAMPLES / "loop-csv.zip").read_bytes(), "001 Meditate/Checkmarks.csv",
                        lambda text: text.replace("YES_MANUAL", "MAYBE", 1))
    error = _refusal(data)
    assert error.message.startswith("001 Meditate/Checkmarks.csv line ")
    assert error.message.endswith(": unknown value 'MAYBE'.")
    line = error.message.split(" line ")[1].split(":")[0]
    assert error.localized("ru") == f"001 Meditate/Checkmarks.csv, строка {line}: неизвестное значение 'MAYBE'."


@needs_samples
def test_a_broken_habits_csv_row_is_refused_in_russian():
    data = _with_member((SHARED_SAMPLES / "loop-csv.zip").read_bytes(), "Habits.csv",
                        lambda text: text + "4,Extra\n")
    error = _refusal(data)
    assert error.message == "Habits.csv line 5: expected 12 columns, found 2."
    assert error.localized("ru") == "Habits.csv, строка 5: ожидалось столбцов: 12, найдено: 2."


@needs_samples
def test_a_beaver_record_with_a_bad_day_is_refused_in_russian():
    doc = json.loads((SHARED_SAMPLES / "beaver-habits.json").read_text())
    doc["habits"][0]["records"][1]["day"] = "2025-02-30"
    error = _refusal(json.dumps(doc).encode())
    assert error.message == "habits[0].records[1]: '2025-02-30' is not a real calendar day."
    assert error.localized("ru") == "habits[0].records[1]: '2025-02-30' — несуществующий календарный день."
    doc["habits"][0]["records"][1]["day"] = "10.03.2025"
    error = _refusal(json.dumps(doc).encode())
    assert error.message == "habits[0].records[1]: expected a day as YYYY-MM-DD, got '10.03.2025'."
    assert error.localized("ru") == "habits[0].records[1]: ожидался день в виде ГГГГ-ММ-ДД, а получено '10.03.2025'."


@needs_samples
def test_a_loop_database_repetition_is_named_in_russian():
    import sqlite3
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "loop.db"
        path.write_bytes((SHARED_SAMPLES / "loop-real" / "loop-v12.db").read_bytes())
        with sqlite3.connect(path) as conn:
            rep = conn.execute("SELECT id FROM Repetitions ORDER BY id LIMIT 1").fetchone()[0]
            conn.execute("UPDATE Repetitions SET timestamp = 'soon' WHERE id = ?", (rep,))
        data = path.read_bytes()
    error = _refusal(data)
    assert error.message == f"Repetition {rep}: the timestamp is not a number."
    assert error.localized("ru") == f"Повторение {rep}: отметка времени не является числом."


def test_the_unknown_format_and_size_refusals_read_in_russian():
    error = _refusal(b"hello, this is not an export")
    assert error.localized("ru").startswith("Формат этого файла не распознан.")
    with pytest.raises(ServiceError) as caught:
        check_size(b"")
    assert caught.value.localized("ru") == "Файл пуст."


@needs_samples
def test_warnings_of_the_real_samples_read_in_russian_and_as_before_in_english():
    fmt, payload = sniff(zip_folder(SHARED_SAMPLES / "loop-real" / "csv_export"))
    [warning] = loop_csv.parse(payload).warnings
    assert warning == "Wake up early: 2 note(s) on days without a check-in were not imported."
    assert warning.localized("ru") == "Wake up early: не импортировано заметок на днях без отметки: 2."
    fmt, payload = sniff((SHARED_SAMPLES / "loop-csv-legacy.zip").read_bytes())
    [warning] = loop_csv.parse(payload).warnings
    assert warning.localized("ru") == ("Run: импортирована как количественная; в старых экспортах Loop нет цели — "
                                       "задайте её.")


def _plans() -> tuple[HabitPlan, ...]:
    return (HabitPlan("Read", Action.CREATE, "Read"),
            HabitPlan("Gym", Action.MERGE, "Gym", ("colour", "target")),
            HabitPlan("Coffee", Action.RENAME, "Coffee (2)", (), OTHER_TYPE),
            HabitPlan("Walk", Action.RENAME, "Walk (2)", (), TAKEN),
            *(HabitPlan(f"Old {i}", Action.UNCHANGED, f"Old {i}") for i in range(5)))


def test_the_preview_in_russian_names_every_habit_and_translates_reasons_and_settings():
    preview = ImportPreview("Loop Habit Tracker CSV", _plans(), 2, 1250, 3, 0,
                            (Text("{where}: cut to {n} characters.", where="habits[0]", n=Count(100)),))
    assert describe.preview_lines(preview, "ru") == [
        "Формат: Loop Habit Tracker, CSV",
        "Новые: «Read»",
        "Будут объединены с вашими привычками с тем же названием: «Gym» (берёт из файла: цвет, цель)",
        "Будут переименованы: «Coffee» → «Coffee (2)» (у вас уже есть привычка с этим названием, но другого типа "
        "(да/нет или количество)), «Walk» → «Walk (2)» (у вас уже есть привычка с этим названием)",
        "Импортированы раньше, без изменений: 5 привычек",
        f"Дни: новых — 1{NBSP}250, изменится — 3, уже есть — 0",
        "Группы: новых — 2",
        "Замечание: habits[0]: сокращено до 100 символов.",
    ]
    assert describe.preview_lines(preview)[2] == "Will be merged into your habit of the same name: “Gym” (takes the file's colour, target)"
    assert describe.preview_lines(preview)[5] == "Days: 1,250 new, 3 changed, 0 already there"


def test_the_summary_in_russian_with_russian_plurals():
    one = ImportSummary("Beaver Habit Tracker", habits_created=1, habits_unchanged=1, checkins_added=21,
                        habits=(HabitPlan("Gym", Action.MERGE, "Gym", ("unit",)),
                                HabitPlan("Yoga", Action.UNCHANGED, "Yoga")))
    assert describe.summary_lines(one, "ru") == [
        "Формат: Beaver Habit Tracker",
        "Привычки: новых — 1, обновлено — 0, без изменений — 1",
        "Объединены с вашими привычками с тем же названием: «Gym» (взяла из файла: единица измерения)",
        "Импортирована раньше, без изменений: 1 привычка",
        "Отметки: новых — 21, изменено — 0, без изменений — 0",
    ]
    many = ImportSummary("easytrack", habits=tuple(HabitPlan(f"H{i}", Action.CREATE, f"H{i}") for i in range(32)))
    assert describe.summary_lines(many, "ru")[2].endswith("«H29» и ещё 2")
    assert describe.summary_lines(many)[2].endswith("“H29” and 2 more")
