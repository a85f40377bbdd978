"""Take the README's screenshots: a demo user with a month of history, the home page and the grid.

Usage: .venv/bin/python scripts/screenshots.py
(writes docs/screenshots/{home,home-phone,grid,grid-dark,grid-phone,home-ru,grid-ru}.png)
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from easytrack.db import make_engine  # noqa: E402
from easytrack.migrate import upgrade  # noqa: E402
from easytrack.services import checkins, groups, habits  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, grid_fits, log_in  # noqa: E402
from tests.e2e.harness import AppProcess  # noqa: E402
from tests.factories import make_user  # noqa: E402

HABITS = [("Meditate", "Mind", 0.85), ("Read 10 pages", "Mind", 0.7), ("Run", "Body", 0.5),
          ("Stretch", "Body", 0.8), ("Drink water", "", 0.9), ("No phone in bed", "", 0.6)]
HABITS_RU = [("Медитация", "Голова", 0.85), ("Прочитать 10 страниц", "Голова", 0.7), ("Бег", "Тело", 0.5),
             ("Растяжка", "Тело", 0.8), ("Пить воду", "", 0.9), ("Без телефона в кровати", "", 0.6)]


def seed(db_url: str, today: date, *, email: str = "demo@example.org", habit_list=HABITS, **fields) -> str:
    rng = random.Random(7)
    with Session(make_engine(db_url)) as session:
        user_id = make_user(session, email=email, display_name="Demo", timezone_set=True, **fields)
        group_ids = {name: groups.create_group(session, user_id=user_id, name=name).group.id
                     for name in dict.fromkeys(g for _, g, _ in habit_list if g)}
        for name, group, rate in habit_list:
            habit = habits.create_habit(session, user_id=user_id, name=name, group_id=group_ids.get(group)).habit
            for back in range(1, 60):
                if rng.random() < rate:
                    checkins.set_checkin(session, user_id=user_id, habit_id=habit.id,
                                         day=today - timedelta(days=back), state="done", today=today)
            if rng.random() < rate:
                checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=today, state="done",
                                     today=today)
        if habit_list is HABITS:
            _schedules(session, user_id, today, rng)
        session.commit()
    return email


def _session(db_url: str, email: str) -> str:
    from datetime import datetime, timezone

    from sqlmodel import select

    from easytrack.models import User
    from easytrack.services.accounts import create_session

    with Session(make_engine(db_url)) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        token = create_session(session, user_id=user_id, now=datetime.now(timezone.utc))
        session.commit()
    return token


def _schedules(session, user_id: int, today: date, rng: random.Random) -> None:
    """A "3 times a week" habit, one for a weekday other than today, and a measurable one with a note."""
    swim = habits.create_habit(session, user_id=user_id, name="Swim", schedule="week:3").habit
    gym_day = (today.weekday() + 2) % 7
    gym = habits.create_habit(session, user_id=user_id, name="Gym", schedule=f"days:{gym_day}").habit
    pages = habits.create_habit(session, user_id=user_id, name="Read", measurable=True, unit="pages",
                                target_value=20).habit
    for back in range(1, 60):
        day = today - timedelta(days=back)
        if rng.random() < 0.45:
            checkins.set_checkin(session, user_id=user_id, habit_id=swim.id, day=day, state="done", today=today)
        if day.weekday() == gym_day and rng.random() < 0.8:
            checkins.set_checkin(session, user_id=user_id, habit_id=gym.id, day=day, state="done", today=today)
        if rng.random() < 0.8:
            checkins.set_checkin(session, user_id=user_id, habit_id=pages.id, day=day, state="done",
                                 amount=rng.choice((8, 12, 20, 25, 30)), today=today,
                                 note="a great chapter" if back == 2 else None)


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="easytrack-shots-"))
    db_url = f"sqlite:///{work}/demo.db"
    upgrade(db_url)
    email = seed(db_url, date.today())
    email_ru = seed(db_url, date.today(), email="demo-ru@example.org", habit_list=HABITS_RU, language="ru")
    env = {"REFLEX_DB_URL": db_url, "REFLEX_WEB_WORKDIR": str(ROOT / ".web-shots"),
           "REFLEX_STATES_WORKDIR": str(work / "states")}
    app = AppProcess(env=env, log_path=work / "app.log").start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 720}, device_scale_factor=1)
            log_in(page, app, email)
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "home.png"))
            page.goto(f"{app.base_url}/grid")
            page.get_by_role("rowheader").first.wait_for()
            grid_fits(page)
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "grid.png"))
            dark = browser.new_page(viewport={"width": 1100, "height": 720}, color_scheme="dark")
            log_in(dark, app, email)
            dark.goto(f"{app.base_url}/grid")
            dark.get_by_role("rowheader").first.wait_for()
            grid_fits(dark)
            dark.wait_for_timeout(500)
            dark.screenshot(path=str(out / "grid-dark.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 760}, device_scale_factor=1,
                                     is_mobile=True, has_touch=True)
            log_in(phone, app, email)
            phone.wait_for_timeout(500)
            phone.screenshot(path=str(out / "home-phone.png"))
            phone.goto(f"{app.base_url}/grid")
            phone.get_by_role("rowheader").first.wait_for()
            grid_fits(phone)
            phone.wait_for_timeout(500)
            phone.screenshot(path=str(out / "grid-phone.png"))
            _russian(browser, app, db_url, email_ru, out)
            browser.close()
    finally:
        app.stop()
    print(f"screenshots written to {out}")


def _russian(browser, app, db_url: str, email: str, out: Path) -> None:
    """The same pages for a Russian-speaking account, in a ru-RU browser."""
    from bench.ui_latency import session_script

    ctx = browser.new_context(viewport={"width": 1100, "height": 720}, locale="ru-RU")
    ctx.add_init_script(session_script(_session(db_url, email)))
    page = ctx.new_page()
    page.goto(app.base_url + "/")
    page.get_by_role("heading", name="Сегодня", exact=True).wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "home-ru.png"))
    page.goto(f"{app.base_url}/grid")
    page.get_by_role("rowheader").first.wait_for()
    page.get_by_role("radio", name="Месяц").click()
    page.wait_for_timeout(800)
    page.screenshot(path=str(out / "grid-ru.png"))
    ctx.close()


if __name__ == "__main__":
    main()
