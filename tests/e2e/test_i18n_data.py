"""Import and export, and the offline page, in a Russian browser: the data page, a refused file and an
import's summary in Russian, then the home page offline with its banner in Russian; on every page visited no
English text of the catalogue (one whose Russian differs) is visible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.russian import assert_russian, log_in_russian
from tests.e2e.test_pwa import _controlled
from tests.fixtures.transfer import BEAVER

pytestmark = pytest.mark.e2e
# The habits of the Beaver sample imported in the journey: the user's own names, shown as they are.
IMPORTED_NAMES = ("Stretch", "Call mum", "Water plants", "Journal")


def _check_file(page, path) -> None:
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()


def test_import_export_and_offline_pages_speak_russian(ru_context, app, make_account, tmp_path):
    page = ru_context.new_page()
    log_in_russian(page, app, make_account("ru-data", language="ru"))

    page.goto(f"{app.base_url}/settings/data")
    expect(page.get_by_role("heading", name="Импорт и экспорт", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="JSON (можно импортировать обратно)")).to_be_visible()
    expect(page.get_by_text("Перетащите файл сюда или нажмите, чтобы выбрать")).to_be_visible()
    assert_russian(page)

    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes, not an export")
    _check_file(page, notes)
    expect(page.get_by_role("alert")).to_contain_text("Формат этого файла не распознан.")
    assert_russian(page)

    _check_file(page, BEAVER)
    expect(page.get_by_role("heading", name="Что сделает этот импорт")).to_be_visible()
    expect(page.get_by_text("Формат: Beaver Habit Tracker")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Дни: новых — "))).to_be_visible()
    assert_russian(page)
    page.get_by_role("button", name="Импорт", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Привычки: новых —")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Отметки: новых — "))).to_be_visible()
    assert_russian(page)

    page.goto(f"{app.base_url}/")
    expect(page.get_by_role("link", name="Сетка")).to_be_visible()
    _controlled(page)
    page.wait_for_timeout(800)  # the offline copy is written 300 ms after the page settles
    ru_context.set_offline(True)
    try:
        page.reload()
        banner = page.locator(".offline-banner").first
        expect(banner).to_contain_text("Нет подключения к сети: здесь то, что это устройство видело последним")
        expect(banner).to_contain_text("Отметки сохраняются здесь и будут отправлены, когда сеть появится.")
        expect(page.locator(".connection-note")).to_have_text(
            "Сервер сейчас недоступен; easytrack продолжает пытаться подключиться.")
        expect(page.get_by_text(re.compile("Cannot connect to server"))).to_have_count(0)  # Reflex's own toast
        assert_russian(page, names=IMPORTED_NAMES)
    finally:
        ru_context.set_offline(False)


def test_the_update_toast_and_the_push_button_speak_russian(ru_context, app, make_account):
    page = ru_context.new_page()
    log_in_russian(page, app, make_account("ru-pwa", language="ru"))
    _controlled(page)
    # What a new deployment does: the page names a worker script of another build.
    page.evaluate("navigator.serviceWorker.register('/sw.js?v=rubuild000001', {scope: '/'})")
    toast = page.locator(".pwa-toast")
    expect(toast).to_contain_text("Готова новая версия easytrack.", timeout=20_000)
    expect(page.get_by_role("button", name="Перезагрузить и обновить")).to_be_visible()
    assert_russian(page, ".pwa-toast")  # the home page itself is the tracker's (tests/e2e/test_i18n_*.py)

    page.goto(f"{app.base_url}/settings/reminders")
    expect(page.get_by_role("button", name="Включить уведомления на этом устройстве")).to_be_visible()
