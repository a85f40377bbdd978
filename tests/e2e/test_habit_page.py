"""The habit page in a real browser: days ticked on the grid show in its heatmap; its charts render."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlmodel import Session, select

from easytrack.models import Habit, User
from easytrack.services import habits
from tests.e2e.conftest import log_in

NOT_FOUND = "This habit does not exist or is not yours."


def _habit_id(app_engine, email: str, name: str) -> int:
    with Session(app_engine) as session:
        stmt = select(Habit.id).join(User, User.id == Habit.user_id).where(User.email == email, Habit.name == name)
        return session.exec(stmt).one()


def _ticked_days(today: date) -> list[date]:
    """Today and the two days before, kept inside this month's grid sheet."""
    return [d for d in (today - timedelta(days=n) for n in (2, 1, 0)) if d.month == today.month]


def test_days_ticked_on_the_grid_show_on_the_habit_page(page, app, make_account, app_engine):
    email, name = make_account(), "Swim <i>laps</i>"
    log_in(page, app, email)
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Add habit").click()
    expect(page.get_by_role("button", name=name)).to_be_visible()
    today = date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    days = _ticked_days(today)
    page.goto(f"{app.base_url}/grid")
    for d in days:
        page.get_by_role("button", name=f"{name} {d.isoformat()}", exact=True).click()
    page.reload()  # the ticks are stored, not only shown
    for d in days:
        expect(page.get_by_role("button", name=f"{name} {d.isoformat()}", exact=True)).to_have_attribute(
            "aria-pressed", "true")

    page.goto(f"{app.base_url}/habits/{_habit_id(app_engine, email, name)}")
    expect(page.get_by_role("heading", level=1, name=name, exact=True)).to_be_visible()
    expect(page.get_by_text("Every day", exact=True)).to_be_visible()
    for d in days:
        expect(page.locator(f'[title="{d.isoformat()}: done"]')).to_have_count(1)
    expect(page.locator(f'[title="{(days[0] - timedelta(days=1)).isoformat()}: nothing"]')).to_have_count(1)
    expect(page.locator("[data-c]")).to_have_count(53 * 7 + 5)  # the year, and the legend's five squares
    expect(page.locator("svg.recharts-surface")).to_have_count(2)
    expect(page.get_by_text(f"{len(days)} days" if len(days) > 1 else "1 day").first).to_be_visible()
    strength = page.locator(".rt-Card").filter(has_text="Strength").first
    expect(strength).to_contain_text(re.compile(r"Strength\s*[1-9]\d?%"))  # ticked days raised the score above 0 %


def test_a_new_habit_page_invites_to_tick_it(page, app, make_account, app_engine):
    email = make_account()
    log_in(page, app, email)
    page.get_by_label("Name").fill("Floss")
    page.get_by_role("button", name="Add habit").click()
    expect(page.get_by_role("button", name="Floss")).to_be_visible()
    page.goto(f"{app.base_url}/habits/{_habit_id(app_engine, email, 'Floss')}")
    expect(page.get_by_text("No check-ins yet — tick this habit on the")).to_be_visible()
    expect(page.locator("svg.recharts-surface")).to_have_count(0)


def test_someone_elses_habit_and_garbage_ids_show_the_same_not_found(page, app, make_account, app_engine):
    owner = make_account("owner")
    with Session(app_engine) as session:
        owner_id = session.exec(select(User.id).where(User.email == owner)).one()
        _, habit = habits.create_habit(session, user_id=owner_id, name="Owner's secret")
        session.commit()
    log_in(page, app, make_account("visitor"))
    for habit_id in (str(habit.id), "abc", "-1", "99999999999999999999"):
        page.goto(f"{app.base_url}/habits/{habit_id}")
        expect(page.get_by_text(NOT_FOUND)).to_be_visible()
        expect(page.get_by_text("Owner's secret")).to_have_count(0)
        expect(page.get_by_role("heading", level=1, name="Habit", exact=True)).to_be_visible()
