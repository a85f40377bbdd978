"""Shared by the browser journeys in Russian: logging in through the Russian form, and the check that no
English text of the catalogue (one whose Russian differs) is visible on a page."""

from __future__ import annotations

import functools
import re

from playwright.sync_api import expect

from easytrack import i18n
from tests.factories import PASSWORD

_PLACEHOLDER = re.compile(r"\{\w+\}")
# Names that stay as they are in every language (products): taken out of the text first, so "Habit {id}"
# does not find "Loop Habit Tracker".
PRODUCTS = re.compile(r"(?:Loop|Beaver) Habit Tracker|easytrack")


@functools.cache
def english_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """A pattern per English catalogue text (its placeholders match anything) whose Russian differs and whose
    fixed words are longer than 3 characters."""
    found = []
    for msgid, russian in i18n.catalog("ru").items():
        if (russian if isinstance(russian, str) else russian[0]) == msgid:
            continue
        parts = _PLACEHOLDER.split(msgid)
        if len("".join(parts).strip()) <= 3:
            continue
        body = ".+?".join(re.escape(p) for p in parts)
        start = r"(?<![\w/])" if re.match(r"\w", msgid) else ""
        end = r"(?!\w)" if re.search(r"\w$", msgid) else ""
        found.append((msgid, re.compile(start + body + end)))
    return tuple(found)


def english_shown(page, selector: str = "body", names: tuple[str, ...] = ()) -> list[str]:
    """The English catalogue texts visible in the page (or the part `selector` picks). `names` are the
    user's own texts (habit names) and are left out, and so is anything in «quotes» (names from a file)."""
    text = re.sub(r"«[^»]*»", "«·»", PRODUCTS.sub("·", page.locator(selector).first.inner_text()))
    for name in names:
        text = text.replace(name, "·")
    return [msgid for msgid, pattern in english_patterns() if pattern.search(text)]


def assert_russian(page, selector: str = "body", names: tuple[str, ...] = ()) -> None:
    page.wait_for_timeout(300)  # a re-render after the last state delta
    shown = english_shown(page, selector, names)
    assert shown == [], f"English texts on {page.url}: {shown}"


def log_in_russian(page, app, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{app.base_url}/login")
    page.get_by_label("Эл. почта").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Сегодня", exact=True)).to_be_visible()
