"""Languages: choosing one, plural forms and dates from CLDR, messages with placeholders, service errors."""

from __future__ import annotations

from datetime import date

import pytest

from easytrack import i18n
from easytrack.services.errors import ValidationError


@pytest.mark.parametrize(("header", "expected"), [
    ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
    ("de-DE,de;q=0.9,ru;q=0.5,en;q=0.4", "ru"),  # the best-weighted language we have
    ("en;q=0.3, ru;q=0.8", "ru"),
    ("ru;q=0, en", "en"),  # q=0 means "not this one"
    ("fr-FR, de", "en"),
    ("", "en"), (None, "en"), ("x" * 3000, "en"), ("ru;q=abc", "en"), (";;;,,,", "en"),
])
def test_the_browser_language_is_negotiated_from_accept_language(header, expected):
    assert i18n.negotiate(header) == expected


def test_choose_takes_the_first_supported_language_and_refuses_junk():
    assert i18n.choose("", None, "de", "ru-RU", "en") == "ru"
    assert i18n.choose(42, "../../etc", "zz") == "en"
    assert i18n.supported("RU_ru") == "ru" and i18n.supported("ru;drop") is None


@pytest.mark.parametrize(("n", "form"), [(1, 0), (21, 0), (101, 0), (2, 1), (4, 1), (22, 1), (5, 2), (11, 2),
                                         (12, 2), (14, 2), (0, 2), (25, 2), (111, 2), (1000, 2)])
def test_russian_plural_forms_follow_cldr(n, form):
    assert i18n.plural_form("ru", n) == form


def test_ngettext_picks_the_russian_form_and_writes_the_number_in_russian():
    forms = i18n.catalog("ru").get("{n} day")
    if not isinstance(forms, tuple):
        pytest.skip("'{n} day' is not in the Russian catalogue yet")
    assert i18n.ngettext("ru", "{n} day", "{n} days", 1) == "1 день"
    assert i18n.ngettext("ru", "{n} day", "{n} days", 3) == "3 дня"
    assert i18n.ngettext("ru", "{n} day", "{n} days", 5) == "5 дней"
    assert i18n.ngettext("ru", "{n} day", "{n} days", 1234) == "1\xa0234 дня"
    assert i18n.ngettext("en", "{n} day", "{n} days", 1234) == "1,234 days"


def test_an_untranslated_message_reads_as_english_with_its_placeholders_filled():
    assert i18n.gettext("ru", "No such text {x} anywhere", x=3) == "No such text 3 anywhere"
    assert i18n.gettext("en", "Hello {name}, {missing}", name="Ann") == "Hello Ann, {missing}"


def test_dates_use_the_genitive_in_a_phrase_and_the_nominative_in_a_heading():
    d = date(2026, 12, 3)
    assert i18n.day_month(d, "ru") == "3 декабря"
    assert i18n.day_month(d, "en") == "3 December"
    assert i18n.month_year(d, "ru") == "Декабрь 2026"
    assert i18n.month_year(d, "en") == "December 2026"
    assert i18n.full_date(d, "ru") == "четверг, 3 декабря 2026\u202fг."
    assert i18n.full_date(d, "en") == "Thursday, 3 December 2026"
    assert [i18n.weekday_name(w, "ru") for w in range(7)] == ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    assert i18n.weekday_name(6, "en", "wide") == "Sunday"
    assert i18n.month_name(5, "ru") == "май" and i18n.month_name(5, "ru", "abbreviated") == "май"


def test_the_first_day_of_the_week_comes_from_the_locale():
    assert i18n.first_weekday("en-US") == 6
    assert i18n.first_weekday("ru") == 0 and i18n.first_weekday("ru-RU") == 0
    assert i18n.first_weekday("en-GB") == 0
    assert i18n.first_weekday("not a tag!") == 0


def test_a_service_error_is_english_in_message_and_translated_by_localized():
    err = ValidationError("Wrong e-mail or password.")
    assert err.message == "Wrong e-mail or password."
    assert err.localized("ru") == i18n.gettext("ru", "Wrong e-mail or password.") != err.message
    with_params = ValidationError("At most {n} of {what}.", n=5, what="x")
    assert with_params.message == "At most 5 of x." and str(with_params) == "At most 5 of x."
