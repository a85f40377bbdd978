"""The tracker's wording in both languages: date ranges, schedules, periods, progress and day counts."""

from __future__ import annotations

from datetime import date

import pytest

from easytrack.domain.frequency import Schedule
from easytrack.domain.progress import Progress
from easytrack.pages.grid import _columns, _title
from easytrack.pages.habit_format import month_labels, weekday_labels
from easytrack.services import wording

D = date(2026, 12, 3)


@pytest.mark.parametrize(("first", "last", "en", "ru"), [
    (date(2026, 12, 1), date(2026, 12, 14), "1–14 December 2026", "1–14 декабря 2026\u202fг."),
    (date(2026, 11, 28), date(2026, 12, 4), "28 Nov – 4 Dec 2026", "28 нояб. – 4 дек. 2026\u202fг."),
    (date(2026, 12, 28), date(2027, 1, 3), "28 Dec 2026 – 3 Jan 2027", "28 дек. 2026\u202fг. – 3 янв. 2027\u202fг."),
])
def test_a_span_of_days_reads_with_the_genitive_month_in_russian(first, last, en, ru):
    assert _title([first, last], "recent", "en") == en
    assert _title([first, last], "recent", "ru") == ru


def test_a_month_heading_is_nominative():
    assert _title([date(2026, 12, 1), date(2026, 12, 31)], "month", "ru") == "Декабрь 2026"
    assert _title([date(2026, 5, 1), date(2026, 5, 31)], "month", "ru") == "Май 2026"
    assert _title([date(2026, 12, 1), date(2026, 12, 31)], "month", "en") == "December 2026"


def test_day_columns_name_their_weekday_in_the_language():
    days = [date(2026, 11, 30 + i) if i == 0 else date(2026, 12, i) for i in range(7)]
    assert [c["dow"] for c in _columns(days, D, "ru")] == ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    assert [c["dow"] for c in _columns(days, D, "en")] == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


@pytest.mark.parametrize(("n", "ru"), [(1, "1 день"), (2, "2 дня"), (4, "4 дня"), (5, "5 дней"), (11, "11 дней"),
                                       (21, "21 день"), (22, "22 дня"), (111, "111 дней")])
def test_streaks_use_russian_plural_forms(n, ru):
    assert wording.days_text(n, "ru") == ru
    assert wording.days_text(n, "en") == (f"{n} day" if n == 1 else f"{n} days")


@pytest.mark.parametrize(("text", "ru"), [
    ("daily", "Каждый день"), ("week:1", "Раз в неделю"), ("week:2", "Дважды в неделю"),
    ("week:3", "3 раза в неделю"), ("week:5", "5 раз в неделю"), ("month:21", "21 раз в месяц"),
    ("every:1", "Каждый день"), ("every:2", "Каждые 2 дня"), ("every:5", "Каждые 5 дней"),
    ("every:21", "Каждый 21 день"),
    ("days:0,2,4", "пн, ср, пт"), ("ratio:2/3", "Дважды за 3 дня"), ("ratio:4/10", "4 из 10 дней"),
])
def test_schedules_are_described_in_russian(text, ru):
    assert wording.describe_text(text, "ru") == ru


@pytest.mark.parametrize("text", ["daily", "week:1", "week:2", "week:3", "month:1", "month:2", "month:9",
                                  "every:1", "every:4", "days:0,2,4", "days:5,6", "ratio:1/3", "ratio:2/5",
                                  "ratio:3/10"])
def test_english_descriptions_are_the_domains_own(text):
    assert wording.describe_text(text, "en") == Schedule.from_text(text).describe()


def test_periods_and_quota_progress_in_both_languages():
    assert wording.period_phrase("week", "ru") == "в неделю" and wording.period_phrase("days:3", "ru") == "каждые 3 дня"
    assert wording.period_phrase("days:5", "en") == "every 5 days" and wording.period_phrase("day", "en") == "a day"
    week = Progress(2, 3, "week", D, D)
    assert wording.progress_text(week, "en") == week.short() == "2/3 this week"
    assert wording.progress_text(week, "ru") == "2/3 на этой неделе"
    assert wording.progress_text(Progress(1, 4, "month", D, D), "ru") == "1/4 в этом месяце"
    assert wording.progress_text(None, "ru") == ""


def test_heatmap_labels_use_cldr_names():
    assert weekday_labels(0, "ru") == ["", "вт", "", "чт", "", "сб", ""]
    assert weekday_labels(6, "en") == ["", "Mon", "", "Wed", "", "Fri", ""]
    names = [m["name"] for m in month_labels(date(2025, 12, 1), "ru")]
    assert names[:3] == ["дек.", "янв.", "февр."]
