"""Local days, week and month windows, and IANA time zones (the clock is always an argument)."""

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

MAX_TZ_NAME_LENGTH = 64
MIN_YEAR = 1900
MAX_YEAR = 9998
WEEKEND = frozenset({5, 6})
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_TZ_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(validate_timezone(name))


def validate_timezone(name: str) -> str:
    """Return `name` if it is a known IANA time zone, e.g. "Europe/Berlin".

    Raises:
        ValueError: for non-strings, over-long or malformed names and unknown zones.
    """
    if not isinstance(name, str) or not 0 < len(name) <= MAX_TZ_NAME_LENGTH:
        raise ValueError("time zone must be an IANA name such as 'Europe/Berlin'")
    if not _TZ_NAME.fullmatch(name) or name in _NOT_ZONES:
        raise ValueError(f"unknown time zone {name!r}")
    known = _known_zones()
    if known and name not in known:
        raise ValueError(f"unknown time zone {name!r}")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


def _require_aware(now_utc: datetime) -> None:
    if not isinstance(now_utc, datetime) or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be a timezone-aware datetime")


def today_in_zone(now_utc: datetime, tz: str) -> date:
    """Return the local calendar day in zone `tz` at the aware instant `now_utc`."""
    _require_aware(now_utc)
    return now_utc.astimezone(_zone(tz)).date()


def next_midnight_utc(now_utc: datetime, tz: str) -> datetime:
    """Return the first instant (aware, UTC) of the local day after the current one in `tz`.

    Always strictly after `now_utc`. Works across DST changes, including zones whose clocks
    jump at midnight (the new day then starts at the first existing local time).
    """
    _require_aware(now_utc)
    zone = _zone(tz)
    tomorrow = now_utc.astimezone(zone).date() + timedelta(days=1)
    boundary = datetime.combine(tomorrow, time(), tzinfo=zone).astimezone(UTC)
    if boundary.astimezone(zone).date() < tomorrow:  # midnight fell into a gap: fold=0 undershot
        boundary = datetime.combine(tomorrow, time(), tzinfo=zone, fold=1).astimezone(UTC)
    return boundary


def week_start(day: date, first_weekday: int) -> date:
    """Return the first day of the week holding `day`; `first_weekday` 0=Monday … 6=Sunday."""
    _check_weekday(first_weekday)
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def week_days(day: date, first_weekday: int) -> list[date]:
    """Return the 7 days of the week holding `day`, oldest first."""
    start = week_start(day, first_weekday)
    return [start + timedelta(days=i) for i in range(7)]


def month_end(day: date) -> date:
    """Return the last day of the month holding `day`."""
    return shift_month(day, 1) - timedelta(days=1)


def month_days(day: date) -> list[date]:
    """Return every day of the month holding `day`, from the 1st to the last, inclusive."""
    first = day.replace(day=1)
    return [first + timedelta(days=i) for i in range(month_end(day).day)]


def shift_month(day: date, n: int) -> date:
    """Return the first day of the month `n` months after (negative: before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def weekday_order(first_weekday: int) -> list[int]:
    """Return the 7 weekday numbers (0=Monday) in display order starting at `first_weekday`."""
    _check_weekday(first_weekday)
    return [(first_weekday + i) % 7 for i in range(7)]


def is_weekend(day: date) -> bool:
    """Return True for Saturdays and Sundays."""
    return day.weekday() in WEEKEND


def parse_day(text: str) -> date:
    """Parse a strict ``YYYY-MM-DD`` day with a year in MIN_YEAR..MAX_YEAR.

    Raises:
        ValueError: for anything else, with a message that names the expected format.
    """
    if not isinstance(text, str) or len(text) != 10 or not _DAY.fullmatch(text):
        raise ValueError(f"expected a day as YYYY-MM-DD, got {str(text)[:20]!r}")
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real calendar day") from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"year must be between {MIN_YEAR} and {MAX_YEAR}, got {day.year}")
    return day


def _check_weekday(first_weekday: int) -> None:
    if isinstance(first_weekday, bool) or first_weekday not in range(7):
        raise ValueError("first weekday must be 0 (Monday) to 6 (Sunday)")
