"""The reminders page in Russian: what a refused reminder says (a bad time, no weekday, a time taken, more than
the cap), the weekday and channel names, the devices and the channel test, in the tab's language; with no
language chosen every text stays the English it was."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import Session

from easytrack.pages import reminders_channels
from easytrack.pages.reminders import RemindersState
from easytrack.pages.reminders_channels import ChannelsState
from easytrack.pages.reminders_push import PushState
from easytrack.services import channels, habits, push
from easytrack.services.habit_reminders import MAX_PER_HABIT
from tests.app.conftest import call, logged_in_tab, substate


def _tab(engine, email: str, lang: str = "ru"):
    root, user_id = logged_in_tab(engine, email)
    with Session(engine) as session:
        habit_id = habits.create_habit(session, user_id=user_id, name="Зарядка")[1].id
        session.commit()
    page = substate(root, RemindersState)
    page.lang = lang
    return root, page, user_id, habit_id


def _form(habit_id: int, time: str = "07:00", days=(0, 2, 4)) -> dict:
    return {"habit_id": str(habit_id), "time": time, "via-email": "on", **{f"day-{d}": "on" for d in days}}


async def test_a_refused_reminder_says_why_in_russian(app_db):
    _, page, _, habit_id = _tab(app_db, "ru-remind@example.org")
    await call(page, "load")
    await call(page, "add_reminder", _form(habit_id, time="25:00"))
    assert page.row_error == "Введите время в виде 07:30." and page.row_at == f"new-{habit_id}"
    await call(page, "add_reminder", _form(habit_id, days=()))
    assert page.row_error == "Выберите хотя бы один день недели."
    await call(page, "add_reminder", _form(habit_id))
    assert page.row_error == "" and page.row_info == "Напоминание добавлено."
    assert page.habits[0]["reminders"][0]["days"] == [True, False, True, False, True, False, False]
    await call(page, "add_reminder", _form(habit_id))
    assert page.row_error == "У этой привычки уже есть напоминание на 07:00."
    for hour in range(8, 8 + MAX_PER_HABIT - 1):
        await call(page, "add_reminder", _form(habit_id, time=f"{hour:02d}:30"))
        assert page.row_error == ""
    await call(page, "add_reminder", _form(habit_id, time="21:45"))
    assert page.row_error == f"У привычки может быть не больше {MAX_PER_HABIT} напоминаний: сначала удалите одно из них."
    await call(page, "save", {"digest_enabled": "on", "digest_time": "7 утра"})
    assert page.error == "Введите время в виде 07:30."
    await call(page, "remove_reminder", page.habits[0]["reminders"][0]["id"])
    assert page.info == "Напоминание удалено."


async def test_the_same_refusals_stay_english_with_no_language_chosen(app_db):
    _, page, _, habit_id = _tab(app_db, "en-remind@example.org", lang="")
    await call(page, "load")
    await call(page, "add_reminder", _form(habit_id, days=()))
    assert page.row_error == "Choose at least one weekday."
    await call(page, "add_reminder", _form(habit_id))
    assert page.row_info == "Reminder added."
    await call(page, "add_reminder", _form(habit_id))
    assert page.row_error == "This habit already has a reminder at 07:00."
    for hour in range(8, 8 + MAX_PER_HABIT - 1):
        await call(page, "add_reminder", _form(habit_id, time=f"{hour:02d}:30"))
    await call(page, "add_reminder", _form(habit_id, time="21:45"))
    assert page.row_error == f"A habit can have at most {MAX_PER_HABIT} reminders: remove one first."
    assert page.day_names == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [c["label"] for c in page.choices] == ["E-mail", "Push"]


async def test_weekdays_and_channels_are_named_in_russian(app_db):
    _, page, user_id, _ = _tab(app_db, "ru-names@example.org")
    with Session(app_db) as session:
        channels.add_channel(session, user_id=user_id, name="Phone", url="json://127.0.0.1:9/hook",
                             now=datetime.now(timezone.utc))
        session.commit()
    await call(page, "load")
    assert page.day_names == ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    assert page.day_long_names[0] == "понедельник" and page.day_long_names[6] == "воскресенье"
    assert [c["label"] for c in page.choices] == ["Эл. почта", "Push", "Phone"]  # a channel keeps its owner's name


async def test_the_channel_test_is_sent_and_answered_in_russian(app_db, monkeypatch):
    root, _, user_id, _ = _tab(app_db, "ru-test@example.org")
    with Session(app_db) as session:
        channel_id = channels.add_channel(session, user_id=user_id, name="Phone", url="json://127.0.0.1:9/hook",
                                          now=datetime.now(timezone.utc)).id
        session.commit()
    sent = []
    monkeypatch.setattr(reminders_channels.apprise_send, "send_one",
                        lambda url, *, title, body: sent.append((title, body)) or len(sent) == 1)
    page = substate(root, ChannelsState)
    page.lang = "ru"
    await call(page, "send_test", channel_id)
    assert sent == [("Тест easytrack", "Напоминания будут приходить сюда вот так.")]
    assert page.channel_info == "Тест отправлен: проверьте, что он пришёл."
    await call(page, "send_test", channel_id)
    assert page.channel_error == "Не удалось отправить тест: проверьте адрес и доступность сервиса."
    await call(page, "send_test", channel_id + 1000)
    assert page.channel_error == "Этого канала уведомлений больше нет."
    page.lang = ""
    await call(page, "send_test", channel_id + 1000)
    assert page.channel_error == "That notification channel no longer exists."


async def test_devices_are_listed_in_russian(app_db, monkeypatch):
    root, _, _, _ = _tab(app_db, "ru-push@example.org")
    page = substate(root, PushState)
    page.lang = "ru"
    day = datetime(2026, 12, 3, 9, tzinfo=timezone.utc)
    monkeypatch.setattr(push, "list_devices", lambda session, *, user_id: [
        push.Device(id=1, label="", created_at=day, last_sent_at=None)])
    await call(page, "load")
    assert page.devices[0]["label"] == "Браузер" and page.devices[0]["since"] == "3 дек. 2026\u202fг."
    await call(page, "failed", None)
    assert page.push_error == "Что-то пошло не так."

