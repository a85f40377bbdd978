"""Instant ticks in a real browser: refused ticks roll back, a lost connection ends in the server's state,
fast presses and drags end where the database is.

The page is opened with a session token put into LocalStorage (`easytrack_session`) before navigation, and
with the hook of bench/ui_latency.py: a wrapped `WebSocket` (the page's own socket is `window.__ws.sock`,
the last `.set_cell` frame the page sent is `window.__ws.lastSetCell`). "DOM == DB" means: every button of
the page shows in `aria-pressed` what the database stores (a "done" check-in, or none).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from bench.ui_latency import DOM_STATE, GRID_CELLS, HOME_BUTTONS, PAGE_HOOK, compare, done_cells, session_script
from tests.e2e.conftest import grid_fits
from tests.e2e.harness import ROOT, AppProcess

FUTURE_MESSAGE = "You can't fill in a day in the future."


# ---------------------------------------------------------------------------------------------- helpers

def _seed(engine, habits: int = 3, *, tz: str = "UTC") -> tuple[int, str, list[int]]:
    """A confirmed user with `habits` daily habits and a live session: (user id, session token, habit ids)."""
    from sqlmodel import Session

    from easytrack.models import Habit, User
    from easytrack.services.accounts import create_session
    from tests.factories import make_user

    with Session(engine, expire_on_commit=False) as s:
        user_id = make_user(s, email=f"ticks-{uuid.uuid4().hex[:8]}@example.org", timezone=tz, timezone_set=True)
        rows = [Habit(user_id=user_id, name=f"Tick {j + 1}", name_key=f"tick {j + 1}", position=j)
                for j in range(habits)]
        s.add_all(rows)
        s.flush()
        token = create_session(s, user_id=user_id, now=datetime.now(timezone.utc))
        s.commit()
        return user_id, token, [h.id for h in rows]


def _open(context, base_url: str, token: str, path: str, selector: str):
    context.add_init_script(session_script(token))
    context.add_init_script(PAGE_HOOK)
    page = context.new_page()
    page.goto(base_url + path)
    page.wait_for_function("() => window.__ws && window.__ws.connected")
    expect(page.locator(selector).first).to_be_visible()
    if path == "/grid":
        grid_fits(page)  # the recent view asks for the days that fit once mounted: the columns may move
    return page


def _settle(page, timeout_ms: float = 20_000) -> None:
    """No press pending any more, and a moment for the last frames."""
    page.wait_for_function("() => !document.querySelector('.tk-pend')", timeout=timeout_ms)
    page.wait_for_timeout(500)


def _mismatches(page, engine, habit_ids, selector: str, today: str) -> list[str]:
    return compare(page.evaluate(DOM_STATE, selector), done_cells(engine, habit_ids), today)


def _today(page) -> str:
    """The day the page treats as today (the grid marks it with aria-current)."""
    return page.locator(".tk-grid [role=columnheader][aria-current=date]").get_attribute("title")


def _centre(locator) -> tuple[float, float]:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _stored(engine, habit_id: int, day: str) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(text("SELECT state FROM checkins WHERE habit_id = :h AND day = :d"),
                            {"h": habit_id, "d": day}).all()


def _watch_classes(page, selector: str) -> None:
    """Record every class/aria-pressed change of one element in window.__hist."""
    page.evaluate("""(sel) => { const el = document.querySelector(sel); window.__hist = [];
      new MutationObserver(() => window.__hist.push([el.getAttribute('aria-pressed'), el.className]))
        .observe(el, {attributes: true}); }""", selector)


# ---------------------------------------------------------------------------------------------- (a) refused

def test_a_crafted_future_day_tick_is_refused_with_a_message_and_not_stored(context, app, app_engine):
    """The page's own websocket carries the component's own set_cell event, rewritten for tomorrow."""
    _, token, habits = _seed(app_engine, 2)
    page = _open(context, app.base_url, token, "/grid", GRID_CELLS)
    today = _today(page)
    tomorrow = (date.fromisoformat(today) + timedelta(days=1)).isoformat()
    expect(page.locator(f"{GRID_CELLS}[data-d='{tomorrow}']")).to_have_count(0)  # no button for it at all
    cell = page.locator(f"{GRID_CELLS}[data-h='{habits[0]}'][data-d='{today}']")
    # One real press, so the exact frame the component sends is known (event name, router data).
    page.mouse.click(*_centre(cell))
    expect(cell).to_have_attribute("aria-pressed", "true")
    _settle(page)
    frame = page.evaluate("window.__ws.lastSetCell")
    assert frame and frame.startswith("42/_event,"), frame
    sent = page.evaluate("""([frame, day]) => {
        const body = frame.slice(frame.indexOf('['));  // drop "42/_event," and any ack id
        const msg = JSON.parse(body);
        Object.assign(msg[1].payload, {day, value: '1', req: 'future1'});
        const out = '42/_event,' + JSON.stringify(msg);
        window.__ws.sock.send(out);
        return msg[1];
    }""", [frame, tomorrow])
    assert sent["name"].endswith(".set_cell") and sent["payload"]["habit_id"] == habits[0]
    status = page.locator(".tk-grid-wrap [role=status]")
    expect(status).to_have_text(FUTURE_MESSAGE)
    assert _stored(app_engine, habits[0], tomorrow) == []
    assert _stored(app_engine, habits[0], today) == [("done",)]
    assert _mismatches(page, app_engine, habits, GRID_CELLS, today) == []


def test_a_real_press_on_a_day_that_became_future_rolls_back_visibly(context, app, app_engine):
    """The page's today is a future day for the server (the zone moved 26 h back behind the page's back)."""
    user_id, token, habits = _seed(app_engine, 2, tz="Pacific/Kiritimati")  # UTC+14
    page = _open(context, app.base_url, token, "/", HOME_BUTTONS)
    with app_engine.begin() as conn:  # UTC-12: the page's "today" is now 1-2 days ahead of the server's
        conn.execute(text("UPDATE users SET timezone = 'Etc/GMT+12' WHERE id = :u"), {"u": user_id})
    sel = f"{HOME_BUTTONS}[data-h='{habits[0]}']"
    button = page.locator(sel)
    expect(button).to_have_attribute("aria-pressed", "false")
    _watch_classes(page, sel)
    page.mouse.click(*_centre(button))
    status = page.locator(".tk-btns-wrap [role=status]")
    expect(status).to_have_text(FUTURE_MESSAGE)
    expect(button).to_have_attribute("aria-pressed", "false")
    history = page.evaluate("window.__hist")
    assert history[0][0] == "true" and "tk-pend" in history[0][1], history  # flipped at once, pending
    assert any("tk-rb" in cls for _, cls in history), history  # then the rollback flash
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM checkins WHERE habit_id = :h"), {"h": habits[0]}).scalar() == 0


# ---------------------------------------------------------------------------------------------- (b) offline

@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    """An app of this module's own (it gets stopped and restarted): SQLite, .web-test-ticks, tmp states."""
    from easytrack.db import make_engine
    from easytrack.migrate import upgrade

    data = tmp_path_factory.mktemp("ticks")
    db_url = f"sqlite:///{data}/easytrack.db"
    upgrade(db_url)
    env = {"REFLEX_DB_URL": db_url, "REFLEX_WEB_WORKDIR": str(ROOT / ".web-test-ticks"),
           "REFLEX_STATES_WORKDIR": str(data / "states"), "EASYTRACK_SMTP_HOST": "127.0.0.1",
           "EASYTRACK_SMTP_PORT": "9", "EASYTRACK_SMTP_SECURITY": "none"}
    server = AppProcess(env=env, log_path=data / "app.log", db_url=db_url).start()
    engine = make_engine(db_url)
    yield server, engine
    engine.dispose()
    server.stop()


