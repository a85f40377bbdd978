"""A Russian reader never meets English: every page, logged out and logged in, in a ru-RU browser.

Two checks on each page, over every visible text node and the texts a screen reader or tooltip shows
(aria-label, title, placeholder, alt, the window title):
  * no text is an English message of the catalogue (one whose Russian differs), placeholders matched;
  * no text holds a Latin word outside what is not language (the product's name, brand names, e-mail
    addresses, URLs, time zone names, file formats).
"""

from __future__ import annotations

import functools
import re
import uuid
import zoneinfo
from datetime import date, datetime, timedelta, timezone

from playwright.sync_api import expect

from bench.ui_latency import session_script
from easytrack import i18n, routes

# Texts that are the same in any language: names, formats, codes.
NOT_LANGUAGE = {
    "easytrack", "api", "json", "csv", "sqlite", "zip", "url", "urls", "https", "http", "loop", "habit", "tracker",
    "beaver", "ntfy", "gotify", "telegram", "matrix", "discord", "apprise", "pwa", "ios", "android", "safari",
    "chrome", "firefox", "utc", "gmt", "rest", "openapi", "vapid", "webhook", "english", "iphone", "ipad",
    "bearer", "token", "example", "org", "mailto", "db", "png", "svg", "ok", "alt", "push",
}
COLLECT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const shown = (el) => { for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e); if (s.display === 'none' || s.visibility === 'hidden') return false; }
    return true; };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent.trim();
    if (t && n.parentElement && !['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(n.parentElement.tagName)
        && shown(n.parentElement)) out.push(t);
  }
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt]'))
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
      const v = el.getAttribute(a); if (v && v.trim()) out.push(v.trim());
    }
  out.push(document.title);
  return out;
}"""


def _english_messages() -> list[re.Pattern]:
    """Each catalogue message whose Russian differs, as a pattern matching a whole text ({x} = anything)."""
    out = []
    for msgid, ru in i18n.catalog("ru").items():
        if (ru if isinstance(ru, str) else ru[0]) == msgid or len(msgid) <= 3:
            continue
        body = re.escape(msgid)
        body = re.sub(r"\\\{\w+\\\}", ".+", body)
        out.append(re.compile(rf"^{body}$"))
    return out


@functools.cache
def _zones() -> re.Pattern:
    """Every IANA time zone name ("Europe/Moscow", "CST6CDT", "Cuba"), also with spaces for underscores."""
    names = {z for zone in zoneinfo.available_timezones() for z in (zone, zone.replace("_", " "))}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _latin_words(text: str, allowed: set[str]) -> list[str]:
    # E-mail addresses, URLs and paths, commands in `backticks`, HTTP header names, time zone names.
    text = re.sub(r"\S+@\S+|https?://\S+|(?<!\w)/[\w/.-]+|`[^`]*`|Authorization: Bearer", " ", text)
    text = _zones().sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in allowed]


def _english_on(page, allowed: set[str], patterns) -> list[str]:
    page.wait_for_timeout(600)  # the page's own loads have landed
    texts = page.evaluate(COLLECT)
    found = [f"message: {t!r}" for t in texts if any(p.match(t) for p in patterns)]
    found += [f"latin {_latin_words(t, allowed)}: {t!r}" for t in texts if _latin_words(t, allowed)]
    return sorted(set(found))


def _seed_russian_user(engine) -> tuple[str, str, int]:
    """A confirmed Russian-speaking admin with habits (Russian names), a month of history: (email, token, habit)."""
    from sqlmodel import Session

    from easytrack.services import checkins, groups, habits
    from easytrack.services.accounts import create_session
    from tests.factories import make_user

    email = f"ru-{uuid.uuid4().hex[:8]}@example.org"
    today = datetime.now(timezone.utc).date()
    with Session(engine, expire_on_commit=False) as s:
        user_id = make_user(s, email=email, display_name="Анна", language="ru", timezone_set=True, is_admin=True)
        group = groups.create_group(s, user_id=user_id, name="Здоровье").group
        first = habits.create_habit(s, user_id=user_id, name="Зарядка", group_id=group.id).habit
        habits.create_habit(s, user_id=user_id, name="Чтение", measurable=True, unit="страниц", target_value=20)
        habits.create_habit(s, user_id=user_id, name="Бассейн", schedule="week:3")
        for back in range(0, 25):
            if back % 4 != 3:
                checkins.set_checkin(s, user_id=user_id, habit_id=first.id, day=today - timedelta(days=back),
                                     state="done", today=today)
        token = create_session(s, user_id=user_id, now=datetime.now(timezone.utc))
        s.commit()
        return email, token, first.id


PUBLIC = [routes.LOGIN, routes.REGISTER, routes.FORGOT, routes.RESEND, f"{routes.RESET}?token=nope",
          f"{routes.CONFIRM}?token=nope", f"{routes.UNSUBSCRIBE}?token=nope"]


def test_no_english_on_the_logged_out_pages(ru_context, app):
    patterns = _english_messages()
    page = ru_context.new_page()
    problems = {}
    for path in PUBLIC:
        page.goto(app.base_url + path)
        page.wait_for_function("() => document.documentElement.lang === 'ru'")
        if found := _english_on(page, NOT_LANGUAGE, patterns):
            problems[path] = found
    assert not problems, problems


def test_no_english_on_any_page_of_a_russian_account(ru_context, app, app_engine):
    email, token, habit_id = _seed_russian_user(app_engine)
    allowed = NOT_LANGUAGE | set(re.findall(r"[a-z]+", email))
    patterns = _english_messages()
    ru_context.add_init_script(session_script(token))
    page = ru_context.new_page()
    problems = {}
    for path in [routes.HOME, routes.GRID, routes.HABITS, routes.habit_url(habit_id), routes.SETTINGS,
                 routes.REMINDERS, routes.DATA, routes.TOKENS, routes.ADMIN]:
        page.goto(app.base_url + path)
        expect(page.locator("main h1")).to_be_visible()
        if found := _english_on(page, allowed, patterns):
            problems[path] = found
    # The grid's other views, with their month and weekday names.
    page.goto(app.base_url + routes.GRID)
    for view in ("Неделя", "Месяц"):
        page.get_by_role("radio", name=view).click()
        page.wait_for_timeout(400)
        if found := _english_on(page, allowed, patterns):
            problems[f"grid {view}"] = found
    assert not problems, problems
    month = i18n.month_year(date.today(), "ru")
    expect(page.get_by_role("heading", name=month)).to_be_visible()
