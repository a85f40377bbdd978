"""Per-habit statistics: strength score, streaks, completion rates and totals from the entered history."""

from __future__ import annotations

import math
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from easytrack.domain.scores import multiplier
from easytrack.services import checkins, habits, stats
from easytrack.services.errors import HabitNotFound
from easytrack.services.tracker_types import CheckinInfo, HabitInfo
from tests.factories import make_user

TODAY = date(2026, 3, 15)  # a Sunday


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def setup(session, **fields) -> tuple[int, int]:
    uid = make_user(session)
    _, habit = habits.create_habit(session, user_id=uid, name="Read", **fields)
    session.commit()
    return uid, habit.id


def mark(session, uid, hid, offsets, state="done", **kwargs) -> None:
    for offset in offsets:
        checkins.set_checkin(session, user_id=uid, habit_id=hid, day=day(offset), state=state, today=TODAY, **kwargs)
    session.commit()


def test_a_habit_without_entries_has_empty_stats(session):
    uid, hid = setup(session)
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert (result.score, result.streak_current, result.streak_best, result.total) == (0.0, 0, 0, 0.0)
    assert result.first_day is None and result.all.rate is None


def test_daily_streaks_scores_and_rates(session):
    uid, hid = setup(session)
    mark(session, uid, hid, [-9, -8, -7, -6, -2, -1, 0])  # -5..-3 missed
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert (result.streak_current, result.streak_best, result.total, result.first_day) == (3, 4, 7.0, day(-9))
    assert (result.all.done, result.all.missed, result.all.rate) == (7, 3, 0.7)
    assert (result.week.start, result.week.done, result.week.missed) == (day(-6), 4, 3)  # Monday 9 March
    assert result.month.start == date(2026, 3, 6) and result.year.start == date(2026, 3, 6)  # history start
    m = multiplier(1, 1)
    expected = 0.0
    for done in [1, 1, 1, 1, 0, 0, 0, 1, 1, 1]:
        expected = expected * m + (1 - m) * done
    assert math.isclose(result.score, expected)


def test_skipped_days_keep_the_streak_and_count_in_it_as_in_loop(session):
    uid, hid = setup(session)
    mark(session, uid, hid, [-3, -1, 0])
    mark(session, uid, hid, [-2], state="skip")
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert (result.streak_current, result.all.skipped, result.total) == (4, 1, 3.0)


def test_entries_after_the_day_asked_for_are_ignored(session):
    uid, hid = setup(session)
    mark(session, uid, hid, [-5, -1, 0])
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=day(-2))
    assert (result.day, result.total, result.streak_current) == (day(-2), 1.0, 0)


def test_the_week_starts_on_the_users_first_weekday(session):
    uid, hid = setup(session)
    mark(session, uid, hid, [-10])
    sunday_first = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY, first_weekday=6)
    assert sunday_first.week.start == TODAY


def test_measurable_habits_count_amounts_against_their_target(session):
    uid, hid = setup(session, measurable=True, unit="km", target_value=5.0)
    mark(session, uid, hid, [-2, 0], amount=6.0)
    mark(session, uid, hid, [-1], amount=2.0)
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert result.total == 14.0 and result.all.total == 14.0
    assert (result.streak_current, result.streak_best) == (1, 1)  # 2 km of 5 broke the streak
    m = multiplier(1, 1)
    expected = 0.0
    for share in [1.0, 2 / 5, 1.0]:
        expected = expected * m + (1 - m) * share
    assert math.isclose(result.score, expected)


def test_a_weekly_target_scores_over_seven_days(session):
    uid, hid = setup(session, measurable=True, unit="km", target_value=14.0, target_period="week")
    mark(session, uid, hid, [-1, 0], amount=7.0)
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    m = multiplier(1, 7)
    expected = (0 * m + (1 - m) * 0.5) * m + (1 - m) * 1.0
    assert math.isclose(result.score, expected)
    assert result.streak_current == 1  # the week's total met the target


def test_someone_elses_habit_is_not_found(session):
    _, hid = setup(session)
    other = make_user(session, email="b@example.org")
    with pytest.raises(HabitNotFound):
        stats.habit_stats(session, user_id=other, habit_id=hid, day=TODAY)


def test_ten_years_of_history_are_computed_quickly():
    habit = HabitInfo(1, "Read", "", "", "#2f9e44", None, 0, False, "week:3", False, "", 0.0, "at_least", "day",
                      datetime(2016, 1, 1, tzinfo=timezone.utc))
    history = {day(-i): CheckinInfo(day(-i), "done" if i % 3 else "skip", None, "") for i in range(3650)}
    started = time.perf_counter()
    result = stats.compute_stats(habit, history, day=TODAY)
    assert time.perf_counter() - started < 0.5
    assert result.total == sum(1 for i in range(3650) if i % 3)


def test_at_most_streaks_and_rates_agree_with_the_strength(session):
    # "Coffee ≤ 2": one cup on the 1st, then nothing entered; 4 cups on the 10th.
    uid, hid = setup(session, measurable=True, unit="cups", target_value=2, target_direction="at_most")
    mark(session, uid, hid, [-14], amount=1)
    calm = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert (calm.streak_current, calm.month.done, calm.month.missed, calm.month.rate) == (15, 15, 0, 1.0)
    assert calm.score > 0.5  # Loop's strength: every day within the limit
    mark(session, uid, hid, [-5], amount=4)
    over = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert (over.streak_current, over.streak_best, over.month.missed, over.month.rate) == (5, 9, 1, 14 / 15)
    assert over.score < calm.score


def test_an_at_most_habit_with_nothing_entered_scores_one_on_its_first_day(session):
    uid, hid = setup(session, measurable=True, unit="cups", target_value=2, target_direction="at_most")
    result = stats.habit_stats(session, user_id=uid, habit_id=hid, day=TODAY)
    assert (result.score, result.streak_current, result.first_day) == (1.0, 1, None)  # as Loop: 1.0 on day one
    assert (result.month.done, result.month.missed, result.month.rate) == (1, 0, 1.0)