def test_a_press_made_while_the_server_is_down_ends_in_the_servers_state(context, own_app):
    server, engine = own_app
    _, token, habits = _seed(engine, 3)
    page = _open(context, server.base_url, token, "/", HOME_BUTTONS)
    first, second = (page.locator(f"{HOME_BUTTONS}[data-h='{h}']") for h in habits[:2])
    page.mouse.click(*_centre(first))
    expect(first).to_have_attribute("aria-pressed", "true")
    _settle(page)
    today = _home_today()
    assert _stored(engine, habits[0], today) == [("done",)]

    server.stop()  # the whole process group
    page.wait_for_function("() => !window.__ws.connected")
    page.mouse.click(*_centre(second))
    expect(second).to_have_attribute("aria-pressed", "true")  # flipped at once ...
    expect(second).to_have_class(_has("tk-pend"))  # ... and pending while offline
    status = page.locator(".tk-btns-wrap [role=status]")
    expect(status).to_have_text("Offline: will save when reconnected")
    page.wait_for_timeout(2000)
    expect(second).to_have_class(_has("tk-pend"))  # no rollback while offline

    server.start()  # same port, same database and state files
    page.wait_for_function("() => window.__ws.connected", timeout=60_000)
    _settle(page, 30_000)
    assert _mismatches(page, engine, habits, HOME_BUTTONS, today) == []
    # What Reflex does: the queued event is sent on reconnect, so the press is saved.
    assert _stored(engine, habits[1], today) == [("done",)]
    expect(second).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator(f"{HOME_BUTTONS}[data-h='{habits[1]}']")).to_have_attribute("aria-pressed", "true")
    assert _mismatches(page, engine, habits, HOME_BUTTONS, today) == []


