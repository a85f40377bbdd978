"""The grid's state: by default the last N days ending today, N as the browser says fit; paging by N days."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.pages.grid import GridState
from easytrack.services import checkins, habits
from easytrack.state.auth import utcnow
from tests.app.conftest import call, logged_in_tab, substate


async def _grid(app_db, email: str) -> GridState:
    root, user_id = logged_in_tab(app_db, email)
    today = today_in_zone(utcnow(), "UTC")
    with Session(app_db, expire_on_commit=False) as session:
        _, habit = habits.create_habit(session, user_id=user_id, name="Read", measurable=True, unit="pages",
                                       target_value=10)
        checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=today, state="done", amount=12,
                             note="a <b>good</b> book", today=today)
        session.commit()
    grid = substate(root, GridState)
    await call(grid, "load")
    return grid


async def test_the_grid_ends_at_today_and_shows_as_many_days_as_fit(app_db):
    grid = await _grid(app_db, "fit@example.org")
    today = today_in_zone(utcnow(), "UTC")
    assert grid.view == "recent" and len(grid.days) == 14 and grid.days[-1]["today"]
    await call(grid, "fit", 8)
    assert len(grid.days) == 8 and grid.days[-1]["d"] == today.isoformat()
    row = grid.rows[0]
    assert row["a"][-1] == "12" and row["n"] == {today.isoformat(): "a <b>good</b> book"}


async def test_paging_moves_by_the_days_shown_and_never_past_today(app_db):
    grid = await _grid(app_db, "page@example.org")
    await call(grid, "fit", 8)
    today = date.fromisoformat(grid.today)
    await call(grid, "previous_window")
    assert grid.days[-1]["d"] == (today - timedelta(days=8)).isoformat() and not any(d["today"] for d in grid.days)
    await call(grid, "next_window")
    await call(grid, "next_window")
    assert grid.anchor == "" and grid.days[-1]["d"] == today.isoformat()
    await call(grid, "set_view", "month")
    assert len(grid.days) >= 28 and grid.days[0]["d"].endswith("-01")


async def test_the_count_that_fitted_is_kept_in_the_browser_and_used_by_the_next_load(app_db):
    grid = await _grid(app_db, "kept@example.org")
    await call(grid, "fit", 20)
    assert grid.fitted_days == "20"
    grid.recent_n = 14  # a new tab: the server's default again, the browser still has "20"
    await call(grid, "load")
    assert len(grid.days) == 20
    for sent in ("abc", "999", "3", "-9", ""):  # the browser may send anything: ignored, the default holds
        grid.fitted_days, grid.recent_n = sent, 14
        await call(grid, "load")
        assert len(grid.days) == 14, sent
