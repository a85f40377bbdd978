"""A Russian reader's account, in a real browser: the registration form in Russian, the confirmation e-mail in
Russian, confirming and logging in, the settings in Russian, English and back at once with no reload — and
on each page, no English text of the catalogue left visible."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.russian import assert_russian
from tests.smtp import body

PASSWORD = "длинная прогулка каждый день"


def _mail_to(mailbox, to: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mailbox.messages):
            if message["To"] == to:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {to}")


def test_a_russian_reader_registers_confirms_logs_in_and_switches_language(browser, app, mailbox, app_engine):
    ctx = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    email = f"chitatel-{int(time.time() * 1000) % 10**8}@example.org"

    page.goto(f"{app.base_url}/register")
    expect(page.get_by_role("heading", name="Создание аккаунта")).to_be_visible()
    expect(page.get_by_role("button", name="Создать аккаунт")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert_russian(page)
    page.get_by_label("Эл. почта").fill(email)
    page.get_by_label("Пароль", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Создать аккаунт").click()
    expect(page.get_by_text("Проверьте почту")).to_be_visible()
    assert_russian(page)

    message = _mail_to(mailbox, email)
    assert message["Subject"] == "Подтвердите аккаунт easytrack"
    assert "Ссылка действует 24 часа и срабатывает один раз." in body(message)
    link = re.search(r"https?://\S+/confirm\?token=\S+", body(message)).group(0)

    page.goto(link)
    expect(page.get_by_text("Аккаунт подтверждён. Теперь можно войти.")).to_be_visible()
    assert_russian(page)
    page.get_by_role("button", name="Перейти ко входу").click()

    expect(page.get_by_role("button", name="Войти")).to_be_visible()
    page.get_by_role("button", name="English").click()  # the logged-out switcher: at once
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("button", name="Войти")).to_be_visible()
    assert_russian(page)
    page.get_by_label("Эл. почта").fill(email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(f"{app.base_url}/settings")
    expect(page.get_by_role("heading", name="Настройки", exact=True)).to_be_visible()
    weekday = page.locator("#field-first_weekday")
    expect(weekday.locator("option[value='0']")).to_have_text("Понедельник")
    expect(weekday).to_have_value("0")  # a ru-RU browser's week starts on Monday
    expect(page.locator("#field-timezone option[value='Europe/Moscow']")).to_have_text("Москва (Europe/Moscow)")
    assert_russian(page)
    zone = page.locator("#field-timezone").input_value()

    page.evaluate("window.__same_page = true")
    page.locator("#field-language").select_option("en")
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    expect(weekday.locator("option[value='0']")).to_have_text("Monday")
    expect(page.get_by_role("button", name="Save settings")).to_be_visible()
    assert page.evaluate("window.__same_page === true")  # no reload
    assert page.locator("#field-timezone").input_value() == zone

    page.locator("#field-language").select_option("ru")
    expect(page.get_by_role("heading", name="Настройки", exact=True)).to_be_visible()
    expect(weekday.locator("option[value='0']")).to_have_text("Понедельник")
    assert page.evaluate("window.__same_page === true")
    expect(weekday).to_have_value("0")
    assert_russian(page)

    with app_engine.connect() as conn:
        language, first = conn.execute(text("SELECT language, first_weekday FROM users WHERE email = :e"),
                                       {"e": email}).one()
    assert (language, first) == ("ru", 0)

    page.reload()  # the choice is the account's: it stays after a reload
    expect(page.get_by_role("heading", name="Настройки", exact=True)).to_be_visible()
    ctx.close()
