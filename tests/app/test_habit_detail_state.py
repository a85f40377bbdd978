"""The habit page's state: the owner sees their habit; anyone else, and any garbage id, sees only "not found"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from reflex.istate.data import PageData
from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.pages.habit_detail import HabitDetailState, parse_habit_id
from easytrack.services import checkins, habits
from easytrack.state.auth import utcnow
from easytrack.state.tracker import _reloadable
from tests.app.conftest import call, logged_in_tab, new_tab, substate

DATA_VARS = ("name", "color", "schedule", "cards", "heatmap", "heatmap_start", "months", "strength",
             "bars", "streaks", "notes")


def make_habit(engine, user_id: int, name: str = "Read <b>daily</b>", done=(0, 1, 2), notes=None) -> int:
    """A daily habit of `user_id` with the given day offsets (before today, in UTC) marked done."""
    today = today_in_zone(utcnow(), "UTC")
    with Session(engine, expire_on_commit=False) as session:
        _, habit = habits.create_habit(session, user_id=user_id, name=name)
        for offset in done:
            note = (notes or {}).get(offset)
            checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=today - timedelta(days=offset),
                                 state="done", note=note, today=today)
        session.commit()
    return habit.id


async def open_page(root, habit_id: object) -> HabitDetailState:
    """Run the page's on_load as if the browser were at /habits/<habit_id>."""
    root.rx_router_page = PageData(path="/habits/[habit_id]", params={"habit_id": habit_id})
    page = substate(root, HabitDetailState)
    await call(page, "load")
    return page


def assert_shows_nothing(page: HabitDetailState) -> None:
    assert page.loaded and page.missing and page.heading == "Habit"
    assert all(getattr(page, name) == HabitDetailState.get_fields()[name].default_value() for name in DATA_VARS)


async def test_the_owner_sees_the_habits_numbers_heatmap_and_charts(app_db):
    root, user_id = logged_in_tab(app_db, "owner@example.org")
    habit_id = make_habit(app_db, user_id, done=(0, 1, 2, 5), notes={1: "felt <i>good</i>", 5: "first"})
    page = await open_page(root, str(habit_id))
    assert page.loaded and not page.missing and page.has_history
    assert (page.heading, page.schedule) == ("Read <b>daily</b>", "Every day")
    cards = {c["label"]: c["value"] for c in page.cards}
    assert cards["Current streak"] == "3 days" and cards["Best streak"] == "3 days" and cards["Total"] == "4 days"
    assert len(page.heatmap) == 371 and page.heatmap.rstrip("f").endswith("100111")
    assert len(page.bars) == 12 and page.strength and 0 < page.strength[-1]["score"] <= 100
    assert [s["length"] for s in page.streaks] == ["3 days", "1 day"]
    assert [n["text"] for n in page.notes] == ["felt <i>good</i>", "first"]
    assert len(page.weekdays) == 7 and page.next_day_at > 0


async def test_a_habit_without_check_ins_shows_the_empty_state(app_db):
    root, user_id = logged_in_tab(app_db, "new@example.org")
    page = await open_page(root, str(make_habit(app_db, user_id, done=())))
    assert page.loaded and not page.missing and not page.has_history
    assert page.name == "Read <b>daily</b>" and page.notes == [] and page.streaks == []


async def test_a_measurable_habit_shows_its_target_totals_and_averages(app_db):
    root, user_id = logged_in_tab(app_db, "runner@example.org")
    today = today_in_zone(utcnow(), "UTC")
    with Session(app_db) as session:
        _, habit = habits.create_habit(session, user_id=user_id, name="Run", measurable=True, unit="km",
                                       target_value=5, target_period="week")
        checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=today, state="done", amount=7.5,
                             today=today)
        session.commit()
    page = await open_page(root, str(habit.id))
    assert page.schedule == "Every day · At least 5 km a week"
    cards = {c["label"]: c["value"] for c in page.cards}
    assert (cards["Total"], cards["Per day"], cards["Per week"]) == ("7.5 km", "7.5 km", "52.5 km")
    assert page.bars[-1]["value"] == 7.5 and page.bar_name == "Total (km)"


async def test_another_users_habit_shows_not_found_and_no_data(app_db):
    _, alice = logged_in_tab(app_db, "alice@example.org")
    alices_habit = make_habit(app_db, alice, name="Alice's secret", notes={0: "private"})
    bob, _ = logged_in_tab(app_db, "bob@example.org")
    assert_shows_nothing(await open_page(bob, str(alices_habit)))


