"""A person registers, confirms by the e-mailed link, logs in, logs out, and is sent to /login after."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.smtp import body

PASSWORD = "a long walk every day"


def _confirm_link(mailbox, to: str) -> str:
    for message in reversed(mailbox.wait_for(1)):
        if message["To"] == to:
            return re.search(r"https?://\S+/confirm\?token=\S+", body(message)).group(0)
    raise AssertionError(f"no confirmation e-mail to {to}")


def _log_in(page, app, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{app.base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_register_confirm_login_logout(page, app, mailbox):
    email = "walker@example.org"
    page.goto(f"{app.base_url}/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Check your inbox")).to_be_visible()

    _log_in(page, app, email)
    expect(page.get_by_role("alert")).to_contain_text("confirm your e-mail")

    page.goto(_confirm_link(mailbox, email))
    expect(page.get_by_text("Your account is confirmed")).to_be_visible()

    _log_in(page, app, email)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Today")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto(f"{app.base_url}/")
    expect(page).to_have_url(re.compile(r"/login\?next=/"))


def test_logged_out_visitor_returns_to_the_page_they_wanted(page, app, mailbox):
    email = "returner@example.org"
    page.goto(f"{app.base_url}/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Check your inbox")).to_be_visible()
    page.goto(_confirm_link(mailbox, email))
    expect(page.get_by_text("Your account is confirmed")).to_be_visible()

    page.goto(f"{app.base_url}/settings")
    expect(page).to_have_url(re.compile(r"/login\?next=/settings"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()


def test_wrong_password_gives_the_same_answer_as_an_unknown_address(page, app):
    _log_in(page, app, "nobody@example.org", "whatever password")
    unknown = page.get_by_role("alert").inner_text()
    _log_in(page, app, "walker@example.org", "not the password")
    expect(page.get_by_role("alert")).to_have_text(unknown)
