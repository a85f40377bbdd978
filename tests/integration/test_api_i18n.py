"""REST API errors in the language of the request's Accept-Language, in the same JSON shape, saying which
language in Content-Language; English without the header (or for a language we do not have)."""

from __future__ import annotations

import pytest

from easytrack import i18n
from easytrack.services import habits
from tests.integration.test_api_fixtures import API, alice, client, make_client  # noqa: F401

RU = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}


def error(response, status: int, lang: str) -> str:
    assert response.status_code == status
    assert set(response.json()) == {"error"}
    assert response.headers["content-language"] == lang
    assert "accept-language" in response.headers["vary"].lower()
    return response.json()["error"]


@pytest.mark.parametrize(("headers", "lang", "text"), [
    ({}, "en", "Send an API token: 'Authorization: Bearer <token>'."),
    ({"Accept-Language": "de-DE,fr;q=0.5"}, "en", "Send an API token: 'Authorization: Bearer <token>'."),
    (RU, "ru", "Передайте API-токен: 'Authorization: Bearer <token>'."),
    ({"Accept-Language": "de, ru;q=0.4"}, "ru", "Передайте API-токен: 'Authorization: Bearer <token>'."),
])
def test_a_missing_token_is_explained_in_the_requests_language(client, headers, lang, text):
    assert error(client.get(f"{API}/me", headers=headers), 401, lang) == text


def test_a_bad_token_is_refused_in_russian(client):
    response = client.get(f"{API}/me", headers={**RU, "Authorization": "Bearer et_nope"})
    assert error(response, 401, "ru") == "Этот API-токен недействителен."
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_service_error_is_in_russian_and_english(client, alice):
    url = f"{API}/habits/{alice.habit_id + 1000}"
    assert error(client.get(url, headers=alice.auth), 404, "en") == "That habit no longer exists."
    russian = error(client.get(url, headers={**alice.auth, **RU}), 404, "ru")
    assert russian == i18n.gettext("ru", "That habit no longer exists.")  # the catalogue's, whatever its words


def test_a_bad_day_is_explained_in_russian(client, alice):
    url = f"{API}/habits/{alice.habit_id}/stats"
    english = error(client.get(url, params={"day": "2026-02-30"}, headers=alice.auth), 422, "en")
    assert english == "day must be a real day between 1900 and 9998, written YYYY-MM-DD."
    russian = error(client.get(url, params={"day": "2026-02-30"}, headers={**alice.auth, **RU}), 422, "ru")
    assert russian == "day должен быть настоящим днём между 1900 и 9998 годами в формате ГГГГ-ММ-ДД."


def test_a_range_too_wide_names_its_limit_in_both_languages(client, alice):
    url = f"{API}/habits/{alice.habit_id}/checkins"
    params = {"from": "2000-01-01", "to": "2026-03-15"}
    assert error(client.get(url, params=params, headers=alice.auth), 422, "en") == \
        "from must be on or before to, at most 3,660 days apart."
    assert "3,660" in error(client.get(url, params=params, headers={**alice.auth, **RU}), 422, "ru")


def test_a_field_validation_error_names_the_field_and_says_what_is_wrong_in_russian(client, alice):
    response = client.post(f"{API}/habits", json={}, headers={**alice.auth, **RU})
    assert error(response, 422, "ru") == "name: это поле обязательно"
    english = error(client.post(f"{API}/habits", json={}, headers=alice.auth), 422, "en")
    assert english == "name: Field required"


def test_an_unknown_path_and_a_wrong_method_are_in_russian(client, alice):
    assert error(client.get(f"{API}/nothing-here", headers=RU), 404, "ru") == "Не найдено"
    assert error(client.get(f"{API}/nothing-here"), 404, "en") == "Not Found"
    assert error(client.put(f"{API}/habits", headers={**alice.auth, **RU}), 405, "ru") == "Метод не поддерживается"


def test_a_body_too_large_is_refused_in_russian_before_it_is_read(client, alice):
    response = client.post(f"{API}/habits", content=b"{" + b" " * 70_000 + b"}",
                           headers={**alice.auth, **RU, "Content-Type": "application/json"})
    assert error(response, 413, "ru") == "Тело запроса слишком большое."


def test_the_rate_limit_answers_in_russian(engine, alice):
    limited = make_client(engine, limit=1)
    limited.get(f"{API}/me", headers=alice.auth)
    response = limited.get(f"{API}/me", headers={**alice.auth, **RU})
    assert error(response, 429, "ru") == "Слишком много запросов. Пожалуйста, помедленнее."
    assert int(response.headers["retry-after"]) > 0


def test_a_server_error_says_so_in_russian(client, alice, monkeypatch):  # noqa: F811
    def broken(*_args, **_kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(habits, "list_habits", broken)
    assert error(client.get(f"{API}/habits", headers={**alice.auth, **RU}), 500, "ru") == \
        "На сервере что-то пошло не так."


def test_the_openapi_description_says_errors_follow_accept_language(client):
    document = client.get(f"{API}/openapi.json").json()
    assert "Accept-Language" in document["info"]["description"]
    assert "Content-Language" in document["info"]["description"]
