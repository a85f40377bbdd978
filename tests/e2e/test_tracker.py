"""The paper tracker in a real browser: buttons, the grid, painting, keyboard, privacy and live tabs."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import grid_fits, log_in


def _add_habit(page, name: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Add habit").click()
    expect(page.get_by_role("button", name=re.compile("^" + re.escape(name)))).to_be_visible()


def _server_today(page) -> date:
    """Today as the page's grid shows it (the user's zone is the browser's here)."""
    return date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))


def test_home_button_marks_done_and_undoes(page, app, make_account):
    log_in(page, app, make_account())
    expect(page.get_by_text("Create a button for each habit")).to_be_visible()
    _add_habit(page, "Meditate")
    button = page.get_by_role("button", name=re.compile("^Meditate"))
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_attribute("aria-label", re.compile(r"streak 1 day$"))
    page.reload()
    expect(page.get_by_role("button", name=re.compile("^Meditate"))).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name=re.compile("^Meditate")).click()
    expect(page.get_by_role("button", name=re.compile("^Meditate"))).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.get_by_role("button", name=re.compile("^Meditate"))).to_have_attribute("aria-pressed", "false")


def test_suggested_habit_is_one_click_away(page, app, make_account):
    log_in(page, app, make_account())
    page.get_by_role("button", name="Read 10 pages").click()
    expect(page.get_by_role("button", name=re.compile("^Read 10 pages"))).to_have_attribute("aria-pressed", "false")


def test_habit_and_group_created_on_the_habits_page(page, app, make_account):
    log_in(page, app, make_account())
    page.goto(f"{app.base_url}/habits")
    page.get_by_label("Group name", exact=True).fill("Health")
    page.get_by_role("button", name="Add group").click()
    expect(page.get_by_label("Group name Health")).to_be_visible()
    page.get_by_role("button", name="New habit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Stretch <b>twice</b>")
    dialog.get_by_label("Group").select_option(label="Health")
    dialog.get_by_role("button", name="Add habit").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Stretch <b>twice</b>", exact=True)).to_be_visible()
    page.goto(f"{app.base_url}/")
    expect(page.get_by_role("button", name="Stretch <b>twice</b>")).to_be_visible()


def test_grid_paints_a_range_and_keeps_it_after_reload(page, app, make_account):
    log_in(page, app, make_account())
    _add_habit(page, "Run")
    today = _server_today(page)
    days = [today - timedelta(days=n) for n in (2, 1, 0)]
    page.goto(f"{app.base_url}/grid")  # the recent days, ending at today
    grid_fits(page)
    cells = [page.get_by_role("button", name=f"Run {d.isoformat()}", exact=True) for d in days]
    first, last = cells[0].bounding_box(), cells[-1].bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2, steps=8)
    page.mouse.up()
    for cell in cells:
        expect(cell).to_have_attribute("aria-pressed", "true")
    page.reload()
    for d in days:
        expect(page.get_by_role("button", name=f"Run {d.isoformat()}", exact=True)).to_have_attribute(
            "aria-pressed", "true")


def test_grid_future_days_are_not_buttons_and_months_navigate(page, app, make_account):
    log_in(page, app, make_account())
    _add_habit(page, "Floss")
    today = _server_today(page)
    page.goto(f"{app.base_url}/grid")
    page.get_by_role("radio", name="Month").click()
    title = page.get_by_role("heading", level=2)
    expect(title).to_have_text(today.strftime("%B %Y"))
    tomorrow = today + timedelta(days=1)
    expect(page.get_by_role("button", name=f"Floss {tomorrow.isoformat()}")).to_have_count(0)
    page.get_by_role("button", name="Previous").click()
    previous = (today.replace(day=1) - timedelta(days=1))
    expect(title).to_have_text(previous.strftime("%B %Y"))
    expect(page.get_by_role("button", name=f"Floss {previous.isoformat()}")).to_be_visible()
    page.get_by_role("button", name="Today").click()
    expect(title).to_have_text(today.strftime("%B %Y"))


def test_grid_keyboard_moves_and_toggles(page, app, make_account):
    log_in(page, app, make_account())
    _add_habit(page, "Journal")
    today = _server_today(page)
    page.goto(f"{app.base_url}/grid")
    if today.day == 1:
        start = page.get_by_role("button", name=f"Journal {today.isoformat()}")
        start.focus()
        target = start
    else:
        yesterday = today - timedelta(days=1)
        page.get_by_role("button", name=f"Journal {yesterday.isoformat()}").focus()
        page.keyboard.press("ArrowRight")
        target = page.get_by_role("button", name=f"Journal {today.isoformat()}")
        expect(target).to_be_focused()
    page.keyboard.press("Space")
    expect(target).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    expect(target).to_have_attribute("aria-pressed", "false")


