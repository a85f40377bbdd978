"""Measurable habits, skips and notes in a real browser."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def _new_habit(page, app, name: str, *, measurable: bool = False, target: str = "", unit: str = "",
               goal: str = "at_least") -> None:
    page.goto(f"{app.base_url}/habits")
    page.get_by_role("button", name="New habit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill(name)
    if measurable:
        dialog.get_by_label(re.compile("Measurable")).check()
        dialog.get_by_label("Goal").select_option(goal)
        dialog.get_by_label("Target").fill(target)
        dialog.get_by_label("Unit").fill(unit)
    dialog.get_by_role("button", name="Add habit").click()
    expect(dialog).to_be_hidden()


def test_measurable_habit_takes_amounts_from_the_home_button(page, app, make_account):
    log_in(page, app, make_account())
    _new_habit(page, app, "Read", measurable=True, target="20", unit="pages")
    page.goto(f"{app.base_url}/")
    button = page.get_by_role("button", name=re.compile("^Read"))
    button.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(re.compile("Amount")).fill("12")
    dialog.get_by_label(re.compile("Amount")).press("Enter")
    expect(dialog).to_be_hidden()
    expect(button).to_contain_text("12 / 20 pages")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    page.get_by_role("dialog").get_by_label(re.compile("Amount")).fill("25.5")
    page.get_by_role("dialog").get_by_role("button", name="Save").click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_contain_text("25.5 / 20 pages")


def test_a_bad_amount_gets_a_message_and_keeps_the_form(page, app, make_account):
    log_in(page, app, make_account())
    _new_habit(page, app, "Coffee", measurable=True, target="2", unit="cups")
    page.goto(f"{app.base_url}/")
    page.get_by_role("button", name=re.compile("^Coffee")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(re.compile("Amount")).fill("-3")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("alert")).to_be_visible()
    dialog.get_by_label(re.compile("Amount")).fill("lots")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("alert")).to_contain_text("must be a number")


def test_skip_a_day_with_a_note_on_the_grid(page, app, make_account):
    log_in(page, app, make_account())
    _new_habit(page, app, "Swim")
    today = date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    page.goto(f"{app.base_url}/grid")
    cell = page.get_by_role("button", name=f"Swim {today.isoformat()}")
    cell.click(button="right")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Skipped").check()
    dialog.get_by_label("Note (optional)").fill("Sick today")
    dialog.get_by_role("button", name="Save").click()
    expect(cell).to_have_attribute("data-c", "s")
    page.reload()
    cell = page.get_by_role("button", name=f"Swim {today.isoformat()}")
    expect(cell).to_have_attribute("data-c", "s")
    cell.click(button="right")
    expect(page.get_by_role("dialog").get_by_label("Note (optional)")).to_have_value("Sick today")


def test_an_over_limit_at_most_day_shows_as_a_failure(page, app, make_account):
    log_in(page, app, make_account())
    _new_habit(page, app, "Coffee", measurable=True, target="2", unit="cups", goal="at_most")
    page.goto(f"{app.base_url}/")
    button = page.get_by_role("button", name=re.compile("^Coffee"))
    expect(button).to_have_attribute("aria-pressed", "true")  # nothing entered yet: within the limit
    button.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(re.compile("Amount")).fill("4")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_contain_text("4 / ≤ 2 cups")
    today = date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    page.goto(f"{app.base_url}/grid")
    cell = page.get_by_role("button", name=f"Coffee {today.isoformat()}")
    expect(cell).to_have_attribute("data-c", "x")  # not done: no green "partly" cell
    expect(cell).to_have_class(re.compile(r"\btk-cx\b"))
