"""The target of a measurable habit and validation of entered amounts."""

import math
from dataclasses import dataclass
from enum import Enum

MAX_AMOUNT = 1_000_000
MAX_UNIT_LENGTH = 20
MAX_PERIOD_DAYS = 365


class Direction(str, Enum):
    """Whether the amount should reach the target or stay under it."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Period(str, Enum):
    """Over how many days the amounts are summed before comparing with the target."""

    DAY = "day"
    WEEK = "week"  # a calendar week (from the user's first weekday)
    MONTH = "month"  # a calendar month
    DAYS = "days"  # blocks of `Target.days` days, counted from 0001-01-01 like `Schedule.ratio`


# Loop sums a measurable habit's amounts over the last `den` days; these are our periods' windows.
WINDOW_DAYS = {Period.DAY: 1, Period.WEEK: 7, Period.MONTH: 30}


def parse_period(text) -> tuple[Period, int]:
    """Return (period, days in its window) for a stored period text: "day", "week", "month" or "days:N".

    "days:1" is "day". Raises ValueError for anything else (N must be 1..365).
    """
    if isinstance(text, Period):
        text = text.value
    if not isinstance(text, str) or len(text) > 8:
        raise ValueError("period must be day, week, month or days:N")
    name, sep, arg = text.partition(":")
    if not sep and name in ("day", "week", "month"):
        period = Period(name)
        return period, WINDOW_DAYS[period]
    if name != Period.DAYS.value or not (arg.isascii() and arg.isdigit() and len(arg) <= 3):
        raise ValueError("period must be day, week, month or days:N")
    days = int(arg)
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise ValueError(f"period must be day, week, month or days:N with N from 1 to {MAX_PERIOD_DAYS}")
    return (Period.DAY, 1) if days == 1 else (Period.DAYS, days)


def period_text(period: Period, days: int) -> str:
    """The stored form of a period: "day", "week", "month" or "days:N" (see `parse_period`)."""
    return f"days:{days}" if period is Period.DAYS else period.value


def period_phrase(text: str) -> str:
    """Words for a stored period, after an amount: "a day", "a week", "a month", "every 3 days"."""
    period, days = parse_period(text)
    return f"every {days} days" if period is Period.DAYS else f"a {period.value}"


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
    """E.g. Target("km", 10, Direction.AT_LEAST, Period.WEEK): at least 10 km a week.

    `period` also takes the stored text ("days:2": at least 10 km in each block of 2 days); `days` is
    then set from it (the window Loop sums for the score: 1, 7, 30 or N).
    """

    unit: str
    value: float
    direction: Direction = Direction.AT_LEAST
    period: Period = Period.DAY
    days: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.unit, str) or len(self.unit.strip()) > MAX_UNIT_LENGTH:
            raise ValueError(f"unit must be text of at most {MAX_UNIT_LENGTH} characters")
        try:
            direction = Direction(self.direction)
        except ValueError as exc:
            raise ValueError("direction must be at_least or at_most") from exc
        given = f"days:{self.days}" if self.period in (Period.DAYS, "days") else self.period
        period, days = parse_period(given)
        object.__setattr__(self, "unit", self.unit.strip())
        object.__setattr__(self, "value", validate_amount(self.value))
        object.__setattr__(self, "direction", direction)
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "days", days)

    @property
    def at_most(self) -> bool:
        """True when the amount should stay at or under the target."""
        return self.direction is Direction.AT_MOST

    def met(self, total: float) -> bool:
        """Return True when `total` (summed over the target's period) satisfies the target."""
        return total <= self.value if self.at_most else total >= self.value