def _home_today() -> str:
    """Today for the server (UTC users): the page has no day attribute on home buttons."""
    return datetime.now(timezone.utc).date().isoformat()


def _has(cls: str):
    import re

    return re.compile(rf"(^|\s){re.escape(cls)}(\s|$)")


# ---------------------------------------------------------------------------------------------- (c) fast

def test_twenty_fast_presses_on_one_cell_end_in_the_servers_state(context, app, app_engine):
    _, token, habits = _seed(app_engine, 3)
    page = _open(context, app.base_url, token, "/grid", GRID_CELLS)
    today = _today(page)
    sel = f"{GRID_CELLS}[data-h='{habits[1]}'][data-d='{today}']"
    cell = page.locator(sel)
    before = cell.get_attribute("aria-pressed")
    x, y = _centre(cell)
    for _ in range(20):
        page.mouse.click(x, y)
    _settle(page)
    assert page.evaluate("window.__m.res.length") >= 1
    assert _mismatches(page, app_engine, habits, GRID_CELLS, today) == []
    assert cell.get_attribute("aria-pressed") == before  # an even number of flips
    page.reload()
    page.wait_for_function("() => window.__ws && window.__ws.connected")
    expect(page.locator(sel)).to_have_attribute("aria-pressed", before)


def test_a_drag_across_ten_cells_then_an_immediate_reload_shows_what_the_server_stored(context, app, app_engine):
    _, token, habits = _seed(app_engine, 3)
    page = _open(context, app.base_url, token, "/grid", GRID_CELLS)
    today = date.fromisoformat(_today(page))
    days = [today - timedelta(days=n) for n in range(9, -1, -1) if (today - timedelta(days=n)).month == today.month]
    cells = [page.locator(f"{GRID_CELLS}[data-h='{habits[2]}'][data-d='{d.isoformat()}']") for d in days]
    x0, y0 = _centre(cells[0])
    x1, y1 = _centre(cells[-1])
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=4 * len(cells))
    page.mouse.up()
    page.reload()  # at once: some presses may still be on their way
    page.wait_for_function("() => window.__ws && window.__ws.connected")
    expect(page.locator(GRID_CELLS).first).to_be_visible()
    page.wait_for_timeout(1500)  # presses sent before the reload land; a live patch or nothing follows
    _settle(page)
    assert _mismatches(page, app_engine, habits, GRID_CELLS, today.isoformat()) == []
    # And a fresh load agrees too.
    page.reload()
    expect(page.locator(GRID_CELLS).first).to_be_visible()
    page.wait_for_timeout(500)
    assert _mismatches(page, app_engine, habits, GRID_CELLS, today.isoformat()) == []
