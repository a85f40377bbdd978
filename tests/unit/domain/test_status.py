"""Day statuses: the shared classification behind streaks, stats and grids."""

from datetime import timedelta

from easytrack.domain.frequency import Schedule
from easytrack.domain.status import day_statuses, effective_schedule, history_start
from easytrack.domain.target import Direction, Period, Target
from tests.unit.domain.histories import TODAY, ago, amounts, history

WEEK_AGO, NEXT_WEEK = (
    TODAY - timedelta(days=9),
    TODAY + timedelta(days=4),
)  # Mon Mar 3 .. Sun Mar 16


def statuses(entries, schedule, **kw):
    return day_statuses(entries, schedule, start=WEEK_AGO, end=NEXT_WEEK, today=TODAY, **kw)


def test_daily_statuses_mark_missed_open_and_future():
    assert (
        statuses(history(done=(9, 8, 2), skip=(7,), no=(1,)), Schedule.daily())
        == "dds" + "mmmm" + "dmo" + "ffff"
    )


def test_weekday_statuses_leave_other_days_not_needed():
    got = statuses(history(done=(9, 5)), Schedule.on_weekdays({0, 2, 4}))
    assert got == "d-m-d--" + "m-o" + "ffff"


def test_every_days_statuses_count_from_the_last_done_day():
    # Done Sat Mar 1 and Fri Mar 7: Mar 2-3 not needed, Mar 4 due …, Mar 10 due again.
    got = statuses(history(done=(11, 5)), Schedule.every_days(3))
    assert got == "-mmmd--" + "mmo" + "ffff"


def test_every_days_today_is_open_when_due():
    assert statuses(history(done=(3,)), Schedule.every_days(3))[9] == "o"
    assert statuses(history(done=(2,)), Schedule.every_days(3))[9] == "-"


def test_weekly_quota_statuses_use_whole_weeks_even_for_a_short_window():
    entries = history(done=(9, 8))  # Mon+Tue last week: met
    whole = statuses(entries, Schedule.per_week(2))
    assert whole[:7] == "dd-----"
    tail = day_statuses(entries, Schedule.per_week(2), start=ago(4)[0], end=ago(3)[0], today=TODAY)
    assert tail == "--"


def test_current_week_quota_is_open_while_it_can_be_met():
    got = statuses(history(done=(2,)), Schedule.per_week(3))
    assert got[7:] == "doo" + "ffff"


def test_failed_week_misses_its_last_empty_days():
    got = statuses(history(done=(9,)), Schedule.per_week(3))
    assert got[:7] == "d----mm"


def test_monthly_periods_respect_month_lengths():
    entries = history(done=(13, 12, 11))  # Feb 27, Feb 28, Mar 1
    got = day_statuses(
        entries, Schedule.per_month(2), start=ago(14)[0], end=ago(10)[0], today=TODAY
    )
    assert got == "-dd" + "do"  # February met; March holds 1 of 2 and is still open


def test_effective_schedule_turns_period_targets_into_quotas():
    daily = Schedule.daily()
    assert effective_schedule(daily, None) is daily
    assert effective_schedule(daily, Target("km", 10, period=Period.WEEK)) == Schedule.per_week(1)
    assert effective_schedule(daily, Target("km", 10, period=Period.MONTH)) == Schedule.per_month(1)
    assert effective_schedule(daily, Target("", 5, Direction.AT_MOST, Period.WEEK)) is daily


def test_at_most_weekly_target_uses_the_running_total():
    target = Target("coffees", 5, Direction.AT_MOST, Period.WEEK)
    got = statuses({}, Schedule.daily(), amounts=amounts({9: 2, 8: 2, 7: 2}), target=target)
    assert got[:3] == "ddm"


def test_history_start_is_the_oldest_entry_up_to_today():
    assert history_start({}, None, TODAY) is None
    assert history_start(history(done=(3,)), amounts({5: 1.0}), TODAY) == ago(5)[0]
    assert history_start({TODAY + timedelta(days=1): "done"}, None, TODAY) is None


def test_empty_window_gives_empty_string():
    assert day_statuses({}, Schedule.daily(), start=TODAY, end=ago(1)[0], today=TODAY) == ""
