"""Completion rates and amount totals over this week, month, year and all time."""

from datetime import date

import pytest

from easytrack.domain.frequency import Schedule
from easytrack.domain.stats import Completion, Span, completion, span_start
from easytrack.domain.target import Target
from tests.unit.domain.histories import TODAY, ago, amounts, history

DAILY = Schedule.daily()


def test_span_starts():
    assert span_start(Span.WEEK, TODAY, 0) == date(2025, 3, 10)
    assert span_start(Span.WEEK, TODAY, 6) == date(2025, 3, 9)
    assert span_start(Span.MONTH, TODAY, 0) == date(2025, 3, 1)
    assert span_start("year", TODAY, 0) == date(2025, 1, 1)
    assert span_start(Span.ALL, TODAY, 0) is None


def test_open_today_is_left_out_of_the_rate():
    result = completion(history(done=(1, 2, 5)), DAILY, today=TODAY, span=Span.WEEK)
    assert (result.start, result.done, result.missed, result.rate) == (ago(2)[0], 2, 0, 1.0)


def test_month_rate_excludes_skips_and_counts_misses():
    entries = history(done=(1, 2, 3, 4, 5, 7, 8, 10), skip=(9,), no=(6,))  # Mar 1 empty, today open
    result = completion(entries, DAILY, today=TODAY, span=Span.MONTH, since=date(2025, 1, 1))
    assert (result.done, result.missed, result.skipped, result.required) == (8, 2, 1, 10)
    assert result.rate == pytest.approx(0.8)


def test_all_time_starts_at_the_first_entry():
    result = completion(history(done=(20, 0), no=(10,)), DAILY, today=TODAY, span=Span.ALL)
    assert result.start == ago(20)[0] and result.done == 2 and result.missed == 19


def test_failed_quota_week_counts_only_the_shortfall_as_missed():
    entries = history(done=(16,), no=(15,))  # Mon Feb 24 done, Tue no: 1 of 3 that week
    result = completion(entries, Schedule.per_week(3), today=TODAY, span=Span.ALL)
    # That week: 1 done, 2 missed; week of Mar 3: 3 missed; this week: open.
    assert (result.done, result.missed) == (1, 5)


def test_no_history_gives_no_rate():
    result = completion({}, DAILY, today=TODAY, span=Span.ALL)
    assert result == Completion(start=TODAY, end=TODAY) and result.rate is None


def test_since_after_today_gives_nothing():
    assert (
        completion(
            history(done=(1,)), DAILY, today=TODAY, span=Span.WEEK, since=date(2026, 1, 1)
        ).done
        == 0
    )


def test_measurable_totals_and_averages():
    runs = amounts({9: 5.0, 5: 3.5, 2: 6.2, 0: 1.3})
    result = completion(
        {},
        DAILY,
        today=TODAY,
        span=Span.MONTH,
        amounts=runs,
        target=Target("km", 5),
        since=date(2025, 1, 1),
    )
    assert result.total == pytest.approx(16.0)
    assert result.per_day == pytest.approx(16.0 / 12)
    assert result.per_week == pytest.approx(16.0 * 7 / 12)
    assert result.done == 2  # 5.0 and 6.2 reach the 5 km target
