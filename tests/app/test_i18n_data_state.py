"""The data page and the offline outbox in Russian: a real sample's preview and summary, an import error,
the progress line, and what the replayed outbox says, in the tab's language (English stays as it was)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

from easytrack.pages.data import DataState
from easytrack.services import habits
from easytrack.state.outbox import OutboxState
from tests.app.conftest import call, logged_in_tab, substate
from tests.fixtures.transfer import SHARED_SAMPLES
from tests.isolation.arguments import upload

needs_samples = pytest.mark.skipif(
    not SHARED_SAMPLES.is_dir(), reason=f"shared samples not found at {SHARED_SAMPLES} (fresh clone)")


def _russian_tab(engine, email: str, *names: str):
    root, user_id = logged_in_tab(engine, email)
    ids = []
    with Session(engine) as session:
        for name in names:
            ids.append(habits.create_habit(session, user_id=user_id, name=name)[1].id)
        session.commit()
    data = substate(root, DataState)
    data.lang = "ru"
    return root, data, user_id, ids


@needs_samples
async def test_a_real_beaver_export_is_previewed_and_summed_up_in_russian(app_db):
    _, data, _, _ = _russian_tab(app_db, "ru-data@example.org", "Gym")
    sample = (SHARED_SAMPLES / "beaver-habits.json").read_bytes()
    await call(data, "handle_upload", [upload("beaver-habits.json", sample)])
    assert data.error == ""
    assert data.preview[0] == "Формат: Beaver Habit Tracker"
    assert "Новые: «Meditate»" in data.preview
    assert any(line.startswith("Будут объединены с вашими привычками с тем же названием: «Gym»") for line in data.preview)
    assert any(line.startswith("Дни: новых — ") for line in data.preview)
    await call(data, "apply_import")
    assert data.error == "" and data.summary[0] == "Формат: Beaver Habit Tracker"
    assert data.summary[1] == "Привычки: новых — 1, обновлено — 1, без изменений — 0"
    assert any(line.startswith("Отметки: новых — ") for line in data.summary)


async def test_an_unreadable_file_is_refused_in_russian(app_db):
    _, data, _, _ = _russian_tab(app_db, "ru-bad@example.org")
    await call(data, "handle_upload", [upload("notes.txt", b"just some notes")])
    assert data.error.startswith("Формат этого файла не распознан. easytrack импортирует экспорт Loop Habit Tracker")
    await call(data, "handle_upload", [])
    assert data.error == "Выберите один файл для импорта."
    broken = json.dumps({"user_email": "x", "habits": [{"id": "1", "name": "Read", "records": [{"day": "tomorrow"}]}]})
    await call(data, "handle_upload", [upload("beaver.json", broken.encode())])
    assert data.error == "habits[0].records[0]: ожидался день в виде ГГГГ-ММ-ДД, а получено 'tomorrow'."


async def test_the_progress_line_uses_russian_numbers_and_plurals(app_db):
    _, data, _, _ = _russian_tab(app_db, "ru-progress@example.org")
    data._show_progress(1250, 60000)
    assert data.status == "Импорт… 1\xa0250 из 60\xa0000 дней" and data.progress == 2
    data._show_progress(0, 1)
    assert data.status == "Импорт… 0 из 1 дня"
    data.lang = "en"
    data._show_progress(1250, 60000)
    assert data.status == "Importing… 1,250 of 60,000 days"


async def test_the_replayed_outbox_says_what_happened_in_russian(app_db):
    root, _, user_id, (read, gone) = _russian_tab(app_db, "ru-outbox@example.org", "Read", "Gone")
    with Session(app_db) as session:
        habits.delete_habit(session, user_id=user_id, habit_id=gone)
        session.commit()
    box = substate(root, OutboxState)
    box.lang = "ru"
    from datetime import date

    today = date.today().isoformat()
    await call(box, "replay", [{"ref": "1", "habit_id": read, "day": today, "state": "done"},
                               {"ref": "2", "habit_id": gone, "day": today, "state": "done"}])
    assert box.replayed["refs"] == ["1", "2"]
    assert box.replayed["message"] == ("1 отметка, сделанная без сети, сохранена. 1 отметку, сделанную без сети, "
                                       "не удалось сохранить: Этой привычки больше нет.")
    await call(box, "replay", "not a list")
    assert box.replayed["message"] == "Изменения должны быть списком."
