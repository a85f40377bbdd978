"""Loop Habit Tracker's own unit-test expectations (uhabits-core ScoreListTest, StreakListTest, EntryListTest,
HabitTest), replayed on our domain. Histories are written, as in Loop's tests, as day offsets before today.
Where we differ on purpose the test pins our answer and docs/loop-parity.md says why."""

from datetime import date, timedelta

import pytest

from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.scores import score_series
from easytrack.domain.status import day_statuses
from easytrack.domain.streaks import streak_list
from easytrack.domain.target import Direction, Target

TODAY = date(2025, 3, 12)
E = 1e-6
RAMP = [0.655747, 0.636894, 0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.443734,
        0.413270, 0.381137, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067, 0.147820, 0.101149, 0.051922,
        0.0, 0.0, 0.0]


def days(offsets, value=State.DONE) -> dict:
    return {TODAY - timedelta(days=o): value for o in offsets}


def scores(entries, n=1, *, num=1, den=1, **kw) -> list[float]:
    """Loop's `habit.scores[today - i]` for i in 0..n-1: its history starts at the oldest entry (or today)."""
    start = min(entries, default=TODAY)
    series = dict(score_series(entries, num=num, den=den, start=start, end=TODAY, **kw))
    return [series.get(TODAY - timedelta(days=i), 0.0) for i in range(n)]


def miles(entries: dict, at_most: bool = False, target: float = 2.0, **kw) -> list[float]:
    """A numerical habit as Loop's fixtures make it: 2 miles a day."""
    return scores(entries, measurable=True, target_value=target, at_most=at_most, **kw)


def approx(values):
    return pytest.approx(values, abs=E)


# --- YesNoScoreListTest --------------------------------------------------------------------------------------

def test_yes_no_get_value():
    assert scores(days(range(20)), 23) == approx(RAMP)


def test_yes_no_get_value_with_skip():
    entries = {**days(range(20)), **days((5, 10, 11), State.SKIP)}
    expected = [0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.472617, 0.443734, 0.413270,
                0.381137, 0.347244, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067, 0.147820,
                0.101149, 0.051922, 0.0, 0.0, 0.0]
    assert scores(entries, 23) == approx(expected)


def test_yes_no_get_value_with_skip_2():
    entries = {**days((5,)), **days((4,), State.SKIP)}
    assert scores(entries, 7) == approx([0.041949, 0.044247, 0.046670, 0.049226, 0.051922, 0.051922, 0.0])


def test_yes_no_non_daily_with_skip():
    entries = {**days(range(18)), **days((10, 11, 12), State.SKIP)}
    expected = [0.365222, 0.333100, 0.299354, 0.263899, 0.226651, 0.191734, 0.159268, 0.129375, 0.102187,
                0.077839, 0.056477, 0.056477, 0.056477, 0.056477, 0.038251, 0.023319, 0.011848, 0.004014,
                0.0, 0.0, 0.0]
    assert scores(entries, 21, num=6, den=7) == approx(expected)


@pytest.mark.parametrize(("num", "den"), [(1, 1), (6, 7)])
def test_yes_no_perfect_with_skips_converges_to_one(num, den):
    skips = [7 * k + d for k in range(100) for d in (5, 6)]
    entries = {**days(range(500)), **days(skips, State.SKIP)}
    assert scores(entries, num=num, den=den) == approx([1.0])


def test_yes_no_imperfect_non_daily():
    entries = days(i for i in range(700) if i % 7 in (0, 1))
    assert scores(entries, num=3, den=7) == approx([2 / 3])
    assert scores(entries, num=4, den=7) == approx([0.5])


def test_yes_no_irregular_non_daily():
    entries = days(i for i in range(1400) if i % 14 in (0, 13))
    assert scores(entries, num=1, den=7) == pytest.approx([1.0], abs=1e-3)


def test_yes_no_high_score_in_reasonable_time():
    assert scores(days(range(90)))[0] > 0.99
    weekly = days(7 * i for i in range(39))
    assert scores(weekly, num=1, den=7)[0] > 0.99
    monthly = {**weekly, **days(30 * i for i in range(18))}  # Loop's test keeps the weekly checks
    assert scores(monthly, num=1, den=30)[0] > 0.99


def test_yes_no_recompute():
    assert scores({}) == approx([0.0])
    assert scores(days((0, 1))) == approx([0.101149])
    assert scores(days((0, 1)), num=1, den=2) == approx([0.054816])


def test_yes_no_add_then_remove():
    assert scores(days((0,))) == approx([0.051922])
    assert scores({}) == approx([0.0])  # removing the entry (Loop: UNKNOWN) leaves no history


# --- NumericalAtLeastScoreListTest (+ WithSkip) ----------------------------------------------------------------

def test_at_least_zero_target_is_finite():
    entries = {TODAY - timedelta(days=d): v / 1000 for d, v in zip((0, 1, 3, 5, 7, 8, 9, 10), range(100, 900, 100),
                                                                   strict=True)}
    assert 0.0 <= miles(entries, target=0.0)[0] <= 1.0


def test_at_least_get_value():
    assert miles(days(range(20), 2.0), n=23) == approx(RAMP)


def test_at_least_recompute_over_two_days():
    assert miles(days((0, 1), 2.0)) == approx([0.101149])
    assert miles(days((0, 1), 2.0), den=2) == approx([0.072631])


