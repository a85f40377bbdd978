"""Local days, week and month windows, time zones and strict day parsing."""

from datetime import UTC, date, datetime, timedelta

import pytest

from easytrack.domain.calendar import (
    is_weekend,
    month_days,
    month_end,
    next_midnight_utc,
    parse_day,
    shift_month,
    today_in_zone,
    validate_timezone,
    week_days,
    week_start,
    weekday_order,
)

UTC = UTC
WED = date(2025, 3, 12)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/New_York", "UTC", "Pacific/Kiritimati"])
def test_validate_timezone_accepts_iana_names(name):
    assert validate_timezone(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Mars/Olympus",
        "../etc/passwd",
        "/etc/localtime",
        "localtime",
        "Europe/Berlin\x00",
        "Europe/",
        "x" * 10_000,
        None,
        42,
        "Europe/Berlin ",
    ],
)
def test_validate_timezone_rejects_garbage_with_value_error(name):
    with pytest.raises(ValueError, match="time zone"):
        validate_timezone(name)


def test_today_in_zone_uses_the_local_calendar_day():
    now = utc(2025, 3, 10, 23, 30)
    assert today_in_zone(now, "UTC") == date(2025, 3, 10)
    assert today_in_zone(now, "Europe/Berlin") == date(2025, 3, 11)
    assert today_in_zone(now, "America/New_York") == date(2025, 3, 10)


def test_today_in_zone_across_the_date_line():
    now = utc(2025, 3, 10, 10, 30)
    assert today_in_zone(now, "Pacific/Kiritimati") == date(2025, 3, 11)  # UTC+14
    assert today_in_zone(now, "Pacific/Pago_Pago") == date(2025, 3, 9)  # UTC-11


def test_today_in_zone_rejects_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        today_in_zone(datetime(2025, 3, 10, 12), "UTC")
    with pytest.raises(ValueError, match="aware"):
        next_midnight_utc(datetime(2025, 3, 10, 12), "UTC")


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        (utc(2025, 3, 10, 12), "UTC", utc(2025, 3, 11)),
        (utc(2025, 3, 29, 22, 30), "Europe/Berlin", utc(2025, 3, 29, 23)),  # before spring-forward
        (utc(2025, 3, 30, 12), "Europe/Berlin", utc(2025, 3, 30, 22)),  # 23-hour day
        (utc(2025, 10, 26, 12), "Europe/Berlin", utc(2025, 10, 26, 23)),  # 25-hour day
        (utc(2025, 3, 9, 12), "America/New_York", utc(2025, 3, 10, 4)),
        (utc(2025, 11, 2, 12), "America/New_York", utc(2025, 11, 3, 5)),
        (utc(2025, 3, 10, 9, 59), "Pacific/Kiritimati", utc(2025, 3, 10, 10)),
        (utc(2025, 3, 10, 10, 0), "Pacific/Kiritimati", utc(2025, 3, 11, 10)),
        (utc(2025, 3, 10, 10, 59), "Pacific/Pago_Pago", utc(2025, 3, 10, 11)),
    ],
)
def test_next_midnight_utc_is_the_next_local_day_boundary(now, tz, expected):
    assert next_midnight_utc(now, tz) == expected


def test_dst_days_last_23_and_25_hours():
    spring = next_midnight_utc(utc(2025, 3, 30, 1), "Europe/Berlin") - utc(2025, 3, 29, 23)
    fall = next_midnight_utc(utc(2025, 11, 2, 12), "America/New_York") - utc(2025, 11, 2, 4)
    assert spring == timedelta(hours=23)
    assert fall == timedelta(hours=25)


@pytest.mark.parametrize(
    "tz",
    [
        "Europe/Berlin",
        "America/New_York",
        "America/Havana",
        "America/Santiago",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
    ],
)
def test_next_midnight_starts_a_later_local_day_every_few_hours_for_years(tz):
    from zoneinfo import ZoneInfo

    zone, now = ZoneInfo(tz), utc(2011, 1, 1)
    while now < utc(2013, 1, 1):  # includes Samoa skipping 2011-12-30 and midnight DST jumps
        boundary = next_midnight_utc(now, tz)
        today = today_in_zone(now, tz)
        assert boundary > now and boundary.tzinfo == UTC
        assert boundary.astimezone(zone).date() > today
        assert (boundary - timedelta(microseconds=1)).astimezone(zone).date() == today
        now += timedelta(hours=5, minutes=17)


@pytest.mark.parametrize(("first_weekday", "expected"), [(0, 10), (6, 9), (5, 8), (2, 12), (3, 6)])
def test_week_start_depends_on_first_weekday(first_weekday, expected):
    assert week_start(WED, first_weekday) == date(2025, 3, expected)


def test_week_start_crosses_year_boundary():
    assert week_start(date(2025, 1, 1), 0) == date(2024, 12, 30)
    assert week_start(date(2025, 1, 1), 6) == date(2024, 12, 29)


def test_week_days_spans_month_boundary_oldest_first():
    days = week_days(date(2025, 3, 1), 0)
    assert days[0] == date(2025, 2, 24) and days[-1] == date(2025, 3, 2)
    assert len(days) == 7 and days == sorted(days)


def test_week_start_rejects_bad_first_weekday():
    with pytest.raises(ValueError, match="first weekday"):
        week_start(WED, 7)


def test_month_days_handles_leap_years():
    leap = month_days(date(2024, 2, 10))
    assert len(leap) == 29 and leap[-1] == date(2024, 2, 29)
    assert len(month_days(date(2025, 2, 10))) == 28
    assert len(month_days(date(1900, 2, 1))) == 28
    assert len(month_days(date(2000, 2, 1))) == 29
    assert month_days(date(2024, 12, 31))[-1] == date(2024, 12, 31)
    assert month_end(date(2024, 4, 5)) == date(2024, 4, 30)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 1)),
        (date(2025, 1, 15), -1, date(2024, 12, 1)),
        (date(2024, 12, 31), 14, date(2026, 2, 1)),
        (date(2024, 2, 29), -25, date(2022, 1, 1)),
        (date(2024, 2, 29), 0, date(2024, 2, 1)),
    ],
)
def test_shift_month_returns_first_of_target_month(day, n, expected):
    assert shift_month(day, n) == expected


def test_weekday_order_starts_at_first_weekday():
    assert weekday_order(0) == [0, 1, 2, 3, 4, 5, 6]
    assert weekday_order(6) == [6, 0, 1, 2, 3, 4, 5]
    assert weekday_order(5) == [5, 6, 0, 1, 2, 3, 4]


def test_is_weekend_only_saturday_and_sunday():
    assert [is_weekend(date(2025, 3, d)) for d in range(10, 17)] == [False] * 5 + [True] * 2


def test_parse_day_accepts_strict_iso_days():
    assert parse_day("2024-02-29") == date(2024, 2, 29)
    assert parse_day("9998-12-31") == date(9998, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-29",
        "2025-3-1",
        " 2025-03-01",
        "2025-03-01T00:00",
        "20250301",
        "",
        "１２３４-01-01",
        "1899-12-31",
        "9999-01-01",
        "2025-13-01",
        None,
        20250301,
        "x" * 5000,
    ],
)
def test_parse_day_rejects_anything_else(text):
    with pytest.raises(ValueError):
        parse_day(text)


def test_parse_day_error_names_the_format():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_day("03/01/2025")
