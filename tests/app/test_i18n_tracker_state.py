"""The tracker pages in Russian: grid titles and weekdays, plural streaks, schedules, progress and errors."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.pages.grid import GridState
from easytrack.pages.habits import HabitsState
from easytrack.pages.home import HomeState
from easytrack.services import checkins, habits
from easytrack.state.auth import AuthState, utcnow
from easytrack.state.entry import EntryState
from tests.app.conftest import call, logged_in_tab, substate
from tests.app.test_habit_detail_state import make_habit, open_page

RU_WEEKDAYS = {"пн", "вт", "ср", "чт", "пт", "сб", "вс"}
RU_MONTHS_NOMINATIVE = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
                        "Октябрь", "Ноябрь", "Декабрь")


def _russian(root) -> None:
    substate(root, AuthState).lang = "ru"


async def test_the_grid_month_heading_is_nominative_and_the_range_genitive_in_russian(app_db):
    root, user_id = logged_in_tab(app_db, "ru-grid@example.org")
    _russian(root)
    make_habit(app_db, user_id, name="Бег")
    grid = substate(root, GridState)
    await call(grid, "load")
    assert all(d["dow"] in RU_WEEKDAYS for d in grid.days)
    # "20 нояб. – 3 дек. 2026 г." or "1–14 декабря 2026 г."
    assert grid.title.endswith("\u202fг.") and "–" in grid.title
    await call(grid, "set_view", "month")
    today = today_in_zone(utcnow(), "UTC")
    assert grid.title == f"{RU_MONTHS_NOMINATIVE[today.month - 1]} {today.year}"
    await call(grid, "set_view", "week")
    assert grid.title.endswith("\u202fг.") and not any(m in grid.title for m in RU_MONTHS_NOMINATIVE)


async def test_the_grid_stays_english_without_a_language(app_db):
    root, user_id = logged_in_tab(app_db, "en-grid@example.org")
    make_habit(app_db, user_id, name="Run")
    grid = substate(root, GridState)
    await call(grid, "load")
    await call(grid, "set_view", "month")
    assert grid.title == today_in_zone(utcnow(), "UTC").strftime("%B %Y")
    assert {d["dow"] for d in grid.days} <= {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}


async def test_the_habit_page_counts_days_with_russian_plurals(app_db):
    root, user_id = logged_in_tab(app_db, "ru-detail@example.org")
    _russian(root)
    habit_id = make_habit(app_db, user_id, done=(0, 1, 2, 5, 6, 7, 8, 9), notes={1: "хорошо"})
    page = await open_page(root, str(habit_id))
    cards = {c["label"]: c["value"] for c in page.cards}
    assert cards["Текущая серия"] == "3 дня" and cards["Лучшая серия"] == "5 дней" and cards["Всего"] == "8 дней"
    assert [s["length"] for s in page.streaks] == ["5 дней", "3 дня"]
    assert page.schedule == "Каждый день"
    assert set(filter(None, page.weekdays)) <= RU_WEEKDAYS and len(page.weekdays) == 7
    assert all(m["name"].islower() for m in page.months)  # "янв.", "февр." …
    assert page.bar_name == "Выполнено дней"


async def test_a_one_day_streak_is_singular_in_russian(app_db):
    root, user_id = logged_in_tab(app_db, "ru-one@example.org")
    _russian(root)
    page = await open_page(root, str(make_habit(app_db, user_id, done=(0,))))
    assert {c["label"]: c["value"] for c in page.cards}["Текущая серия"] == "1 день"


async def test_schedules_and_quota_progress_read_in_russian(app_db):
    root, user_id = logged_in_tab(app_db, "ru-sched@example.org")
    _russian(root)
    today = today_in_zone(utcnow(), "UTC")
    with Session(app_db, expire_on_commit=False) as session:
        _, gym = habits.create_habit(session, user_id=user_id, name="Зал", schedule="week:3")
        habits.create_habit(session, user_id=user_id, name="Пробежка", schedule="days:0,2,4")
        habits.create_habit(session, user_id=user_id, name="Полив", schedule="every:5")
        checkins.set_checkin(session, user_id=user_id, habit_id=gym.id, day=today, state="done", today=today)
        session.commit()
    page = substate(root, HabitsState)
    await call(page, "load")
    assert [h["schedule_text"] for h in page.habits] == ["3 раза в неделю", "пн, ср, пт", "Каждые 5 дней"]
    assert page.weekday_names == ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    home = substate(root, HomeState)
    await call(home, "load")
    assert {h["name"]: h["g"] for h in home.habits}["Зал"] == "1/3 на этой неделе"


async def test_service_errors_and_refused_ticks_are_in_russian(app_db):
    root, user_id = logged_in_tab(app_db, "ru-errors@example.org")
    _russian(root)
    page = substate(root, HabitsState)
    await call(page, "load")
    await call(page, "save_habit", {"name": "Чтение", "schedule_kind": "daily"})
    await call(page, "save_habit", {"name": "чтение", "schedule_kind": "daily"})
    assert page.error == "У вас уже есть привычка «чтение»."
    await call(page, "save_habit", {"name": "Часто", "schedule_kind": "week", "schedule_n": "8"})
    assert page.error == "Число раз в неделю должно быть от 1 до 7"
    home = substate(root, HomeState)
    await call(home, "load")
    habit_id = home.habits[0]["id"]
    tomorrow = (today_in_zone(utcnow(), "UTC") + timedelta(days=1)).isoformat()
    await call(home, "set_cell", habit_id, tomorrow, "1", "abc")
    assert home.patches[-1]["e"] == "Нельзя заполнить день в будущем."
    await call(home, "set_cell", 0, tomorrow, "1", "abd")
    assert home.patches[-1]["e"] == "Этой привычки больше нет."


async def test_errors_keep_their_english_text_without_a_language(app_db):
    root, _ = logged_in_tab(app_db, "en-errors@example.org")
    page = substate(root, HabitsState)
    await call(page, "load")
    await call(page, "save_habit", {"name": "Often", "schedule_kind": "week", "schedule_n": "8"})
    assert page.error == "Times per week must be between 1 and 7"
    await call(page, "save_habit", {"name": "Gym", "schedule_kind": "days"})
    assert page.error == "Choose at least one weekday."


async def test_the_day_dialog_names_the_day_in_russian(app_db):
    root, user_id = logged_in_tab(app_db, "ru-entry@example.org")
    _russian(root)
    habit_id = make_habit(app_db, user_id, done=())
    today = today_in_zone(utcnow(), "UTC")
    entry = substate(root, EntryState)
    await call(entry, "open_entry", habit_id, today.isoformat())
    assert entry.entry_open and entry.entry["day"].endswith(f"{today.year}\u202fг.")
    await call(entry, "save_entry", {"state": "bogus"})
    assert entry.entry_error == "Проверьте введённые данные."


async def test_a_suggestion_becomes_a_habit_named_in_russian(app_db):
    root, _ = logged_in_tab(app_db, "ru-suggest@example.org")
    _russian(root)
    home = substate(root, HomeState)
    await call(home, "load")
    await call(home, "add_suggestion", "Read 10 pages")
    assert [h["name"] for h in home.habits] == ["Прочитать 10 страниц"]