def test_two_users_never_see_each_others_habits(browser, app, make_account):
    alice, bob = browser.new_context(), browser.new_context()
    try:
        pa, pb = alice.new_page(), bob.new_page()
        log_in(pa, app, make_account("alice"))
        log_in(pb, app, make_account("bob"))
        _add_habit(pa, "Alice's secret habit")
        _add_habit(pb, "Bob's habit")
        pb.reload()
        expect(pb.get_by_role("button", name=re.compile("^Bob's habit"))).to_be_visible()
        expect(pb.get_by_text("Alice's secret habit")).to_have_count(0)
        pb.goto(f"{app.base_url}/grid")
        expect(pb.get_by_text("Bob's habit")).to_be_visible()
        expect(pb.get_by_text("Alice's secret habit")).to_have_count(0)
    finally:
        alice.close()
        bob.close()


def test_two_tabs_of_one_user_stay_in_sync(context, app, make_account):
    first, second = context.new_page(), context.new_page()
    log_in(first, app, make_account())
    _add_habit(first, "Water")
    second.goto(f"{app.base_url}/")
    other = second.get_by_role("button", name=re.compile("^Water"))
    expect(other).to_have_attribute("aria-pressed", "false")
    first.get_by_role("button", name=re.compile("^Water")).click()
    expect(other).to_have_attribute("aria-pressed", "true", timeout=3000)
    _add_habit(first, "Tea")
    expect(second.get_by_role("button", name=re.compile("^Tea"))).to_be_visible(timeout=3000)


def test_a_refused_tick_rolls_back_with_a_message(page, app, make_account, app_engine):
    log_in(page, app, make_account())
    _add_habit(page, "Doomed")
    with app_engine.begin() as conn:  # gone behind the page's back: no live update reaches it
        conn.exec_driver_sql("DELETE FROM habits WHERE name = 'Doomed'")
    button = page.get_by_role("button", name=re.compile("^Doomed"))
    button.click()
    expect(page.get_by_text("That habit no longer exists.").first).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "false")


def test_a_weekday_habit_shows_other_days_as_not_needed(page, app, make_account):
    log_in(page, app, make_account())
    page.goto(f"{app.base_url}/habits")
    page.get_by_role("button", name="New habit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Gym")
    dialog.get_by_label("How often").select_option("days")
    for day in ("Mon", "Wed", "Fri"):
        dialog.get_by_label(day).check()
    dialog.get_by_role("button", name="Add habit").click()
    expect(page.get_by_text("Mon, Wed, Fri")).to_be_visible()
    page.goto(f"{app.base_url}/grid")
    today = _server_today(page)
    weekday = next(today - timedelta(days=n) for n in range(7) if (today - timedelta(days=n)).weekday() == 1)
    if weekday.month == today.month:
        cell = page.get_by_role("button", name=f"Gym {weekday.isoformat()}")
        expect(cell).to_have_attribute("data-c", "-")


def test_a_bad_schedule_is_refused_with_a_message(page, app, make_account):
    log_in(page, app, make_account())
    page.goto(f"{app.base_url}/habits")
    page.get_by_role("button", name="New habit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Too often")
    dialog.get_by_label("How often").select_option("week")
    dialog.get_by_label("N", exact=True).fill("8")
    dialog.get_by_role("button", name="Add habit").click()
    expect(page.get_by_role("alert")).to_contain_text("between 1 and 7")
    expect(dialog).to_be_visible()


def test_first_visit_takes_the_browsers_time_zone(browser, app, make_account, app_engine):
    email = make_account()
    context = browser.new_context(timezone_id="Pacific/Auckland")
    try:
        page = context.new_page()
        log_in(page, app, email)
        page.wait_for_timeout(1500)
        with app_engine.connect() as conn:
            zone = conn.exec_driver_sql("SELECT timezone FROM users WHERE email = ?", (email,)).scalar()
        assert zone == "Pacific/Auckland"
    finally:
        context.close()


def test_a_phone_gets_the_recent_days_ending_today(browser, app, make_account):
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        log_in(page, app, make_account())
        _add_habit(page, "Walk")
        page.goto(f"{app.base_url}/grid")
        expect(page.get_by_role("radio", name="Recent")).to_be_checked()
        grid_fits(page)
        expect(page.locator(".tk-day")).to_have_count(8)  # a full week plus today
        expect(page.locator(".tk-day").last).to_have_attribute("aria-current", "date")
        page.get_by_role("radio", name="Week").click()
        expect(page.locator(".tk-day")).to_have_count(7)
    finally:
        context.close()
