"""A habit's schedule as a small value type, with a compact text form and Loop's fractions."""

from dataclasses import dataclass
from enum import Enum

from easytrack.domain.calendar import WEEKDAY_NAMES

MAX_TEXT_LENGTH = 40
MAX_EVERY_DAYS = 365
MONTH_DAYS = 30  # Loop's denominator for "times per month"


class Kind(str, Enum):
    """How a schedule says which days are required."""

    DAILY = "daily"
    WEEKLY = "weekly"  # `times` per calendar week
    MONTHLY = "monthly"  # `times` per calendar month
    EVERY = "every"  # once every `every` days
    WEEKDAYS = "weekdays"  # on the given weekdays
    RATIO = "ratio"  # `times` per block of `every` days, blocks counted from 0001-01-01


def _check_range(value: int, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}")
    return value


@dataclass(frozen=True)
class Schedule:
    """Which days a habit asks for. Build it with the class-method constructors."""

    kind: Kind = Kind.DAILY
    times: int = 1
    every: int = 1
    weekdays: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        _VALIDATORS[self.kind](self)

    @classmethod
    def daily(cls) -> "Schedule":
        """Every day."""
        return cls(Kind.DAILY)

    @classmethod
    def per_week(cls, n: int) -> "Schedule":
        """`n` (1..7) times per calendar week."""
        return cls(Kind.WEEKLY, times=n)

    @classmethod
    def per_month(cls, n: int) -> "Schedule":
        """`n` (1..31) times per calendar month."""
        return cls(Kind.MONTHLY, times=n)

    @classmethod
    def every_days(cls, x: int) -> "Schedule":
        """Once every `x` (1..365) days, counted from the last done or skipped day."""
        return cls(Kind.EVERY, every=x)

    @classmethod
    def on_weekdays(cls, days) -> "Schedule":
        """On the given weekdays (a non-empty subset of 0=Monday … 6=Sunday)."""
        return cls(Kind.WEEKDAYS, weekdays=frozenset(days))

    @classmethod
    def ratio(cls, times: int, days: int) -> "Schedule":
        """`times` in consecutive blocks of `days` days (1 ≤ times ≤ days ≤ 365)."""
        return cls(Kind.RATIO, times=times, every=days)

    @classmethod
    def from_loop(cls, num: int, den: int) -> "Schedule":
        """Map Loop's "num times in den days" to the closest schedule (exact fraction kept)."""
        _check_range(den, 1, MAX_EVERY_DAYS, "frequency denominator")
        _check_range(num, 1, max(den, 31), "frequency numerator")  # constructors check the rest
        if num == den == 1:
            return cls.daily()
        if den == 7:
            return cls.per_week(num)
        if den == MONTH_DAYS:
            return cls.per_month(num)
        if num == 1:
            return cls.every_days(den)
        if den == 31:
            return cls.per_month(num)
        return cls.ratio(num, den)

    @classmethod
    def from_text(cls, text: str) -> "Schedule":
        """Parse the compact storage form written by `to_text` ("daily", "week:3", …)."""
        if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
            raise ValueError("schedule text is missing or too long")
        if text == "daily":
            return cls.daily()
        name, _, arg = text.partition(":")
        try:
            return _PARSERS[name](arg)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"not a schedule: {text!r} ({exc})") from exc

    def to_text(self) -> str:
        """Return the compact storage form, e.g. "daily", "week:3", "days:0,2,4", "ratio:2/3"."""
        return {
            Kind.DAILY: lambda: "daily",
            Kind.WEEKLY: lambda: f"week:{self.times}",
            Kind.MONTHLY: lambda: f"month:{self.times}",
            Kind.EVERY: lambda: f"every:{self.every}",
            Kind.WEEKDAYS: lambda: "days:" + ",".join(map(str, sorted(self.weekdays))),
            Kind.RATIO: lambda: f"ratio:{self.times}/{self.every}",
        }[self.kind]()

    def describe(self) -> str:
        """Return a short English description, e.g. "3 times a week" or "Mon, Wed, Fri"."""
        if self.kind is Kind.DAILY:
            return "Every day"
        if self.kind is Kind.WEEKLY:
            return f"{_times(self.times)} a week"
        if self.kind is Kind.MONTHLY:
            return f"{_times(self.times)} a month"
        if self.kind is Kind.EVERY:
            return "Every day" if self.every == 1 else f"Every {self.every} days"
        if self.kind is Kind.WEEKDAYS:
            return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        return f"{_times(self.times)} in {self.every} days"

    def as_fraction(self) -> tuple[int, int]:
        """Return Loop's (numerator, denominator): daily 1/1, n/7, n/30, 1/x, k/7, n/d."""
        return {
            Kind.DAILY: (1, 1),
            Kind.WEEKLY: (self.times, 7),
            Kind.MONTHLY: (self.times, MONTH_DAYS),
            Kind.EVERY: (1, self.every),
            Kind.WEEKDAYS: (len(self.weekdays), 7),
            Kind.RATIO: (self.times, self.every),
        }[self.kind]


def _bad_weekday(day) -> bool:
    return isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6


def _check_weekdays(s: Schedule) -> None:
    if not s.weekdays or any(_bad_weekday(d) for d in s.weekdays):
        raise ValueError("weekdays must be a non-empty set of numbers 0 (Mon) to 6 (Sun)")


def _check_ratio(s: Schedule) -> None:
    _check_range(s.every, 1, MAX_EVERY_DAYS, "days in a block")
    _check_range(s.times, 1, s.every, "times in a block")


_VALIDATORS = {
    Kind.DAILY: lambda s: None,
    Kind.WEEKLY: lambda s: _check_range(s.times, 1, 7, "times per week"),
    Kind.MONTHLY: lambda s: _check_range(s.times, 1, 31, "times per month"),
    Kind.EVERY: lambda s: _check_range(s.every, 1, MAX_EVERY_DAYS, "days between repeats"),
    Kind.WEEKDAYS: _check_weekdays,
    Kind.RATIO: _check_ratio,
}


def _times(n: int) -> str:
    return {1: "Once", 2: "Twice"}.get(n, f"{n} times")


def _int(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 3:
        raise ValueError("expected a small number")
    return int(text)


def _ratio(arg: str) -> Schedule:
    times, _, days = arg.partition("/")
    return Schedule.ratio(_int(times), _int(days))


_PARSERS = {
    "week": lambda arg: Schedule.per_week(_int(arg)),
    "month": lambda arg: Schedule.per_month(_int(arg)),
    "every": lambda arg: Schedule.every_days(_int(arg)),
    "days": lambda arg: Schedule.on_weekdays(_int(d) for d in arg.split(",")),
    "ratio": _ratio,
}
