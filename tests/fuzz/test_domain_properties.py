"""Hypothesis over the pure domain (easytrack.domain): scores, streaks and grid rows keep their promises."""

from __future__ import annotations

import os
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import MONTH, WEEK, row_cells, window_for
from easytrack.domain.marks import State
from easytrack.domain.scores import score_on, score_series
from easytrack.domain.streaks import best_streak, current_streak, streak_summary
from tests.fuzz import stats

TODAY = date(2026, 3, 15)
HISTORY = 120  # days of history before TODAY that entries fall in
EXAMPLES = int(os.environ.get("EASYTRACK_FUZZ_DOMAIN_EXAMPLES", "400"))
CONFIG = settings(max_examples=EXAMPLES, deadline=None, database=None,
                  derandomize=os.environ.get("EASYTRACK_FUZZ_RANDOM") != "1",
                  suppress_health_check=[HealthCheck.too_slow])

histories = st.dictionaries(st.integers(0, HISTORY - 1).map(lambda k: TODAY - timedelta(days=k)),
                            st.sampled_from(list(State)), max_size=HISTORY)
schedules = st.one_of(
    st.just(Schedule.daily()),
    st.integers(1, 7).map(Schedule.per_week),
    st.integers(1, 31).map(Schedule.per_month),
    st.integers(1, 30).map(Schedule.every_days),
    st.sets(st.integers(0, 6), min_size=1).map(Schedule.on_weekdays),
)
weekdays = st.integers(0, 6)


@CONFIG
@given(histories, st.integers(1, 7), st.integers(1, 31), st.integers(0, HISTORY + 30))
def test_the_score_stays_between_0_and_1(entries, num, den, span):
    stats.count("domain:score")
    start = min(entries, default=TODAY - timedelta(days=span))
    series = score_series(entries, num=num, den=max(num, den), start=start, end=TODAY + timedelta(days=3))
    assert all(0.0 <= value <= 1.0 for _, value in series)
    assert 0.0 <= score_on(entries, num=num, den=max(num, den), start=start, day=TODAY) <= 1.0


@CONFIG
@given(st.dictionaries(st.integers(0, HISTORY - 1).map(lambda k: TODAY - timedelta(days=k)),
                       st.floats(0, 1e6), max_size=60), st.floats(0, 1e6), st.booleans())
def test_the_score_of_a_measurable_habit_stays_between_0_and_1(amounts, target, at_most):
    stats.count("domain:score-measurable")
    start = min(amounts, default=TODAY)
    value = score_on(amounts, num=1, den=1, start=start, day=TODAY, measurable=True, target_value=target,
                     at_most=at_most)
    assert 0.0 <= value <= 1.0


@CONFIG
@given(histories, schedules, weekdays)
def test_streaks_fit_in_the_history_and_the_current_is_never_above_the_best(entries, schedule, first_weekday):
    stats.count("domain:streaks")
    kw = {"today": TODAY, "first_weekday": first_weekday}
    current, best = current_streak(entries, schedule, **kw), best_streak(entries, schedule, **kw)
    done = sum(1 for s in entries.values() if s == State.DONE)
    span = (TODAY - min(entries)).days + 1 if entries else 0
    assert 0 <= current <= best <= span and (best == 0) == (done == 0)
    assert streak_summary(entries, schedule, **kw) == type(streak_summary(entries, schedule, **kw))(current, best)


def _toggled(entries: dict, day: date) -> dict:
    out = dict(entries)
    if out.get(day) == State.DONE:
        del out[day]
    else:
        out[day] = State.DONE
    return out


@CONFIG
@given(histories, schedules, weekdays, st.integers(0, HISTORY - 1), st.sampled_from([MONTH, WEEK]))
def test_toggling_a_day_twice_gives_back_the_same_row(entries, schedule, first_weekday, back, view):
    stats.count("domain:toggle")
    day = TODAY - timedelta(days=back)
    days = window_for(view, day, first_weekday)
    kw = {"today": TODAY, "schedule": schedule, "first_weekday": first_weekday}
    before = row_cells(entries, days, **kw)
    once = _toggled(entries, day)
    twice = _toggled(once, day)
    if entries.get(day) in (None, State.DONE):  # a toggle only ever sets or clears "done"
        assert twice == entries
        assert row_cells(twice, days, **kw) == before
    assert row_cells(once, days, **kw)[days.index(day)] in "10-sxp"


@CONFIG
@given(histories, schedules, weekdays, st.dates(date(1900, 1, 1), date(9998, 11, 30)), st.sampled_from([MONTH, WEEK]))
def test_a_row_has_one_cell_per_day(entries, schedule, first_weekday, anchor, view):
    stats.count("domain:row")
    days = window_for(view, anchor, first_weekday)
    cells = row_cells(entries, days, today=TODAY, schedule=schedule, first_weekday=first_weekday)
    assert len(cells) == len(days) == (7 if view == WEEK else len(days))
    assert set(cells) <= set("01sx-fp")
    assert all(c == "f" for c, d in zip(cells, days) if d > TODAY)
