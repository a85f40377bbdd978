"""Current, best and listed streaks for every kind of schedule."""

from datetime import timedelta

import pytest

from easytrack.domain.frequency import Schedule
from easytrack.domain.streaks import (
    Streak,
    best_streak,
    current_streak,
    streak_list,
    streak_summary,
)
from easytrack.domain.target import Direction, Period, Target
from tests.unit.domain.histories import TODAY, ago, amounts, history

DAILY = Schedule.daily()
MON_WED_FRI = Schedule.on_weekdays({0, 2, 4})


def streaks(entries, schedule=DAILY, **kw):
    return (
        current_streak(entries, schedule, today=TODAY, **kw),
        best_streak(entries, schedule, today=TODAY, **kw),
    )


def test_no_history_has_no_streaks():
    assert streaks({}) == (0, 0)
    assert streak_list({}, DAILY, today=TODAY) == []


def test_empty_today_does_not_break_the_current_streak():
    assert streaks(history(done=(1, 2, 3))) == (3, 3)


def test_done_today_extends_the_current_streak():
    assert streaks(history(done=(0, 1, 2, 3))) == (4, 4)


def test_current_streak_breaks_on_missed_day():
    assert streaks(history(done=(0, 1, 3, 4, 5))) == (2, 3)


def test_current_streak_is_zero_when_yesterday_was_missed():
    assert streaks(history(done=(2, 3))) == (0, 2)


def test_no_today_breaks_the_current_streak():
    assert streaks(history(done=(1, 2), no=(0,))) == (0, 2)


def test_skip_keeps_the_streak_and_counts_as_in_loop():
    assert streaks(history(done=(0, 2, 3), skip=(1,))) == (4, 4)
    assert streaks(history(done=(3,), skip=(0, 1, 2))) == (4, 4)
    assert streaks(history(skip=(0, 1))) == (0, 0)  # a run needs a done day


def test_entries_after_today_are_ignored():
    assert streaks({**history(done=(0, 1)), TODAY + timedelta(days=1): "done"}) == (2, 2)


def test_streak_list_is_newest_first_with_inclusive_done_bounds():
    entries = history(done=(0, 1, 4, 5, 6), skip=(7,), no=(3,))
    assert streak_list(entries, DAILY, today=TODAY) == [
        Streak(start=ago(1)[0], end=TODAY, length=2),
        Streak(start=ago(7)[0], end=ago(4)[0], length=4),  # the skip on day 7 begins it
    ]


def test_streak_summary_equals_the_separate_functions():
    entries = history(done=(0, 1, 4, 5, 6, 9), no=(3,))
    summary = streak_summary(entries, DAILY, today=TODAY)
    assert (summary.current, summary.best) == streaks(entries) == (2, 3)


def test_weekday_schedule_counts_the_days_between_as_loop_does():
    # Wed TODAY: done Mon 10, Fri 7, Wed 5, Mon 3; today is open: Mon 3 .. Tue 11 is 9 days.
    assert streaks(history(done=(2, 5, 7, 9)), MON_WED_FRI) == (9, 9)


def test_weekday_schedule_breaks_on_a_missed_scheduled_day():
    # Wed 5 missed: Mon 3 + Tue 4, then Fri 7 .. Tue 11.
    assert streaks(history(done=(2, 5, 9)), MON_WED_FRI) == (5, 5)
    assert [s.length for s in streak_list(history(done=(2, 5, 9)), MON_WED_FRI, today=TODAY)] == [5, 2]


def test_done_on_an_unscheduled_day_still_counts():
    assert streaks(history(done=(2, 4, 5)), MON_WED_FRI) == (5, 5)  # Fri 7 .. Tue 11, Sat 8 extra


def test_weekly_quota_met_makes_the_other_days_not_needed():
    # 2 a week (Mon-Sun weeks): Feb 25+26, then Sat 8 + Sun 9; this week still open.
    entries = history(done=(15, 14, 4, 3))
    assert streaks(entries, Schedule.per_week(2)) == (13, 13)  # Feb 25 .. Sun Mar 9


def test_weekly_quota_depends_on_first_weekday():
    entries = history(done=(15, 14, 4, 3))
    # Sunday weeks: Mar 2-8 holds only Sat 8, so its last empty day (Fri 7) is missed.
    assert streaks(entries, Schedule.per_week(2), first_weekday=6) == (2, 10)


def test_unmet_quota_of_current_week_is_not_a_break_until_impossible():
    entries = history(done=(2,))  # Mon done, Tue empty, today open
    assert streaks(entries, Schedule.per_week(6)) == (1, 1)
    assert streaks(entries, Schedule.per_week(7)) == (0, 1)  # Tue can no longer be made up


