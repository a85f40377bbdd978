"""The target of a measurable habit and validation of entered amounts."""

import math
from dataclasses import dataclass
from enum import Enum

MAX_AMOUNT = 1_000_000
MAX_UNIT_LENGTH = 20


class Direction(str, Enum):
    """Whether the amount should reach the target or stay under it."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Period(str, Enum):
    """Over how many days the amounts are summed before comparing with the target."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def validate_amount(x) -> float:
    """Return `x` as a float if it is a finite number in 0..MAX_AMOUNT (inclusive).

    Raises:
        ValueError: for bools, strings, None, NaN, infinities and out-of-range numbers.
    """
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ValueError("amount must be a number")
    value = float(x)
    if not math.isfinite(value) or not 0 <= value <= MAX_AMOUNT:
        raise ValueError(f"amount must be between 0 and {MAX_AMOUNT:,}")
    return value


@dataclass(frozen=True)
class Target:
    """E.g. Target("km", 10, Direction.AT_LEAST, Period.WEEK): at least 10 km a week."""

    unit: str
    value: float
    direction: Direction = Direction.AT_LEAST
    period: Period = Period.DAY

    def __post_init__(self) -> None:
        if not isinstance(self.unit, str) or len(self.unit.strip()) > MAX_UNIT_LENGTH:
            raise ValueError(f"unit must be text of at most {MAX_UNIT_LENGTH} characters")
        try:
            direction, period = Direction(self.direction), Period(self.period)
        except ValueError as exc:
            raise ValueError(
                "direction must be at_least or at_most; period day, week or month"
            ) from exc
        object.__setattr__(self, "unit", self.unit.strip())
        object.__setattr__(self, "value", validate_amount(self.value))
        object.__setattr__(self, "direction", direction)
        object.__setattr__(self, "period", period)

    @property
    def at_most(self) -> bool:
        """True when the amount should stay at or under the target."""
        return self.direction is Direction.AT_MOST

    def met(self, total: float) -> bool:
        """Return True when `total` (summed over the target's period) satisfies the target."""
        return total <= self.value if self.at_most else total >= self.value