def test_at_least_high_score_in_reasonable_time():
    assert miles(days(range(90), 2.0))[0] > 0.99
    weekly = days((7 * i for i in range(39)), 2.0)
    assert miles(weekly, den=7)[0] > 0.99
    assert miles({**weekly, **days((30 * i for i in range(18)), 2.0)}, den=30)[0] > 0.99


def test_at_least_comparable_to_progress():
    assert miles(days(range(500), 1.0)) == approx([0.5])
    assert miles(days(range(500), 0.5)) == approx([0.25])


def test_at_least_overachieving_is_not_relevant():
    assert miles(days((0,), 10_000.0)) == approx([0.051922])


def test_at_least_with_skip_get_value():
    entries = {**days(range(20), 2.0), **days((10, 15), State.SKIP)}
    expected = [0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.443734, 0.413270,
                0.381137, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067, 0.192067, 0.147820,
                0.101149, 0.051922, 0.0, 0.0, 0.0]
    assert miles(entries, n=23) == approx(expected)


def test_at_least_skips_do_not_affect_the_score():
    initial = miles(days(range(500), 1.0))
    assert miles({**days(range(500), 1.0), **days(range(500, 1000), State.SKIP)}) == approx(initial)
    holes = {**days(range(300), 1.0), **days(range(300, 500), State.SKIP), **days(range(500, 700), 1.0),
             **days(range(700, 1000), State.SKIP)}
    assert miles(holes) == approx(initial)  # skipped days count as if they never existed


# --- NumericalAtMostScoreListTest ----------------------------------------------------------------------------

def test_at_most_zero_target_is_finite():
    assert 0.0 <= miles(days((0, 1), 0.5), at_most=True, target=0.0)[0] <= 1.0


def test_at_most_get_value():
    entries = {**days((20,), 1.0), **days(range(20), 5.0)}
    expected = [0.344253, 0.363106, 0.382992, 0.403967, 0.426090, 0.449426, 0.474039, 0.500000, 0.527383,
                0.556266, 0.586730, 0.618863, 0.652756, 0.688505, 0.726212, 0.765983, 0.807933, 0.852180,
                0.898851, 0.948078, 1.0, 0.0, 0.0]
    assert miles(entries, at_most=True, n=23) == approx(expected)


def test_at_most_recompute_starts_at_one_with_nothing_entered():
    assert miles({}, at_most=True) == approx([1.0])
    assert miles(days((0, 1), 5.0), at_most=True) == approx([0.898850])
    assert miles(days((0, 1), 5.0), at_most=True, den=2) == approx([0.927369])


def test_at_most_comparable_to_progress():
    assert miles(days(range(500), 3.0), at_most=True) == approx([0.5])
    assert miles(days(range(500), 3.5), at_most=True) == approx([0.25])


def test_at_most_under_and_over_achieving_are_not_relevant():
    assert miles(days((1,), 10_000.0), at_most=True) == approx([0.950773])
    assert miles({**days((0,), 5.0), **days((1,), 0.0)}, at_most=True) == approx([0.948077])
    assert miles({**days((0,), 5.0), **days((1,), 1.0)}, at_most=True) == approx([0.948077])


# --- HabitTest.test_isCompleted_numerical: a day is completed by its amount ----------------------------------

@pytest.mark.parametrize(("direction", "amount", "done"), [
    (Direction.AT_LEAST, 200, True), (Direction.AT_LEAST, 100, True), (Direction.AT_LEAST, 50, False),
    (Direction.AT_MOST, 200, False), (Direction.AT_MOST, 100, True), (Direction.AT_MOST, 50, True),
])
def test_a_day_is_completed_by_its_amount(direction, amount, done):
    statuses = day_statuses({}, Schedule.daily(), start=TODAY, end=TODAY, today=TODAY,
                            amounts={TODAY: float(amount)}, target=Target("", 100, direction))
    assert (statuses == "d") is done


# --- StreakListTest (createLongHabit, daily) and EntryListTest.testComputeBoolean ------------------------------

LONG = (0, 1, 3, 5, 7, 8, 9, 10, 12, 14, 15, 17, 19, 20, 26, 27, 28, 50, 51, 52, 53, 54, 58, 60, 63, 65, 70, 71,
        72, 73, 74, 75, 80, 81, 83, 89, 90, 91, 95, 102, 103, 108, 109, 120)


def best(found, limit):
    """Loop's getBest: the `limit` longest (ties: newest), then newest first."""
    top = sorted(found, key=lambda s: (-s.length, -s.end.toordinal()))[:limit]
    return [s.length for s in sorted(top, key=lambda s: s.end, reverse=True)]


def test_long_habit_streaks():
    found = streak_list(days(LONG), Schedule.daily(), today=TODAY)
    assert len(found) == 22
    assert [s.length for s in found[:4]] == [2, 1, 1, 4]
    assert best(found, 4) == [4, 3, 5, 6]
    assert best(found, 2) == [5, 6]


def test_best_streak_with_unknowns():
    found = streak_list({**days((0,)), **days((5,), State.NO)}, Schedule.daily(), today=TODAY)
    assert [s.length for s in found] == [1]


def test_every_three_days_fills_the_days_between_but_not_before_the_first_entry():
    # Loop (1 in 3 days, checks 4, 9, 10 days ago) fills days 2-3 and 7-8 and slides the oldest interval
    # back over days 11-12: streaks of 6 and 3 days. Ours start at the first entry: 4 and 3.
    found = streak_list(days((4, 9, 10)), Schedule.every_days(3), today=TODAY)
    assert [(s.length, (TODAY - s.start).days, (TODAY - s.end).days) for s in found] == [(3, 4, 2), (4, 10, 7)]
