"""Admin in a real browser: a non-admin cannot open /admin; an admin disables a user, whose open tab is sent
to /login on its next action, and deletes an account after confirming."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def _tab(browser, app, email: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, app, email)
    return context, page


def test_a_non_admin_sees_no_admin_link_and_is_sent_home_from_admin(browser, app, make_account):
    context, page = _tab(browser, app, make_account("plain"))
    try:
        expect(page.get_by_role("link", name="Settings")).to_be_visible()
        expect(page.get_by_role("link", name="Admin")).to_have_count(0)
        page.goto(f"{app.base_url}/admin")
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", name="Accounts")).to_have_count(0)
    finally:
        context.close()


def test_an_admin_disables_a_user_whose_open_tab_lands_on_login_at_its_next_action(browser, app, make_account):
    boss, victim, doomed = make_account("boss", is_admin=True), make_account("victim"), make_account("doomed")
    admin_context, admin = _tab(browser, app, boss)
    victim_context, tab = _tab(browser, app, victim)
    try:
        admin.get_by_role("link", name="Admin").click()
        expect(admin.get_by_role("heading", name="Accounts")).to_be_visible()
        admin.get_by_role("button", name=f"Disable {victim}").click()
        expect(admin.get_by_text("Account disabled")).to_be_visible()
        expect(admin.get_by_role("button", name=f"Enable {victim}")).to_be_visible()

        tab.get_by_role("link", name="Settings").click()  # the victim's next action
        expect(tab).to_have_url(re.compile(r"/login"))

        admin.get_by_role("button", name=f"Delete {doomed}").click()
        dialog = admin.get_by_role("alertdialog")
        expect(dialog).to_contain_text(doomed)
        dialog.get_by_role("button", name="Delete account").click()
        expect(admin.get_by_text(f"Deleted {doomed}")).to_be_visible()
        expect(admin.get_by_role("button", name=f"Delete {doomed}")).to_have_count(0)
    finally:
        admin_context.close()
        victim_context.close()
