"""Schedules: validation, compact text form, descriptions and Loop fractions."""

import pytest

from easytrack.domain.frequency import Kind, Schedule


@pytest.mark.parametrize(
    ("schedule", "text", "description", "fraction"),
    [
        (Schedule.daily(), "daily", "Every day", (1, 1)),
        (Schedule.per_week(1), "week:1", "Once a week", (1, 7)),
        (Schedule.per_week(3), "week:3", "3 times a week", (3, 7)),
        (Schedule.per_month(10), "month:10", "10 times a month", (10, 30)),
        (Schedule.every_days(2), "every:2", "Every 2 days", (1, 2)),
        (Schedule.on_weekdays({0, 2, 4}), "days:0,2,4", "Mon, Wed, Fri", (3, 7)),
        (Schedule.on_weekdays([6, 5]), "days:5,6", "Sat, Sun", (2, 7)),
        (Schedule.ratio(2, 3), "ratio:2/3", "Twice in 3 days", (2, 3)),
    ],
)
def test_schedule_text_description_and_fraction(schedule, text, description, fraction):
    assert schedule.to_text() == text
    assert Schedule.from_text(text) == schedule
    assert schedule.describe() == description
    assert schedule.as_fraction() == fraction


def test_schedules_are_hashable_values():
    assert Schedule.on_weekdays([4, 2, 0]) == Schedule.on_weekdays({0, 2, 4})
    assert len({Schedule.per_week(3), Schedule.per_week(3), Schedule.daily()}) == 2
    with pytest.raises(AttributeError):
        Schedule.daily().times = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Schedule.per_week(0), "times per week must be between 1 and 7"),
        (lambda: Schedule.per_week(8), "times per week must be between 1 and 7"),
        (lambda: Schedule.per_week(True), "times per week"),
        (lambda: Schedule.per_week(2.5), "times per week"),
        (lambda: Schedule.per_month(32), "times per month must be between 1 and 31"),
        (lambda: Schedule.every_days(0), "between 1 and 365"),
        (lambda: Schedule.every_days(366), "between 1 and 365"),
        (lambda: Schedule.on_weekdays(set()), "non-empty"),
        (lambda: Schedule.on_weekdays({7}), "0 \\(Mon\\) to 6"),
        (lambda: Schedule.on_weekdays({"1"}), "weekdays"),
        (lambda: Schedule.ratio(4, 3), "times in a block"),
        (lambda: Schedule(Kind.WEEKLY, times=9), "times per week"),
        (lambda: Schedule("hourly"), "hourly"),
    ],
)
def test_invalid_schedules_raise_human_messages(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "weekly",
        "week:",
        "week:x",
        "week:9",
        "week:-1",
        "days:",
        "days:0,,2",
        "days:7",
        "every:0",
        "every:1000",
        "ratio:3",
        "ratio:4/3",
        "month:1:2",
        "daily ",
        "week:٣",
        None,
        "x" * 500,
    ],
)
def test_from_text_rejects_garbage(text):
    with pytest.raises(ValueError):
        Schedule.from_text(text)


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (1, 1, Schedule.daily()),
        (3, 7, Schedule.per_week(3)),
        (7, 7, Schedule.per_week(7)),
        (1, 7, Schedule.per_week(1)),
        (2, 30, Schedule.per_month(2)),
        (1, 30, Schedule.per_month(1)),
        (4, 31, Schedule.per_month(4)),
        (1, 3, Schedule.every_days(3)),
        (2, 3, Schedule.ratio(2, 3)),
        (5, 14, Schedule.ratio(5, 14)),
    ],
)
def test_from_loop_maps_loop_frequencies(num, den, expected):
    assert Schedule.from_loop(num, den) == expected


@pytest.mark.parametrize(
    ("num", "den"), [(1, 1), (3, 7), (2, 30), (1, 3), (2, 3), (5, 14), (1, 365)]
)
def test_from_loop_keeps_the_exact_fraction_for_scores(num, den):
    assert Schedule.from_loop(num, den).as_fraction() == (num, den)


@pytest.mark.parametrize(("num", "den"), [(0, 7), (8, 7), (1, 0), (1, 400)])
def test_from_loop_rejects_impossible_fractions(num, den):
    with pytest.raises(ValueError):
        Schedule.from_loop(num, den)
