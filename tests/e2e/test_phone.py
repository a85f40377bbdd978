"""Daily use on a phone (and a desktop): layouts that hold at 320, 390 and 1280 px with 40 habits and a
100-character name, a grid that ends at today, touch painting, and dialogs that stay on their page."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from easytrack.models import User
from easytrack.services import checkins, groups, habits
from tests.e2e.conftest import grid_fits, log_in

# 100 characters with a 45-letter word in it: neither may push anything past the screen's edge.
LONG_NAME = ("Pneumonoultramicroscopicsilicovolcanoconiosis awareness: read one page of the medical "
             "dictionary")[:100]
WIDTHS = (320, 390, 1280)
PAGES = ("/", "/grid", "/habits", "/settings", "/settings/data", "/settings/tokens", "/settings/reminders")


@dataclass(frozen=True)
class World:
    email: str
    today: date
    long_id: int
    coffee_id: int
    gym_id: int
    weekly_id: int


def _today_utc() -> date:
    from datetime import UTC, datetime

    return datetime.now(UTC).date()


def _seed(app_engine, email: str) -> World:
    """40 habits in two groups: the long name, a measurable one with an amount and a note, a weekday
    habit not due today, a "3 times a week" one done once this week, and 36 plain daily habits."""
    today = _today_utc()
    with Session(app_engine, expire_on_commit=False) as s:
        uid = s.exec(select(User.id).where(User.email == email)).one()
        _, health = groups.create_group(s, user_id=uid, name="Health and a rather long group name, too")

        def add(name: str, **kw) -> int:
            return habits.create_habit(s, user_id=uid, name=name, group_id=health.id, **kw)[1].id

        long_id = add(LONG_NAME)
        coffee_id = add("Coffee", measurable=True, unit="cups", target_value=2, target_direction="at_most")
        not_today = (today.weekday() + 3) % 7
        gym_id = add("Gym", schedule=f"days:{not_today}")
        weekly_id = add("Swim", schedule="week:3")
        for i in range(36):
            habits.create_habit(s, user_id=uid, name=f"Habit number {i + 1}")
        checkins.set_checkin(s, user_id=uid, habit_id=coffee_id, day=today - timedelta(days=1), state="done",
                             amount=12, note="a long night", today=today)
        checkins.set_checkin(s, user_id=uid, habit_id=long_id, day=today, state="done", today=today)
        s.commit()
    return World(email, today, long_id, coffee_id, gym_id, weekly_id)


@pytest.fixture
def world(make_account, app_engine) -> World:
    return _seed(app_engine, make_account("phone", timezone="UTC", timezone_set=True))


def _phone(browser, width: int, **kw):
    """A browser the size of a phone: below 1280 px a mobile one (overlay scrollbars, touch), as phones are."""
    if width < 1280:
        kw = {"is_mobile": True, "has_touch": True, **kw}
    ctx = browser.new_context(viewport={"width": width, "height": 780}, timezone_id="UTC", **kw)
    ctx.set_default_timeout(15_000)
    return ctx


@contextmanager
def _phone_grid(browser, app, world: World, width: int):
    """A logged-in phone-sized page on the grid, its recent view fitted; closed afterwards."""
    ctx = _phone(browser, width)
    try:
        page = ctx.new_page()
        log_in(page, app, world.email)
        page.goto(f"{app.base_url}/grid")
        grid_fits(page)
        yield page
    finally:
        ctx.close()


def _overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
                         " - window.innerWidth")


def _settled(page) -> None:
    expect(page.locator("main h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # the grid's fit-to-width reload




@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_with_40_habits_and_a_100_character_name(browser, app, world, width):
    ctx = _phone(browser, width)
    try:
        page = ctx.new_page()
        log_in(page, app, world.email)
        for path in (*PAGES, f"/habits/{world.long_id}"):
            page.goto(f"{app.base_url}{path}")
            _settled(page)
            assert _overflow(page) <= 0, f"{path} is {_overflow(page)} px wider than a {width} px screen"
        page.goto(f"{app.base_url}/grid")
        for view in ("Week", "Month"):
            page.get_by_role("radio", name=view).click()
            _settled(page)
            assert _overflow(page) <= 0, f"the grid's {view} view is wider than a {width} px screen"
    finally:
        ctx.close()


def _in_view(page, locator) -> bool:
    """Whether the element is fully on screen and inside its scrolling grid box (not scrolled away)."""
    return page.evaluate(
        """(el) => { const r = el.getBoundingClientRect(), box = el.closest('.tk-scroll').getBoundingClientRect();
                     return r.left >= box.left - 1 && r.right <= Math.min(box.right, innerWidth) + 1; }""",
        locator.element_handle())


@pytest.mark.parametrize("width", (320, 390))
def test_a_phone_grid_ends_at_today_with_a_full_week_before_it(browser, app, world, width):
    with _phone_grid(browser, app, world, width) as page:
        expect(page.get_by_role("radio", name="Recent")).to_be_checked()
        today = page.locator(".tk-day[aria-current='date']")
        expect(today).to_be_visible()
        days = page.locator(".tk-day")
        expect(days.last).to_have_attribute("aria-current", "date")
        assert days.count() >= 8
        for i in range(days.count()):
            assert _in_view(page, days.nth(i)), f"day column {i} is off screen at {width} px"
        page.mouse.wheel(0, 2000)  # 40 habits: the day header stays on top while scrolling
        page.locator(".tk-scroll").evaluate("el => el.scrollTop = el.scrollHeight")
        header, box = today.bounding_box(), page.locator(".tk-scroll").bounding_box()
        assert abs(header["y"] - box["y"]) < 45, "the day header scrolled away"


def test_a_month_fits_its_box_on_a_desktop_up_to_its_last_day(page, app, world):
    """Any month's last day (31st) needs no scrolling at 1280 px; the server's clock cannot be pinned in
    a browser test, so a past 31-day month stands in for "today is the last day of the month"."""
    log_in(page, app, world.email)
    page.goto(f"{app.base_url}/grid")
    page.get_by_role("radio", name="Month").click()
    title = page.get_by_role("heading", level=2)
    expect(title).to_have_text(world.today.strftime("%B %Y"))
    expect(page.locator(".tk-day[aria-current='date']")).to_be_visible()
    assert _in_view(page, page.locator(".tk-day[aria-current='date']"))
    for _ in range(12):
        if page.locator(".tk-day").count() == 31 and title.inner_text() != world.today.strftime("%B %Y"):
            break
        page.get_by_role("button", name="Previous").click()
        page.wait_for_timeout(300)
    last = page.locator(".tk-day").last
    expect(last.locator(".tk-dnum")).to_have_text("31")
    assert _in_view(page, last)
    assert page.locator(".tk-scroll").evaluate("el => el.scrollWidth <= el.clientWidth")


def test_a_phone_month_opens_scrolled_to_today(browser, app, world):
    with _phone_grid(browser, app, world, 320) as page:
        page.get_by_role("radio", name="Month").click()
        expect(page.locator(".tk-day")).to_have_count(_month_len(world.today))
        assert _in_view(page, page.locator(".tk-day[aria-current='date']"))


def _month_len(day: date) -> int:
    nxt = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (nxt - timedelta(days=1)).day


def _touch_drag(page, points: list[tuple[float, float]]) -> None:
    """A finger put down on the first point, moved through the others, and lifted (CDP touch events)."""
    cdp = page.context.new_cdp_session(page)
    x, y = points[0]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        for k in range(1, 5):  # small steps, as a finger moves
            at = {"x": x0 + (x1 - x0) * k / 4, "y": y0 + (y1 - y0) * k / 4}
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_a_finger_dragged_along_a_row_paints_its_days(browser, app, world):
    with _phone_grid(browser, app, world, 390) as page:
        days = [world.today - timedelta(days=n) for n in (3, 2, 1)]
        cells = [page.get_by_role("button", name=f"Habit number 1 {d.isoformat()}", exact=True) for d in days]
        for cell in cells:
            expect(cell).to_have_attribute("aria-pressed", "false")
        centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in (c.bounding_box() for c in cells)]
        _touch_drag(page, centres)
        for cell in cells:
            expect(cell).to_have_attribute("aria-pressed", "true")
        page.reload()
        for cell in cells:
            expect(cell).to_have_attribute("aria-pressed", "true")


def test_a_day_dialog_stays_on_its_page_and_back_closes_it(page, app, world):
    log_in(page, app, world.email)
    page.goto(f"{app.base_url}/grid")
    grid_fits(page)
    cell = page.get_by_role("button", name=f"Habit number 2 {world.today.isoformat()}", exact=True)
    cell.click(button="right")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    page.goto(f"{app.base_url}/")  # the same tab (and so the same server-side state) on another page
    expect(page.get_by_role("button", name=re.compile("^Habit number 2,"))).to_be_visible()
    page.wait_for_timeout(500)
    expect(dialog).to_have_count(0)
    page.goto(f"{app.base_url}/grid")
    grid_fits(page)
    cell.click(button="right")
    expect(dialog).to_be_visible()
    page.reload()
    expect(cell).to_be_visible()
    page.wait_for_timeout(500)
    expect(dialog).to_have_count(0)
    cell.click(button="right")
    expect(dialog).to_be_visible()
    page.go_back()  # Back on a phone: closes the dialog and stays on the page
    expect(dialog).to_have_count(0)
    assert page.url.rstrip("/").endswith("/grid")
    expect(cell).to_be_visible()


def test_the_new_habit_dialog_does_not_reopen_after_a_reload(page, app, world):
    log_in(page, app, world.email)
    page.goto(f"{app.base_url}/habits")
    page.get_by_role("button", name="New habit").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Habit number 36")).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("button", name="New habit").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.url.rstrip("/").endswith("/habits")


def test_today_counts_due_habits_and_sets_apart_those_not_needed(page, app, world):
    log_in(page, app, world.email)
    summary = page.locator(".tk-summary")
    # Gym is not due; the long name is done, and Coffee (at most 2) is within its limit with nothing entered
    expect(summary).to_have_text(re.compile(r"^2 of 39 done today"))
    free = page.locator(".tk-free")
    expect(free).to_have_count(1)
    expect(free).to_have_attribute("aria-label", re.compile("^Gym,"))
    expect(page.get_by_role("heading", name="Not needed today")).to_be_visible()
    swim = page.get_by_role("button", name=re.compile("^Swim,"))
    expect(swim).to_have_attribute("aria-label", re.compile(r"0/3 this week"))
    swim.click()
    expect(swim).to_have_attribute("aria-label", re.compile(r"1/3 this week"))
    expect(summary).to_have_text(re.compile(r"^3 of 39 done today"))


def test_measurable_cells_show_their_amount_and_note_and_the_form_preselects_nothing(page, app, world):
    log_in(page, app, world.email)
    page.goto(f"{app.base_url}/grid")
    day = (world.today - timedelta(days=1)).isoformat()
    cell = page.get_by_role("button", name=f"Coffee {day}", exact=True)
    expect(cell).to_have_text("12")
    expect(cell).to_have_class(re.compile(r"\btk-note\b"))
    expect(cell).to_have_attribute("title", re.compile(r"12 · Note: a long night$"))
    expect(page.get_by_role("list", name="Legend")).to_contain_text("Not needed")
    page.get_by_role("button", name=f"Coffee {world.today.isoformat()}", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Amount (cups)")).to_be_visible()
    assert dialog.locator("input[type=radio]:checked").count() == 0
    dialog.get_by_label("Amount (cups)").fill("1")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name=f"Coffee {world.today.isoformat()}", exact=True)).to_have_text("1")


def test_the_habit_page_goes_back_to_years_of_imported_history(page, app, world, app_engine):
    with Session(app_engine) as s:
        uid = s.exec(select(User.id).where(User.email == world.email)).one()
        for day in (date(2016, 3, 1), date(2016, 3, 2), date(2017, 6, 1)):
            checkins.set_checkin(s, user_id=uid, habit_id=world.long_id, day=day, state="done", today=world.today)
        s.commit()
    log_in(page, app, world.email)
    page.goto(f"{app.base_url}/habits/{world.long_id}")
    expect(page.get_by_role("heading", name="Last 12 months")).to_be_visible()
    page.get_by_label("Year shown").select_option("2016")
    expect(page.get_by_role("heading", name="2016", exact=True)).to_be_visible()
    expect(page.locator("[data-c='1'][title^='2016-03-01']")).to_have_count(1)
    page.get_by_role("button", name="Next year").click()
    expect(page.get_by_role("heading", name="2017", exact=True)).to_be_visible()
    expect(page.locator("[data-c='1'][title^='2017-06-01']")).to_have_count(1)
    page.get_by_role("button", name="Previous year").click()
    expect(page.get_by_role("heading", name="2016", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Previous year")).to_be_disabled()
