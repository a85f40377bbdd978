"""The habit page's data: numbers for a small known history, owner-scoped, in a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from easytrack.domain.streaks import Streak
from easytrack.services import checkins, habits
from easytrack.services.errors import HabitNotFound
from easytrack.services.habit_report import HEATMAP_WEEKS, Note, Point, habit_report
from easytrack.services.stats import habit_stats
from tests.factories import make_user

TODAY = date(2026, 3, 15)  # a Sunday
MONDAY, SUNDAY = 0, 6
# Day offsets from TODAY: four done days, a "no", a gap, one done day, a skip, a gap, three done days.
HISTORY = {-11: ("done", "<b>bold</b>"), -10: ("done", ""), -9: ("done", ""), -8: ("done", ""), -7: ("no", ""),
           -5: ("done", "short"), -4: ("skip", ""), -2: ("done", ""), -1: ("done", "good"), 0: ("done", "")}


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def new_habit(session, uid: int, name: str = "Read", **fields) -> int:
    _, habit = habits.create_habit(session, user_id=uid, name=name, **fields)
    return habit.id


def mark(session, uid: int, hid: int, offset: int, state: str = "done", **kwargs) -> None:
    checkins.set_checkin(session, user_id=uid, habit_id=hid, day=day(offset), state=state, today=TODAY, **kwargs)


@pytest.fixture
def read(session) -> tuple[int, int]:
    """A daily yes/no habit with HISTORY entered."""
    uid = make_user(session, email="reader@example.org")
    hid = new_habit(session, uid)
    for offset, (state, note) in HISTORY.items():
        mark(session, uid, hid, offset, state, note=note)
    session.commit()
    return uid, hid


def report(session, uid: int, hid: object, first_weekday: int = MONDAY):
    return habit_report(session, user_id=uid, habit_id=hid, today=TODAY, first_weekday=first_weekday)


def test_report_counts_streaks_and_rates_of_a_known_history(session, read):
    r = report(session, *read)
    assert (r.stats.streak_current, r.stats.streak_best, r.stats.total) == (3, 4, 8)
    assert (r.stats.week.done, r.stats.week.missed, r.stats.week.skipped) == (4, 2, 1)  # Mon 9 .. Sun 15 March
    assert (r.stats.all.done, r.stats.all.missed, r.stats.all.rate) == (8, 3, 8 / 11)
    # The skip on day -4 belongs to the streak of day -5, as in Loop.
    assert r.streaks == [Streak(day(-11), day(-8), 4), Streak(day(-2), day(0), 3), Streak(day(-5), day(-4), 2)]


def test_strength_chart_samples_weekly_and_ends_on_the_card_score(session, read):
    r = report(session, *read)
    stats = habit_stats(session, user_id=read[0], habit_id=read[1], day=TODAY)
    assert [p.day for p in r.strength] == [day(-7), day(0)]  # from the first entry on, every 7th day
    assert r.strength[-1].value == pytest.approx(stats.score) == pytest.approx(r.stats.score)
    assert 0 < r.strength[0].value < r.strength[1].value < 1


def test_heatmap_has_53_weeks_from_the_first_weekday(session, read):
    r = report(session, *read)
    assert r.heatmap_start == date(2025, 3, 10) and r.heatmap_start.weekday() == MONDAY
    assert len(r.heatmap) == HEATMAP_WEEKS * 7 == 371
    assert r.heatmap[-12:] == "1111x01s0111"  # 4 March .. 15 March: done ×4, no, nothing, done, skip, …
    assert set(r.heatmap[:-12]) == {"0"}


def test_heatmap_marks_the_rest_of_this_week_as_future(session, read):
    r = report(session, *read, first_weekday=SUNDAY)
    assert r.heatmap_start == date(2025, 3, 16) and r.heatmap_start.weekday() == SUNDAY
    assert r.heatmap[-7:] == "1ffffff"


def test_month_bars_count_done_days_for_twelve_months(session, read):
    r = report(session, *read)
    assert [p.day for p in r.months] == [date(2025, m, 1) for m in range(4, 13)] + [date(2026, m, 1) for m in (1, 2, 3)]
    assert [p.value for p in r.months] == [0.0] * 11 + [8.0]


def test_notes_come_newest_first_as_entered(session, read):
    notes = report(session, *read).notes
    assert notes == [Note(day(-1), "good"), Note(day(-5), "short"), Note(day(-11), "<b>bold</b>")]


def test_measurable_habit_totals_averages_and_partial_days(session):
    uid = make_user(session)
    hid = new_habit(session, uid, "Run", measurable=True, unit="km", target_value=5.0)
    for offset, km in ((-2, 6.0), (-1, 3.0), (0, 5.0)):
        mark(session, uid, hid, offset, amount=km)
    session.commit()
    r = report(session, uid, hid)
    assert r.stats.total == 14.0
    assert (r.per_day, r.per_week) == (pytest.approx(14 / 3), pytest.approx(14 * 7 / 3))
    assert r.heatmap[-3:] == "1p1"
    assert r.months[-1] == Point(date(2026, 3, 1), 14.0)
    assert r.streaks == [Streak(day(0), day(0), 1), Streak(day(-2), day(-2), 1)]


def test_an_at_most_habit_page_shows_over_limit_days_as_failures(session):
    uid = make_user(session)
    hid = new_habit(session, uid, "Coffee", measurable=True, unit="cups", target_value=2.0,
                    target_direction="at_most", target_period="days:2")
    for offset, cups in ((-4, 1.0), (-1, 3.0)):
        mark(session, uid, hid, offset, amount=cups)
    session.commit()
    r = report(session, uid, hid)
    # The 11th..15th in blocks of 2 days (the 15th starts one): 1 cup on the 11th is within; the 13th-14th
    # block goes over on the 14th (3 cups): that day is the failure; the 13th and today stay within.
    assert r.heatmap[-5:] == "111x1"
    assert r.strength[-1].value == pytest.approx(r.stats.score)


def test_an_at_most_habit_with_nothing_entered_charts_todays_strength(session):
    uid = make_user(session)
    hid = new_habit(session, uid, "Coffee", measurable=True, unit="cups", target_value=2.0,
                    target_direction="at_most")
    session.commit()
    r = report(session, uid, hid)
    assert r.strength == [Point(TODAY, 1.0)] and r.stats.score == 1.0


def test_a_habit_without_check_ins_has_an_empty_report(session):
    uid = make_user(session)
    hid = new_habit(session, uid)
    session.commit()
    r = report(session, uid, hid)
    assert r.stats.first_day is None and r.stats.score == 0.0
    assert (r.strength, r.streaks, r.notes) == ([], [], [])
    assert set(r.heatmap) == {"0"} and {p.value for p in r.months} == {0.0}


def test_someone_elses_habit_is_not_found(session, read):
    other = make_user(session, email="other@example.org")
    new_habit(session, other, "Mine")
    session.commit()
    with pytest.raises(HabitNotFound):
        report(session, other, read[1])


@pytest.mark.parametrize("habit_id", [0, -1, 10**20, 2**31, "1", None, True, 1.0])
def test_ids_that_cannot_exist_are_not_found(session, read, habit_id):
    with pytest.raises(HabitNotFound):
        report(session, read[0], habit_id)


def test_report_takes_two_queries_however_long_the_history(session, engine, read):
    uid, hid = read
    for offset in range(-400, -12):
        mark(session, uid, hid, offset)
    session.commit()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        r = report(session, uid, hid)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 2
    assert r.stats.streak_best == 388 and len(r.streaks) == 4  # day -12 is empty: -400..-13, then as before


def test_a_year_of_old_history_gets_its_heatmap_and_months(session):
    uid = make_user(session, email="loop@example.org")
    hid = new_habit(session, uid)
    for old in (date(2016, 3, 1), date(2016, 12, 31), date(2019, 1, 1)):
        checkins.set_checkin(session, user_id=uid, habit_id=hid, day=old, state="done", today=TODAY)
    session.commit()
    last12 = habit_report(session, user_id=uid, habit_id=hid, today=TODAY)
    assert last12.year is None and last12.years == tuple(range(2016, 2027)) and "1" not in last12.heatmap
    r = habit_report(session, user_id=uid, habit_id=hid, today=TODAY, year=2016)
    assert r.year == 2016 and len(r.heatmap) == HEATMAP_WEEKS * 7
    shown = {r.heatmap_start + timedelta(days=i) for i, c in enumerate(r.heatmap) if c == "1"}
    assert shown == {date(2016, 3, 1), date(2016, 12, 31)}
    assert [p.day for p in r.months] == [date(2016, m, 1) for m in range(1, 13)]
    assert r.months[2].value == 1 and r.months[11].value == 1
    for outside in (2015, 2026, 3000):  # before the history, this year (the last 12 months), the future
        assert habit_report(session, user_id=uid, habit_id=hid, today=TODAY, year=outside).year is None


def test_three_times_a_week_reports_this_weeks_times_against_the_quota(session):
    uid = make_user(session, email="swimmer@example.org")
    hid = habits.create_habit(session, user_id=uid, name="Swim", schedule="week:3").habit.id
    checkins.set_checkin(session, user_id=uid, habit_id=hid, day=TODAY - timedelta(days=1), state="done",
                         today=TODAY)
    session.commit()
    r = habit_report(session, user_id=uid, habit_id=hid, today=TODAY)
    assert (r.progress.done, r.progress.needed, r.progress.period) == (1, 3, "week")
    assert (r.stats.week.done, r.stats.week.missed) == (1, 0)  # the day rate alone would read 100 %
