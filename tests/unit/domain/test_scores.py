"""Loop's habit-strength score on small histories of our own."""

from datetime import date, timedelta

import pytest

from easytrack.domain.marks import State
from easytrack.domain.scores import multiplier, score_on, score_series
from tests.unit.domain.histories import TODAY, ago, amounts, history

START = TODAY - timedelta(days=99)


def perfect_daily(days: int) -> float:
    start = TODAY - timedelta(days=days - 1)
    entries = {start + timedelta(days=i): State.DONE for i in range(days)}
    return score_on(entries, num=1, den=1, start=start, day=TODAY)


@pytest.mark.parametrize(
    ("days", "expected"), [(1, 0.052), (7, 0.312), (13, 0.500), (30, 0.798), (60, 0.959)]
)
def test_perfect_daily_habit_matches_published_figures(days, expected):
    # The published 0.312 for 7 days is 0.31150 rounded twice (to 0.3115, then 0.312).
    assert perfect_daily(days) == pytest.approx(expected, abs=0.0006)


def test_series_is_oldest_first_and_inclusive():
    series = score_series(history(done=range(5)), num=1, den=1, start=ago(4)[0], end=TODAY)
    assert [d for d, _ in series] == ago(4, 3, 2, 1, 0)
    assert series[-1][1] == score_on(
        history(done=range(5)), num=1, den=1, start=ago(4)[0], day=TODAY
    )


def test_empty_range_and_days_before_start():
    assert score_series({}, num=1, den=1, start=TODAY, end=TODAY - timedelta(days=1)) == []
    assert score_on({}, num=1, den=1, start=TODAY, day=TODAY - timedelta(days=1)) == 0.0
    assert score_on({}, num=1, den=1, start=TODAY, day=TODAY) == 0.0


def test_skip_day_carries_the_score_over():
    series = dict(
        score_series(history(done=(3, 2, 0), skip=(1,)), num=1, den=1, start=ago(3)[0], end=TODAY)
    )
    assert series[ago(1)[0]] == series[ago(2)[0]]
    assert series[TODAY] > series[ago(1)[0]]


def test_missed_day_decays_by_the_multiplier():
    series = score_series(history(done=(1,), no=(0,)), num=1, den=1, start=ago(1)[0], end=TODAY)
    assert series[1][1] == pytest.approx(series[0][1] * multiplier(1, 1))


def test_string_states_count_like_enum_states():
    as_text = {d: s.value for d, s in history(done=(0, 2), skip=(1,)).items()}
    assert score_on(as_text, num=1, den=1, start=ago(2)[0], day=TODAY) == score_on(
        history(done=(0, 2), skip=(1,)), num=1, den=1, start=ago(2)[0], day=TODAY
    )


def test_entries_before_start_do_not_count():
    entries = history(done=range(30))
    late = score_on(entries, num=1, den=1, start=ago(4)[0], day=TODAY)
    assert late == score_on(history(done=range(5)), num=1, den=1, start=ago(4)[0], day=TODAY)


def test_non_daily_yes_no_uses_doubled_window():
    # 2-in-7: the window is 4 ticks in 14 days, so one tick earns a quarter of a full day.
    one_tick = score_on(history(done=(0,)), num=2, den=7, start=TODAY, day=TODAY)
    assert one_tick == pytest.approx(0.25 * (1 - multiplier(2, 7)))
    old_tick = score_series(history(done=(13,)), num=2, den=7, start=ago(13)[0], end=TODAY)
    after = score_series(history(done=(14,)), num=2, den=7, start=ago(14)[0], end=TODAY)
    assert old_tick[-1][1] > old_tick[-2][1] * multiplier(2, 7)  # still inside the 14 days
    assert after[-1][1] == pytest.approx(after[-2][1] * multiplier(2, 7))  # dropped out


def test_measurable_at_least_sums_the_window():
    runs = amounts({6: 5.0, 0: 5.0})  # 10 km within 7 days
    score = score_on(
        runs, num=1, den=7, start=ago(6)[0], day=TODAY, measurable=True, target_value=10
    )
    first = 0.5 * (1 - multiplier(1, 7))
    expected = first
    for _ in range(5):
        expected = expected * multiplier(1, 7) + 0.5 * (1 - multiplier(1, 7))
    expected = expected * multiplier(1, 7) + 1.0 * (1 - multiplier(1, 7))
    assert score == pytest.approx(expected)


def test_measurable_at_most_starts_full_and_drops_when_over():
    kw = dict(num=1, den=1, start=ago(1)[0], measurable=True, at_most=True, target_value=2)
    assert score_on(amounts({1: 1.0, 0: 2.0}), day=TODAY, **kw) == pytest.approx(1.0)
    over = score_on(amounts({1: 1.0, 0: 4.0}), day=TODAY, **kw)  # 100% over target → 0 that day
    assert over == pytest.approx(multiplier(1, 1))


def test_measurable_zero_targets():
    kw = dict(num=1, den=1, start=TODAY, day=TODAY, measurable=True, target_value=0)
    assert score_on(amounts({0: 0.0}), at_most=True, **kw) == 1.0
    assert score_on(amounts({0: 0.5}), at_most=True, **kw) == pytest.approx(multiplier(1, 1))
    assert score_on(amounts({0: 0.0}), **kw) == pytest.approx(1 - multiplier(1, 1))


def test_measurable_no_counts_as_zero_and_skip_carries():
    kw = dict(num=1, den=1, start=ago(1)[0], day=TODAY, measurable=True, target_value=1)
    with_no = score_on({**amounts({1: 1.0}), TODAY: State.NO}, **kw)
    with_skip = score_on({**amounts({1: 1.0}), TODAY: State.SKIP}, **kw)
    assert with_no == pytest.approx((1 - multiplier(1, 1)) * multiplier(1, 1))
    assert with_skip == pytest.approx(1 - multiplier(1, 1))


@pytest.mark.parametrize(
    ("num", "den", "target"), [(0, 1, 0), (1, 0, 0), (1, 1, -1), (1, 1, float("nan"))]
)
def test_invalid_parameters_raise(num, den, target):
    with pytest.raises(ValueError):
        score_on({}, num=num, den=den, start=TODAY, day=TODAY, target_value=target)


def test_long_history_stays_within_bounds():
    entries = {date(2022, 1, 1) + timedelta(days=i): State.DONE for i in range(0, 1200, 2)}
    series = score_series(entries, num=1, den=2, start=date(2022, 1, 1), end=max(entries))
    assert all(0.0 <= s <= 1.0 for _, s in series)
    assert series[-1][1] > 0.9
