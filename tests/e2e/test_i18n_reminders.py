"""The reminders page in a Russian browser with a Russian account: the habit's weekday boxes named in Russian
(CLDR), a reminder added on the weekdays chosen, then refusals (the time taken, no weekday) in Russian; no
English text of the catalogue (one whose Russian differs) is visible, nor in a label a screen reader reads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bench.ui_latency import session_script
from easytrack import i18n, routes
from tests.e2e.test_i18n import NOT_LANGUAGE, _english_messages, _english_on, _seed_russian_user
from tests.e2e.russian import assert_russian

pytestmark = pytest.mark.e2e
NEW = "Новое напоминание для «Зарядка»"
URL = re.compile(r"^\w+://\S+$")  # a notification URL shown as an example (ntfy://my-topic): the same in any language


def _no_english_at_all(page, email: str) -> None:
    """No English catalogue text in the page's text, nor in its aria-labels, titles and placeholders."""
    assert_russian(page)
    found = _english_on(page, NOT_LANGUAGE | set(re.findall(r"[a-z]+", email)), _english_messages())
    found = [f for f in found if not URL.match(f.rsplit(": ", 1)[-1].strip("'"))]
    assert found == [], found


def test_a_reminder_is_added_and_refused_in_russian(ru_context, app, app_engine):
    email, token, _ = _seed_russian_user(app_engine)
    ru_context.add_init_script(session_script(token))
    page = ru_context.new_page()
    page.goto(app.base_url + routes.REMINDERS)
    expect(page.get_by_role("heading", name="Напоминания", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Напоминания о привычках")).to_be_visible()
    expect(page.get_by_role("heading", name="Зарядка")).to_be_visible()
    days = page.get_by_role("group", name=f"{NEW}: дни недели")
    expect(days).to_contain_text("".join(i18n.weekday_name(d, "ru") for d in range(7)))
    _no_english_at_all(page, email)

    # A reminder at 07:30 on Monday, Wednesday and Friday only.
    page.get_by_label(f"{NEW}: время").fill("07:30")
    for day in (1, 3, 5, 6):
        page.get_by_label(f"{NEW}: {i18n.weekday_name(day, 'ru', 'wide')}").uncheck()
    page.get_by_role("button", name="Добавить напоминание для «Зарядка»").click()
    expect(page.get_by_role("status").filter(has_text="Напоминание добавлено.")).to_be_visible()
    saved = "Зарядка в 07:30"
    for day in range(7):
        box = page.get_by_label(f"{saved}: {i18n.weekday_name(day, 'ru', 'wide')}")
        expect(box).to_be_checked(checked=day in (0, 2, 4))
    expect(page.get_by_role("button", name=f"Удалить: {saved}")).to_be_visible()

    # The same time again: refused beside the new row, in Russian.
    page.get_by_label(f"{NEW}: время").fill("07:30")
    page.get_by_role("button", name="Добавить напоминание для «Зарядка»").click()
    expect(page.get_by_role("alert")).to_have_text("У этой привычки уже есть напоминание на 07:30.")
    _no_english_at_all(page, email)

    # No weekday ticked: refused, the time typed is kept.
    page.get_by_label(f"{NEW}: время").fill("21:00")
    for day in range(7):
        page.get_by_label(f"{NEW}: {i18n.weekday_name(day, 'ru', 'wide')}").uncheck()
    page.get_by_role("button", name="Добавить напоминание для «Зарядка»").click()
    expect(page.get_by_role("alert")).to_have_text("Выберите хотя бы один день недели.")
    expect(page.get_by_label(f"{NEW}: время")).to_have_value("21:00")
    _no_english_at_all(page, email)
