"""Targets of measurable habits and amount validation."""

import math

import pytest

from easytrack.domain.target import (
    Direction,
    Period,
    Target,
    parse_period,
    period_phrase,
    period_text,
    validate_amount,
)


@pytest.mark.parametrize(("given", "expected"), [(0, 0.0), (6.2, 6.2), (1_000_000, 1e6), (3, 3.0)])
def test_validate_amount_returns_float(given, expected):
    assert validate_amount(given) == expected
    assert isinstance(validate_amount(given), float)


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, -0.5, 1_000_000.01, True, False, "5", None, [1]]
)
def test_validate_amount_rejects_non_amounts(bad):
    with pytest.raises(ValueError, match="amount"):
        validate_amount(bad)


def test_target_normalises_and_defaults_to_at_least_per_day():
    target = Target(" km ", 10)
    assert target == Target("km", 10.0, Direction.AT_LEAST, Period.DAY)
    assert Target("min", 30, "at_most", "week").period is Period.WEEK
    assert Target("min", 30, "at_most", "week").at_most


def test_target_met_respects_direction():
    assert Target("km", 10).met(10) and not Target("km", 10).met(9.99)
    cigarettes = Target("", 2, Direction.AT_MOST)
    assert cigarettes.met(2) and cigarettes.met(0) and not cigarettes.met(3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("km", -1), "amount"),
        (("km", math.nan), "amount"),
        (("km", "10"), "amount"),
        (("x" * 21, 1), "unit"),
        ((None, 1), "unit"),
        (("km", 1, "about"), "direction"),
        (("km", 1, "at_least", "year"), "period"),
    ],
)
def test_target_validation_errors_are_clear(args, message):
    with pytest.raises(ValueError, match=message):
        Target(*args)


@pytest.mark.parametrize(("text", "period", "days"), [
    ("day", Period.DAY, 1), ("week", Period.WEEK, 7), ("month", Period.MONTH, 30), ("days:2", Period.DAYS, 2),
    ("days:365", Period.DAYS, 365), ("days:1", Period.DAY, 1), (Period.WEEK, Period.WEEK, 7),
])
def test_periods_parse_to_a_window_of_days(text, period, days):
    assert parse_period(text) == (period, days)
    assert Target("km", 3, period=text).days == days
    assert parse_period(period_text(period, days)) == (period, days)


@pytest.mark.parametrize("bad", ["days", "days:0", "days:366", "days:-1", "days:2 ", "Days:2", "year", "", None, 7,
                                 "days:١", "days:0002"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(ValueError, match="period"):
        parse_period(bad)


def test_period_phrases():
    assert [period_phrase(p) for p in ("day", "week", "month", "days:3")] == [
        "a day", "a week", "a month", "every 3 days"]
    assert Target("km", 3, period=Period.DAYS, days=4) == Target("km", 3, period="days:4")
