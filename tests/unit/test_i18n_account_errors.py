"""Account errors in Russian: the msgid and its parameters travel with the error, the English stays as it was,
and waits are counted in Russian plural forms."""

from __future__ import annotations

import pytest

from easytrack.services import passwords, profile, ratelimits
from easytrack.services.errors import ValidationError
from easytrack.services.throttle import TooManyFailures


def test_a_policy_error_keeps_its_english_and_translates_with_its_number():
    with pytest.raises(ValidationError) as caught:
        passwords.check_policy("short")
    assert caught.value.message == f"Use at least {passwords.MIN_LENGTH} characters for your password."
    assert caught.value.localized("ru") == f"Пароль должен быть не короче {passwords.MIN_LENGTH} символов."


def test_a_display_name_too_long_is_refused_in_russian():
    with pytest.raises(ValidationError) as caught:
        profile.clean_display_name("x" * 101)
    assert caught.value.localized("ru") == "Отображаемое имя должно быть не длиннее 100 символов."


@pytest.mark.parametrize(("seconds", "english", "russian"), [
    (1, "Please wait 1 second and", "Подождите 1 секунду и"),
    (3, "Please wait 3 seconds and", "Подождите 3 секунды и"),
    (25, "Please wait 25 seconds and", "Подождите 25 секунд и"),
    (60, "Please wait 1 minute and", "Подождите 1 минуту и"),
    (61, "Please wait 2 minutes and", "Подождите 2 минуты и"),
    (900, "Please wait 15 minutes and", "Подождите 15 минут и"),
])
def test_a_login_wait_is_counted_in_each_language(seconds, english, russian):
    error = TooManyFailures(seconds)
    assert english in error.message and error.retry_after_seconds == seconds
    assert russian in error.localized("ru")


def test_a_form_limit_says_its_minutes_in_russian():
    error = ratelimits.TooManyRequests(3600)
    assert error.message == "Too many requests. Please wait up to 60 minutes and try again."
    assert error.localized("ru") == "Слишком много запросов. Подождите до 60 минут и попробуйте снова."
