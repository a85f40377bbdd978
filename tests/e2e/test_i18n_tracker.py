"""The tracker in Russian, in a real browser set to ru-RU: home buttons, the grid, a habit's page, the habits
page — and no English text of the catalogue anywhere on them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from easytrack import i18n
from easytrack.models import Habit, User
from easytrack.services import checkins
from tests.e2e.russian import assert_russian, log_in_russian

RU_WEEKDAYS = {"пн", "вт", "ср", "чт", "пт", "сб", "вс"}


@pytest.fixture
def ru_page(ru_context):
    return ru_context.new_page()


def _habit_id(app_engine, email: str, name: str) -> int:
    with Session(app_engine) as session:
        stmt = select(Habit.id).join(User, User.id == Habit.user_id).where(User.email == email, Habit.name == name)
        return session.exec(stmt).one()


def _mark_done(app_engine, email: str, habit_id: int, days: list[date], today: date) -> None:
    with Session(app_engine) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        for d in days:
            checkins.set_checkin(session, user_id=user_id, habit_id=habit_id, day=d, state="done", today=today)
        session.commit()


def test_a_russian_reader_ticks_views_the_grid_and_the_habit_page_and_edits_habits(ru_page, app, make_account,
                                                                                    app_engine):
    page, email = ru_page, make_account("ru-tracker")
    log_in_russian(page, app, email)

    # Home, first use: the welcome and the suggestions in Russian.
    expect(page.get_by_text("Создайте кнопку для каждой привычки")).to_be_visible()
    expect(page.get_by_role("button", name="Прочитать 10 страниц")).to_be_visible()
    assert_russian(page)

    # A habit added by name; one press marks it done, with a Russian summary and plural streak.
    page.get_by_label("Название").fill("Медитация")
    page.get_by_role("button", name="Добавить привычку").click()
    button = page.get_by_role("button", name=re.compile("^Медитация, не выполнено сегодня"))
    expect(button).to_have_attribute("aria-label", re.compile(r"серия 0 дней$"))
    button.click()
    done = page.get_by_role("button", name=re.compile("^Медитация, выполнено сегодня"))
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(done).to_have_attribute("aria-label", re.compile(r"серия 1 день$"))
    expect(page.locator(".tk-summary")).to_have_text("1 из 1 выполнено сегодня — всё готово!")
    expect(done.locator(".tk-btn-streak")).to_have_text("1 день")
    assert_russian(page)

    # The grid: a month sheet titled in the nominative, weekday names in Russian.
    today = date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    page.goto(f"{app.base_url}/grid")
    expect(page.get_by_role("heading", name="Сетка", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name="Последние дни")).to_be_checked()
    expect(page.get_by_role("heading", level=2)).to_contain_text("\u202fг.")  # "1–14 декабря 2026 г."
    page.get_by_role("radio", name="Месяц").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(i18n.month_year(today, "ru"))
    weekdays = set(page.locator(".tk-dow").all_inner_texts())
    assert weekdays and weekdays <= RU_WEEKDAYS
    expect(page.get_by_role("button", name=f"Медитация {today.isoformat()}", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    expect(page.locator(".tk-legend")).to_contain_text("Есть заметка")
    assert_russian(page)

    # The habit's page: a five-day streak, in Russian plurals.
    habit_id = _habit_id(app_engine, email, "Медитация")
    _mark_done(app_engine, email, habit_id, [today - timedelta(days=n) for n in range(1, 5)], today)
    page.goto(f"{app.base_url}/habits/{habit_id}")
    expect(page.get_by_role("heading", name="Медитация", exact=True)).to_be_visible()
    expect(page.get_by_text("Каждый день", exact=True)).to_be_visible()
    current = page.locator(".rt-Card", has_text="Текущая серия")
    expect(current).to_contain_text("5 дней")
    expect(page.get_by_role("heading", name="Лучшие серии")).to_be_visible()
    expect(page.locator("ol li").first).to_contain_text("5 дней")
    expect(page.get_by_role("heading", name="Последние 12 месяцев")).to_be_visible()
    expect(page.locator(f"div[data-c='1'][title^='{today.isoformat()}']")).to_have_attribute(
        "title", f"{today.isoformat()}: выполнено")  # a heatmap square's tooltip
    assert_russian(page)

    # The habits page: a new habit three times a week, then renamed — all in Russian.
    page.goto(f"{app.base_url}/habits")
    expect(page.get_by_role("heading", name="Привычки", exact=True)).to_be_visible()
    assert_russian(page)
    page.get_by_role("button", name="Новая привычка").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Новая привычка")).to_be_visible()
    dialog.get_by_label("Название").fill("Зал")
    dialog.get_by_label("Как часто").select_option("week")
    dialog.get_by_label("N", exact=True).fill("3")
    expect(dialog.get_by_label("пн")).to_be_visible()  # the weekday boxes are named by CLDR
    assert_russian(page)
    dialog.get_by_role("button", name="Добавить привычку").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("3 раза в неделю")).to_be_visible()
    page.get_by_role("button", name="Изменить Зал").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Изменить привычку")).to_be_visible()
    dialog.get_by_label("Название").fill("Спортзал")
    dialog.get_by_role("button", name="Сохранить привычку").click()
    expect(page.get_by_role("link", name="Спортзал")).to_be_visible()
    page.get_by_role("button", name="Новая привычка").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Название").fill("спортзал")
    dialog.get_by_role("button", name="Добавить привычку").click()
    expect(dialog.get_by_role("alert")).to_have_text("У вас уже есть привычка «спортзал».")
    assert_russian(page)
    dialog.get_by_role("button", name="Отмена").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    # The closed dialog takes its history entry off (history.back(), see assets/backclose.jsx): a navigation
    # started before that lands would be aborted by it.
    page.wait_for_function("() => !(window.history.state && window.history.state.easytrackDialog)")

    # Back home: the quota habit shows its progress in Russian.
    page.goto(f"{app.base_url}/")
    expect(page.get_by_role("button", name=re.compile("^Спортзал")).locator(".tk-btn-prog")).to_have_text(
        "0/3 на этой неделе")
    assert_russian(page)

    # Offline, a press is kept and the status says so in Russian; back online, the server's patch brings the
    # quota's progress in Russian.
    gym = page.get_by_role("button", name=re.compile("^Спортзал"))
    page.context.set_offline(True)
    gym.click()
    expect(page.locator(".tk-btns-wrap [role=status]")).to_have_text(
        "Нет связи: сохраним, когда соединение восстановится")
    page.context.set_offline(False)
    expect(gym).to_have_attribute("aria-pressed", "true")
    expect(gym.locator(".tk-btn-prog")).to_have_text("1/3 на этой неделе", timeout=20_000)
    expect(gym).to_have_attribute("aria-label", re.compile(r"^Спортзал, выполнено сегодня, 1/3 на этой неделе, серия"))


def test_another_russian_tab_gets_the_quota_progress_in_russian(ru_page, app, make_account, app_engine):
    page, email = ru_page, make_account("ru-tabs")
    log_in_russian(page, app, email)
    with Session(app_engine) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        from easytrack.services import habits

        habits.create_habit(session, user_id=user_id, name="Плавание", schedule="week:2")
        session.commit()
    other = page.context.new_page()
    other.goto(f"{app.base_url}/")
    page.reload()
    mine, theirs = (p.get_by_role("button", name=re.compile("^Плавание")) for p in (page, other))
    expect(theirs.locator(".tk-btn-prog")).to_have_text("0/2 на этой неделе")
    mine.click()
    expect(mine.locator(".tk-btn-prog")).to_have_text("1/2 на этой неделе")
    expect(theirs).to_have_attribute("aria-pressed", "true", timeout=5000)
    expect(theirs.locator(".tk-btn-prog")).to_have_text("1/2 на этой неделе")
    assert_russian(other)
