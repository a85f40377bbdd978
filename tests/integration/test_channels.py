"""Apprise channels on SQLite and PostgreSQL: a json:// URL to a local sink gets each due reminder once, only
the reminders that chose it; bad or disallowed URLs get clear errors; a URL is never shown or logged."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import Session

from easytrack.pages.reminders_channels import TEST_BODY, TEST_TITLE
from easytrack.reminders import apprise_send
from easytrack.services import channels
from easytrack.services.errors import ValidationError
from tests.integration.test_reminders import at, habit, run, user_with
from tests.pushservice import running_push_service

SECRET = "zyx-hook-secret"


@pytest.fixture
def sink():
    """A local HTTP server standing in for a webhook; answers 200."""
    with running_push_service() as service:
        service.statuses[f"/{SECRET}"] = 200
        service.url = f"json://127.0.0.1:{service.port}/{SECRET}"
        yield service


def add(engine, user_id: int, url: str, name: str = "Hook") -> int:
    with Session(engine) as session:
        found = channels.add_channel(session, user_id=user_id, name=name, url=url, now=at(7))
        session.commit()
        return found.id


def messages(sink) -> list[dict]:
    return [json.loads(p.body) for p in sink.received if p.path == f"/{SECRET}"]


def test_each_due_reminder_that_chose_the_channel_reaches_it_once(engine, sink):
    user = user_with(engine, digest="08:00")
    hook = add(engine, user, sink.url)
    with Session(engine) as session:
        from easytrack.models import User

        session.get(User, user).digest_channels = f"c{hook}"
        session.commit()
    habit(engine, user, "Read", reminder="08:00", reminder_channels=f"email,c{hook}")
    habit(engine, user, "Walk", reminder="08:00")  # e-mail and push only
    outbox = run(engine, at(8, 1))
    run(engine, at(8, 2))  # the next pass: nothing again
    got = sorted((m["title"], m["message"]) for m in messages(sink))
    assert got == [("Reminder: Read", "Still open today. Tap Done when it is."),
                   ("Still open today: 2", "Read, Walk")]
    assert sorted(m[1] for m in outbox.mails) == ["Reminder: Read", "Reminder: Walk"]


def test_a_channel_of_a_scheme_the_admin_no_longer_allows_is_skipped(engine, sink, monkeypatch):
    user = user_with(engine, digest=None)
    hook = add(engine, user, sink.url)
    habit(engine, user, "Read", reminder="08:00", reminder_channels=f"c{hook}")
    monkeypatch.setenv(channels.SCHEMES_ENV, "ntfy,ntfys")
    run(engine, at(9))
    assert messages(sink) == []


@pytest.mark.parametrize(("url", "error"), [
    ("", "Enter a notification URL"),
    ("not a url", "starts with its service"),
    ("foo://bar", "does not accept foo://"),
    ("mailto://someone@example.org", "does not accept mailto://"),
    ("tgram://incomplete", "not complete or not valid"),
    ("json://" + "a" * 2001, "at most 2,000"),
    (5, "Enter a notification URL"),
])
def test_bad_or_disallowed_urls_are_refused_with_a_clear_message_that_does_not_repeat_them(session, url, error):
    from tests.factories import make_user

    user = make_user(session)
    with pytest.raises(ValidationError, match=error) as caught:
        channels.add_channel(session, user_id=user, name="Mine", url=url, now=at(7))
    assert not isinstance(url, str) or len(url) < 8 or url not in caught.value.message
    assert channels.list_channels(session, user_id=user) == []


def test_the_url_is_never_listed_and_others_cannot_remove_or_use_it(session, sink):
    from tests.factories import make_user

    alice, bob = make_user(session, email="a@example.org"), make_user(session, email="b@example.org")
    hook = channels.add_channel(session, user_id=alice, name="Hook", url=sink.url, now=at(7))
    assert SECRET not in repr(channels.list_channels(session, user_id=alice))
    with pytest.raises(channels.ChannelNotFound):
        channels.remove_channel(session, user_id=bob, channel_id=hook.id)
    with pytest.raises(channels.ChannelNotFound):
        channels.channel_url(session, user_id=bob, channel_id=hook.id)
    assert channels.urls_for(session, wanted={bob: [hook.id]}) == {}


def test_sending_and_failing_never_logs_the_url(sink, caplog):
    caplog.set_level(logging.DEBUG)
    assert apprise_send.send_one(sink.url, title=TEST_TITLE, body=TEST_BODY)
    assert not apprise_send.send_one(f"json://127.0.0.1:9/{SECRET}", title="t", body="b")  # nothing listens there
    assert apprise_send.send_all([(sink.url, "a", "b"), (f"json://127.0.0.1:9/{SECRET}", "a", "b")]) == [True, False]
    assert [m["title"] for m in messages(sink)] == [TEST_TITLE, "a"]
    assert SECRET not in caplog.text
