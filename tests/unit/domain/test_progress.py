"""Quota progress in today's week or month, and the "last N days" window."""

from datetime import date, timedelta

from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.progress import MAX_RECENT_DAYS, MIN_RECENT_DAYS, period_progress, recent_days

WED = date(2026, 12, 2)  # a Wednesday; its Monday-first week is 30 Nov .. 6 Dec


def _done(*days: date) -> dict[date, State]:
    return dict.fromkeys(days, State.DONE)


def test_three_times_a_week_counts_this_weeks_done_days_only():
    entries = _done(WED, WED - timedelta(days=1), WED - timedelta(days=3))  # Tue, Wed; Sun of last week
    p = period_progress(entries, Schedule.per_week(3), today=WED)
    assert (p.done, p.needed, p.period) == (2, 3, "week")
    assert p.short() == "2/3 this week"
    assert round(p.rate, 3) == 0.667


def test_week_follows_the_first_weekday():
    entries = _done(WED - timedelta(days=3))  # Sunday 29 Nov
    assert period_progress(entries, Schedule.per_week(2), today=WED, first_weekday=6).done == 1
    assert period_progress(entries, Schedule.per_week(2), today=WED, first_weekday=0).done == 0


def test_skips_no_and_future_days_are_not_done():
    entries = {WED: State.SKIP, WED - timedelta(days=1): State.NO, WED + timedelta(days=1): State.DONE}
    assert period_progress(entries, Schedule.per_week(3), today=WED).done == 0


def test_monthly_quota_and_rate_capped_at_one():
    entries = _done(*(date(2026, 12, d) for d in (1, 2)), date(2026, 11, 30))
    p = period_progress(entries, Schedule.per_month(1), today=WED)
    assert (p.done, p.needed, p.period, p.start, p.end) == (2, 1, "month", date(2026, 12, 1), date(2026, 12, 31))
    assert p.rate == 1.0


def test_other_schedules_have_no_period_progress():
    for schedule in (Schedule.daily(), Schedule.on_weekdays({0, 2}), Schedule.every_days(3)):
        assert period_progress(_done(WED), schedule, today=WED) is None


def test_recent_days_end_on_today_even_on_the_last_day_of_a_month():
    last = date(2026, 1, 31)
    days = recent_days(last, 8)
    assert days[-1] == last and days[0] == date(2026, 1, 24) and len(days) == 8
    assert days == sorted(days)


def test_recent_days_are_clamped():
    assert len(recent_days(WED, 1)) == MIN_RECENT_DAYS
    assert len(recent_days(WED, 1000)) == MAX_RECENT_DAYS
