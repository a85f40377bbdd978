"""Reminders go out in the account's language (English when it chose none), and the one-click unsubscribe
answers in the request's Accept-Language."""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.testclient import TestClient

from easytrack import db
from easytrack.web.unsubscribe import unsubscribe_route
from tests.integration.test_reminders import at, habit, run, user_with


def test_a_russian_account_gets_its_digest_and_habit_reminders_in_russian(engine):
    ru = user_with(engine, "ru@example.org", language="ru")
    for name in ("Читать", "Гулять"):
        habit(engine, ru, name)
    habit(engine, ru, "Вода", reminder="07:00")
    en = user_with(engine, "en@example.org", language="")
    habit(engine, en, "Read")
    sent = {(to, subject): text for to, subject, text in run(engine, at(7)).mails + run(engine, at(8)).mails}
    assert ("ru@example.org", "Напоминание: Вода") in sent
    digest = sent[("ru@example.org", "Сегодня ещё не отмечены 3 привычки")]
    assert "Эти привычки сегодня ещё не отмечены:" in digest and "  - Читать" in digest
    assert re.search(r"Отключить все письма-напоминания одним щелчком: \S+/unsubscribe\?token=", digest)
    assert ("en@example.org", "Still open today: 1 habit") in sent


def test_the_one_click_unsubscribe_answers_in_the_requests_language(engine, monkeypatch):
    monkeypatch.setattr(db, "engine", lambda: engine)
    client = TestClient(Starlette(routes=[unsubscribe_route()]))
    refused = client.post("/_unsubscribe?token=forged", headers={"Accept-Language": "ru"})
    assert (refused.status_code, refused.text) == (404, "Эта ссылка для отписки недействительна.")
    assert refused.headers["content-language"] == "ru"
    english = client.post("/_unsubscribe?token=forged")
    assert (english.text, english.headers["content-language"]) == ("This unsubscribe link is invalid.", "en")
