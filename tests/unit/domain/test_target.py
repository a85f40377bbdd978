"""Targets of measurable habits and amount validation."""

import math

import pytest

from easytrack.domain.target import Direction, Period, Target, validate_amount


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
