"""Notifications in the account's language: a push decrypted by the subscribing browser and an Apprise
message at a json:// sink arrive in Russian for a Russian account (and as before in English), the "Done"
button's title travels in the payload, and the push and channel errors read in Russian."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

from easytrack.models import User
from easytrack.reminders import apprise_send, webpush
from easytrack.services import channels, push, push_keys
from easytrack.services.errors import ValidationError
from tests.integration.test_reminders import at, habit, run, user_with
from tests.pushservice import Browser, running_push_service

SECRET = "ru-hook-secret"
# plan.compose (easytrack/reminders/plan.py, being rewritten elsewhere) still builds its notices in English;
# once it calls webpush.digest_notice / habit_notice with user.language these pass: drop the mark then.


@pytest.fixture
def service(monkeypatch):
    monkeypatch.setenv(push.ALLOW_LOCAL_ENV, "1")  # the push service below is plain http on loopback
    with running_push_service() as found:
        found.statuses[f"/{SECRET}"] = 200
        found.url = f"json://127.0.0.1:{found.port}/{SECRET}"
        yield found


def _subscribed(engine, user_id: int, service, name: str) -> tuple[Browser, list[push.Target], push_keys.PushKeys]:
    browser = Browser()
    with Session(engine) as session:
        push.subscribe(session, user_id=user_id, subscription=browser.subscription(service.endpoint(name)),
                       label="Телефон", now=at(7))
        session.commit()
        return browser, push.targets(session, user_ids=[user_id])[user_id], push_keys.load_keys(session)


def _sink(service) -> list[dict]:
    return [json.loads(p.body) for p in service.received if p.path == f"/{SECRET}"]


def test_a_russian_habit_reminder_push_arrives_in_russian_with_a_russian_done_button(engine, service):
    user = user_with(engine, digest=None, language="ru")
    phone, [target], keys = _subscribed(engine, user, service, "phone")
    notice = webpush.habit_notice("ru", name="Чтение", path="/habits/1", tag="habit-1", action="token")
    outcome = webpush.deliver([(target, notice)], keys)
    assert outcome.sent == [target.id]
    message = phone.decrypt(service.to("phone")[0].body)
    assert message == {"title": "Напоминание: Чтение", "body": "Сегодня ещё не отмечено. Нажмите «Выполнено», когда сделаете.",
                       "url": "/habits/1", "tag": "habit-1", "action": "token", "done": "Выполнено"}


def test_the_english_notices_read_as_they_always_did(engine, service):
    user = user_with(engine, digest=None)
    phone, [target], keys = _subscribed(engine, user, service, "phone")
    habit_notice = webpush.habit_notice("", name="Read", path="/habits/1", tag="habit-1", action="token")
    digest = webpush.digest_notice("en", count=2, body="Read, Walk")
    webpush.deliver([(target, habit_notice), (target, digest)], keys)
    got = sorted((m["title"], m["body"], m.get("done")) for m in map(phone.decrypt, (p.body for p in service.to("phone"))))
    assert got == [("Reminder: Read", "Still open today. Tap Done when it is.", "Done"),
                   ("Still open today: 2", "Read, Walk", None)]  # a digest has no button


def test_a_russian_digest_reaches_an_apprise_json_sink_in_russian(service):
    notice = webpush.digest_notice("ru", count=1250, body="Чтение, Прогулка")
    assert apprise_send.send_one(service.url, title=notice.title, body=notice.body)
    [message] = _sink(service)
    assert (message["title"], message["message"]) == ("Ещё не отмечено сегодня: 1\xa0250", "Чтение, Прогулка")


def test_the_scheduler_pushes_a_russian_accounts_digest_in_russian(engine, service):
    user = user_with(engine, digest="08:00", language="ru")
    habit(engine, user, "Чтение")
    habit(engine, user, "Прогулка")
    phone, _, _ = _subscribed(engine, user, service, "phone")
    run(engine, at(8, 1))
    [pushed] = service.to("phone")
    assert phone.decrypt(pushed.body)["title"] == "Ещё не отмечено сегодня: 2"


def test_the_scheduler_sends_a_russian_accounts_digest_to_its_apprise_channel_in_russian(engine, service):
    user = user_with(engine, digest="08:00", language="ru")
    habit(engine, user, "Чтение")
    with Session(engine) as session:
        hook = channels.add_channel(session, user_id=user, name="Хук", url=service.url, now=at(7)).id
        session.get(User, user).digest_channels = f"c{hook}"
        session.commit()
    run(engine, at(8, 1))
    assert [(m["title"], m["message"]) for m in _sink(service)] == [("Ещё не отмечено сегодня: 1", "Чтение")]


@pytest.mark.parametrize(("raw", "russian"), [
    ("nope", "Этот браузер прислал push-подписку, которую easytrack не может использовать."),
    ({"endpoint": "ftp://push.example/x", "keys": {"p256dh": "a", "auth": "b"}},
     "Этот браузер прислал push-подписку, которую easytrack не может использовать. Push-сервис должен работать "
     "по https."),
    ({"endpoint": "https://push.example/x", "keys": {"p256dh": "!!", "auth": "b"}},
     "Этот браузер прислал push-подписку, которую easytrack не может использовать. (p256dh)"),
])
def test_a_push_subscription_easytrack_cannot_use_is_refused_in_russian(raw, russian):
    with pytest.raises(ValidationError) as caught:
        push.parse_subscription(raw)
    assert caught.value.localized("ru") == russian
    assert caught.value.message.startswith("This browser sent a push subscription easytrack cannot use.")


@pytest.mark.parametrize(("url", "english", "russian"), [
    ("", "Enter a notification URL such as ntfy://my-topic (at most 2,000 characters).",
     "Введите адрес уведомлений, например ntfy://my-topic (не больше 2\xa0000 символов)."),
    ("my-topic", "A notification URL starts with its service, such as ntfy:// or tgram://.",
     "Адрес уведомлений начинается с названия сервиса, например ntfy:// или tgram://."),
    ("mailto://someone@example.org", None, "Этот сервер не принимает адреса mailto://. Принимаются: ntfy://, "),
])
def test_a_channel_url_this_server_refuses_is_explained_in_russian(url, english, russian):
    with pytest.raises(ValidationError) as caught:
        channels.check_url(url)
    if english is not None:
        assert caught.value.message == english
    assert caught.value.localized("ru").startswith(russian)