GARBAGE_IDS = ["abc", "-1", "0", "999999", "99999999999999999999", "2147483648", "", " 1", "1.0", "١", None, 1,
               ["1"], {"id": "1"}]


@pytest.mark.parametrize("habit_id", GARBAGE_IDS)
async def test_missing_and_garbage_ids_show_not_found(app_db, habit_id):
    root, user_id = logged_in_tab(app_db, "garbage@example.org")
    make_habit(app_db, user_id)
    assert_shows_nothing(await open_page(root, habit_id))


async def test_moving_to_a_foreign_habit_clears_the_one_shown_before(app_db):
    _, alice = logged_in_tab(app_db, "alice3@example.org")
    alices_habit = make_habit(app_db, alice, name="Alice's")
    bob, bob_id = logged_in_tab(app_db, "bob3@example.org")
    bobs_habit = make_habit(app_db, bob_id, name="Bob's")
    assert (await open_page(bob, str(bobs_habit))).name == "Bob's"
    assert_shows_nothing(await open_page(bob, str(alices_habit)))


async def test_a_logged_out_tab_loads_nothing(app_db):
    _, owner = logged_in_tab(app_db, "owner2@example.org")
    page = await open_page(new_tab(), str(make_habit(app_db, owner)))
    assert not page.loaded and page.name == "" and page.heatmap == ""


async def test_a_deleted_habit_turns_into_not_found_on_live_reload(app_db):
    root, user_id = logged_in_tab(app_db, "deleter@example.org")
    habit_id = make_habit(app_db, user_id)
    page = await open_page(root, str(habit_id))
    assert HabitDetailState in _reloadable and page.name
    with Session(app_db) as session:
        habits.delete_habit(session, user_id=user_id, habit_id=habit_id)
        session.commit()
    await page._reload()
    assert_shows_nothing(page)


@pytest.mark.parametrize("text,expected", [("42", 42), ("007", 7), ("4294967296", 4294967296), ("12345678901", 0),
                                           ("-1", 0), ("1e3", 0), ("²", 0), (42, 0)])
def test_parse_habit_id_accepts_only_short_decimal_numbers(text, expected):
    assert parse_habit_id(text) == expected


async def test_three_times_a_week_reads_one_of_three_times_not_one_of_one_day(app_db):
    root, user_id = logged_in_tab(app_db, "quota@example.org")
    today = today_in_zone(utcnow(), "UTC")
    with Session(app_db, expire_on_commit=False) as session:
        _, habit = habits.create_habit(session, user_id=user_id, name="Swim", schedule="week:3")
        checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=today, state="done", today=today)
        session.commit()
    page = await open_page(root, str(habit.id))
    week = next(c for c in page.cards if c["label"] == "This week")
    assert (week["value"], week["hint"]) == ("33%", "1 of 3 times")


async def test_years_of_history_are_a_step_away_and_hostile_years_change_nothing(app_db):
    root, user_id = logged_in_tab(app_db, "years@example.org")
    today = today_in_zone(utcnow(), "UTC")
    with Session(app_db, expire_on_commit=False) as session:
        _, habit = habits.create_habit(session, user_id=user_id, name="Old")
        checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=today.replace(year=today.year - 2,
                             month=6, day=1), state="done", today=today)
        session.commit()
    page = await open_page(root, str(habit.id))
    assert (page.year, page.period_title, page.can_go_back) == (0, "Last 12 months", True)
    assert page.years == [str(today.year - k) for k in range(3)]
    await call(page, "step_year", -1)
    start = date.fromisoformat(page.heatmap_start)
    assert page.year == today.year - 1 and date(today.year - 2, 12, 25) <= start <= date(today.year - 1, 1, 1)
    await call(page, "step_year", -1)
    assert page.year == today.year - 2 and not page.can_go_back and "1" in page.heatmap
    for hostile in ("1999", "0x7e6", str(today.year), None, 2024, ["2024"]):
        await call(page, "show_year", hostile)
        assert page.year == today.year - 2
    for hostile in (True, 5, "-1", None):
        await call(page, "step_year", hostile)
        assert page.year == today.year - 2
    await call(page, "step_year", 1)
    await call(page, "step_year", 1)
    assert (page.year, page.period_title) == (0, "Last 12 months")
