from playwright.sync_api import expect


def test_login_in_russian(browser, app, make_account):
    ctx = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(app.base_url + "/login")
    expect(page.get_by_role("button", name="Войти")).to_be_visible()
    page.wait_for_timeout(1500)
    print("TITLE", page.title(), page.evaluate("document.documentElement.lang"))
    page.screenshot(path="/tmp/pilot/login_ru.png")
    email = make_account("ru")
    page.get_by_label("Эл. почта").fill(email)
    page.get_by_label("Пароль").fill("wrong-password-123")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("alert")).to_contain_text("Неверный")
    ctx.close()
