"""Grid windows and the compact cell strings the UI renders."""

from datetime import date, timedelta

import pytest

from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells, window_for
from easytrack.domain.marks import Cell
from easytrack.domain.target import Direction, Target
from tests.unit.domain.histories import TODAY, amounts, history

DAILY = Schedule.daily()
THIS_WEEK = window_for("week", TODAY, 0)  # Mon Mar 10 .. Sun Mar 16


def cells(entries, schedule=DAILY, days=THIS_WEEK, **kw):
    return row_cells(entries, days, today=TODAY, schedule=schedule, **kw)


def test_window_for_month_and_week():
    march = window_for("month", TODAY, 0)
    assert march[0] == date(2025, 3, 1) and march[-1] == date(2025, 3, 31) and len(march) == 31
    assert len(window_for("month", date(2024, 2, 3), 0)) == 29
    assert THIS_WEEK[0] == date(2025, 3, 10) and len(THIS_WEEK) == 7
    assert window_for("week", TODAY, 6)[0] == date(2025, 3, 9)
    assert window_for("week", date(2025, 1, 1), 0)[0] == date(2024, 12, 30)


def test_window_for_rejects_unknown_views():
    with pytest.raises(ValueError, match="view"):
        window_for("year", TODAY, 0)


def test_daily_row_shows_done_no_empty_and_future():
    assert cells(history(done=(2,), no=(1,))) == "1x0ffff"


def test_skip_cell():
    assert cells(history(done=(2,), skip=(1,), no=(0,))) == "1sxffff"


def test_weekday_row_marks_unscheduled_days_not_needed():
    assert cells(history(done=(2,)), Schedule.on_weekdays({0, 2, 4})) == "1-0ffff"


def test_weekly_quota_met_leaves_the_rest_not_needed():
    assert cells(history(done=(2, 1)), Schedule.per_week(2)) == "11-ffff"
    assert cells(history(done=(2,)), Schedule.per_week(2)) == "10" + "0ffff"


def test_every_x_days_row_counts_from_a_done_day_before_the_window():
    assert cells(history(done=(3,)), Schedule.every_days(3)) == "--0ffff"


def test_week_row_counts_quota_from_days_before_the_window_in_the_same_week():
    sunday_weeks = window_for("week", TODAY, 6)  # Sun Mar 9 .. Sat Mar 15
    row = row_cells(
        history(done=(3, 2)),
        THIS_WEEK[:3],
        today=TODAY,
        schedule=Schedule.per_week(2),
        first_weekday=6,
    )
    assert row == "1--"
    assert (
        row_cells(
            history(done=(3, 2)),
            sunday_weeks,
            today=TODAY,
            schedule=Schedule.per_week(2),
            first_weekday=6,
        )
        == "11--fff"
    )


def test_measurable_row_shows_partial_amounts():
    target = Target("pages", 10)
    row = cells({}, amounts=amounts({2: 12, 1: 4, 0: 0}), target=target)
    assert row == "1px" + "ffff"


def test_at_most_row_shows_over_limit_as_failure_and_nothing_entered_as_within():
    coffee = Target("coffees", 2, Direction.AT_MOST)
    # Mon 1 cup, Tue 4 cups (over: not a green "partly"), Wed (today) nothing yet: within the limit.
    assert cells({}, amounts=amounts({2: 1, 1: 4}), target=coffee) == "1x1ffff"
    # Days before the first entry are not part of the history: they are not filled in.
    assert cells({}, amounts=amounts({1: 4}), target=coffee) == "0x1ffff"


def test_at_most_row_with_nothing_entered_is_within_the_limit_from_today():
    coffee = Target("coffees", 2, Direction.AT_MOST)
    assert cells({}, target=coffee) == "001ffff"


def test_at_most_weekly_limit_fails_the_days_once_the_week_is_over_it():
    drinks = Target("drinks", 5, Direction.AT_MOST, "week")
    assert cells({}, amounts=amounts({2: 3, 1: 3}), target=drinks) == "1x0ffff"


def test_month_row_has_one_cell_per_day():
    march = window_for("month", TODAY, 0)
    row = cells(history(done=range(12)), days=march)
    assert row == Cell.DONE * 12 + Cell.FUTURE * 19


def test_row_for_days_in_any_order_follows_the_given_order():
    days = list(reversed(THIS_WEEK))
    assert cells(history(done=(2,), no=(1,)), days=days) == "ffff0x1"
    assert cells({}, days=[]) == ""


def test_row_over_long_history_only_looks_at_the_window():
    long = {TODAY - timedelta(days=i): "done" for i in range(1, 1100)}
    assert cells(long) == "110ffff"
