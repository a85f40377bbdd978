"""When habit reminders fire: weekday masks, the user's own day (zones, DST, midnight), in pure functions."""

from datetime import UTC, date, datetime

import pytest

from easytrack.domain.calendar import today_in_zone
from easytrack.reminders.due import (
    EVERY_DAY,
    describe_weekdays,
    due_today,
    fires_on,
    weekday_mask,
    weekdays_of,
)

MONDAY = date(2026, 3, 16)
WEEKDAYS = 0b0011111  # Monday … Friday
SUNDAY_ONLY = 1 << 6


def due_ids(times, tz, now):
    return [rid for rid, _ in due_today(times, tz, today=today_in_zone(now, tz), now=now)]


def test_a_mask_round_trips_through_weekday_numbers():
    assert weekday_mask([0, 2, 4]) == 0b10101
    assert weekdays_of(0b10101) == (0, 2, 4)
    assert weekday_mask([6, 6, 0]) == 0b1000001  # repeats count once
    assert weekdays_of(EVERY_DAY) == (0, 1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize("bad", [[], [7], [-1], [True], ["1"], "0123", None, {"0": 1}, list(range(7)) * 5])
def test_a_mask_needs_one_weekday_at_least_and_only_numbers_0_to_6(bad):
    with pytest.raises(ValueError):
        weekday_mask(bad)


def test_a_reminder_fires_only_on_its_weekdays():
    week = [date(2026, 3, 16 + i) for i in range(7)]  # Monday … Sunday
    assert [fires_on(WEEKDAYS, d) for d in week] == [True] * 5 + [False] * 2
    assert [fires_on(SUNDAY_ONLY, d) for d in week] == [False] * 6 + [True]


def test_weekday_sets_read_as_words():
    assert [describe_weekdays(m) for m in (EVERY_DAY, WEEKDAYS, 0b1100000, 0b0010101)] == [
        "Every day", "Weekdays", "Weekends", "Mon, Wed, Fri"]


def test_two_reminders_of_a_day_are_due_each_at_its_own_time():
    times = [(1, 7 * 60, EVERY_DAY), (2, 21 * 60, EVERY_DAY)]
    assert due_ids(times, "UTC", datetime(2026, 3, 16, 6, 59, tzinfo=UTC)) == []
    assert due_ids(times, "UTC", datetime(2026, 3, 16, 7, 0, tzinfo=UTC)) == [1]
    assert due_ids(times, "UTC", datetime(2026, 3, 16, 21, 0, tzinfo=UTC)) == [1, 2]


def test_the_weekday_is_the_users_local_one_not_utcs():
    # Monday 08:00 in Tokyo is Sunday 23:00 UTC: a Monday-only reminder is due then, a Sunday-only one is not.
    now = datetime(2026, 3, 15, 23, 0, tzinfo=UTC)
    assert due_ids([(1, 8 * 60, 1 << 0), (2, 8 * 60, SUNDAY_ONLY)], "Asia/Tokyo", now) == [1]
    # Sunday 20:30 in Los Angeles is Monday 03:30 UTC: the Sunday one.
    now = datetime(2026, 3, 16, 3, 30, tzinfo=UTC)
    assert due_ids([(1, 20 * 60 + 30, 1 << 0), (2, 20 * 60 + 30, SUNDAY_ONLY)], "America/Los_Angeles", now) == [2]


def test_a_midnight_reminder_belongs_to_the_day_that_starts():
    monday_only = [(1, 0, 1 << 0)]
    assert due_ids(monday_only, "Europe/Berlin", datetime(2026, 3, 15, 22, 59, tzinfo=UTC)) == []  # Sun 23:59
    assert due_ids(monday_only, "Europe/Berlin", datetime(2026, 3, 15, 23, 0, tzinfo=UTC)) == [1]  # Mon 00:00
    # Late on Monday it is still due (the scheduler's claim keeps it to one send); on Tuesday it is not.
    assert due_ids(monday_only, "Europe/Berlin", datetime(2026, 3, 16, 22, 59, tzinfo=UTC)) == [1]
    assert due_ids(monday_only, "Europe/Berlin", datetime(2026, 3, 16, 23, 0, tzinfo=UTC)) == []


def test_a_reminder_in_the_spring_gap_is_due_when_the_clocks_jump_on_its_weekday():
    sunday = [(1, 2 * 60 + 30, SUNDAY_ONLY)]  # 29 March 2026 is a Sunday: 02:00 → 03:00 in Berlin
    assert due_ids(sunday, "Europe/Berlin", datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == []
    assert due_ids(sunday, "Europe/Berlin", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == [1]  # 03:30 CEST


def test_a_reminder_in_the_repeated_autumn_hour_is_due_at_its_first_occurrence():
    sunday = [(1, 2 * 60 + 30, SUNDAY_ONLY)]  # 25 October 2026 is a Sunday: 03:00 → 02:00 in Berlin
    assert due_ids(sunday, "Europe/Berlin", datetime(2026, 10, 25, 0, 29, tzinfo=UTC)) == []
    assert due_ids(sunday, "Europe/Berlin", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == [1]  # 02:30 CEST


def test_a_day_without_the_weekday_has_nothing_due_even_late():
    assert due_ids([(1, 60, WEEKDAYS)], "UTC", datetime(2026, 3, 21, 23, 59, tzinfo=UTC)) == []  # Saturday
    assert MONDAY.weekday() == 0