def test_monthly_quota_failed_month_breaks_at_its_end():
    entries = history(done=(66, 39, 38, 11, 1))  # Jan 5; Feb 1, 2; Mar 1, 11
    # Jan holds 1 of 2 (Jan 31 missed); Feb met; March met too: Feb 1 .. today.
    assert streaks(entries, Schedule.per_month(2)) == (40, 40)
    # 3 a month: Jan and Feb fail (Jan 30, 31 and Feb 28 missed): Feb 1 .. Feb 27 is the best;
    # March has 2 of 3 with 20 days left, still open: Mar 1 .. Mar 11.
    assert streaks(entries, Schedule.per_month(3)) == (11, 27)


def test_first_partial_period_is_not_held_against_the_history():
    # History starts Sat Mar 8: the unmet part of that week lies before the first entry.
    assert streaks(history(done=(4, 3)), Schedule.per_week(3)) == (2, 2)


def test_every_x_days_requires_the_day_x_after_a_done_day():
    assert streaks(history(done=(9, 6, 3, 0)), Schedule.every_days(3)) == (10, 10)
    assert streaks(history(done=(9, 6, 2)), Schedule.every_days(3)) == (3, 6)  # day 3 missed


def test_every_x_days_skip_restarts_the_interval():
    assert streaks(history(done=(6, 0), skip=(3,)), Schedule.every_days(3)) == (7, 7)


def test_ratio_schedule_from_loop_counts_blocks():
    schedule = Schedule.from_loop(2, 3)
    dense = history(done=range(0, 30))
    assert streaks(dense, schedule) == (30, 30)


def test_measurable_daily_target_counts_days_meeting_it():
    target = Target("pages", 10)
    kw = dict(amounts=amounts({3: 12, 2: 10, 1: 9, 0: 3}), target=target)
    assert streaks({}, **kw) == (0, 2)  # yesterday short, today still open


def test_measurable_partial_today_keeps_the_streak_open():
    kw = dict(amounts=amounts({2: 10, 1: 10, 0: 3}), target=Target("pages", 10))
    assert streaks({}, **kw) == (2, 2)


def test_at_most_target_breaks_when_exceeded():
    target = Target("cigarettes", 2, Direction.AT_MOST)
    kw = dict(amounts=amounts({3: 1, 2: 2, 1: 5, 0: 0}), target=target)
    assert streaks({}, **kw) == (1, 2)


def test_weekly_at_least_target_counts_the_day_the_total_is_reached():
    target = Target("km", 10, Direction.AT_LEAST, Period.WEEK)
    runs = amounts({14: 10, 8: 5, 6: 3, 4: 4, 2: 4})  # Feb 26; Mar 4+6+8 = 12; Mar 10: 4 open
    assert streaks({}, amounts=runs, target=target) == (12, 12)  # Feb 26 .. Sun Mar 9
    short = amounts({14: 10, 8: 5, 4: 3, 2: 4})  # Mar 3-9 reaches only 8: Sun 9 missed
    assert streaks({}, amounts=short, target=target) == (0, 11)


@pytest.mark.parametrize(
    "schedule", [DAILY, MON_WED_FRI, Schedule.per_week(3), Schedule.every_days(2)]
)
def test_streaks_span_their_days_and_hold_every_done_day(schedule):
    entries = history(done=(0, 1, 2, 5, 6, 9, 13, 20, 21, 22), skip=(3,), no=(4, 12))
    found = streak_list(entries, schedule, today=TODAY)
    assert all(s.length == (s.end - s.start).days + 1 for s in found)
    inside = {d for s in found for d in entries if s.start <= d <= s.end and entries[d] == "done"}
    assert len(inside) == 10


def test_daily_streak_is_its_done_days():
    # With a daily schedule and no skips, Loop's day count is the done days.
    assert streaks(history(done=(0, 1, 2, 4, 5, 6, 7))) == (3, 4)


def test_at_most_target_counts_days_with_nothing_entered_as_within():
    coffee = Target("coffees", 2, Direction.AT_MOST)
    # 1 cup on day 5, nothing since: six days within the limit, today included.
    assert streaks({}, amounts=amounts({5: 1}), target=coffee) == (6, 6)
    # 4 cups yesterday is a failure; today (nothing yet) is within.
    assert streaks({}, amounts=amounts({5: 1, 1: 4}), target=coffee) == (1, 4)
    # Nothing entered at all: the history starts today, within the limit (Loop scores it 1.0).
    assert streaks({}, target=coffee) == (1, 1)
