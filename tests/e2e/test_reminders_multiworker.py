"""Two workers on PostgreSQL + Redis, each running the reminder scheduler every 2 s: every due reminder
reaches a real SMTP server, a local push service and a json:// webhook exactly once."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone

import pytest
from sqlmodel import Session, select

from easytrack.db import make_engine
from easytrack.models import Habit, HabitReminder, NotifyChannel, PushSubscription, ReminderSend
from tests.e2e.harness import ROOT, AppProcess
from tests.factories import make_user
from tests.pushservice import Browser, running_push_service
from tests.services import postgres_schema, private_redis
from tests.smtp import body, running_smtp_server

REDIS_DB = 8
INTERVAL = 2


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The app with 2 workers on a fresh PostgreSQL schema, a private Redis database and a real SMTP server."""
    work = tmp_path_factory.mktemp("reminders")
    with postgres_schema("et_rem") as db_url, private_redis(REDIS_DB) as redis_db, running_smtp_server() as mailbox:
        env = {"REFLEX_DB_URL": db_url, "REFLEX_REDIS_URL": redis_db, "WEB_CONCURRENCY": "2",
               "REFLEX_WEB_WORKDIR": str(ROOT / ".web-test-rem"), "REFLEX_STATES_WORKDIR": str(work / "states"),
               "EASYTRACK_REMINDER_INTERVAL": str(INTERVAL), **mailbox.env()}
        server = AppProcess(env=env, log_path=work / "app.log", db_url=db_url).start()
        engine = make_engine(db_url)
        try:
            yield server, engine, mailbox
        finally:
            server.stop()
            engine.dispose()


def test_each_due_reminder_is_mailed_pushed_and_sent_to_its_channel_exactly_once_by_two_workers(cluster):
    server, engine, mailbox = cluster
    assert len(server.worker_pids()) == 2  # two schedulers compete for every reminder
    now = datetime.now(timezone.utc)
    minute = max(0, now.hour * 60 + now.minute - 1)  # due a minute ago (in UTC), so due at the next pass
    email = f"rem-{uuid.uuid4().hex[:6]}@example.org"
    with running_push_service() as service:
        service.statuses["/hook"] = 200
        with Session(engine) as session:
            user_id = make_user(session, email=email, timezone="UTC", digest_enabled=True, digest_minute=minute)
            hook = NotifyChannel(user_id=user_id, name="Hook", url=f"json://127.0.0.1:{service.port}/hook")
            phone = Browser()
            session.add_all([hook, PushSubscription(user_id=user_id, endpoint=service.endpoint("phone"),
                                                    **phone.subscription("")["keys"])])
            session.flush()
            read = Habit(user_id=user_id, name="Read", name_key="read")
            session.add_all([read, Habit(user_id=user_id, name="Walk", name_key="walk")])
            session.flush()
            session.add(HabitReminder(habit_id=read.id, user_id=user_id, minute=minute,
                                      channels=f"email,push,c{hook.id}"))
            session.commit()

        messages = mailbox.wait_for(2, timeout=30)
        service.wait_for(3, timeout=30)  # two pushes and one webhook call
        time.sleep(INTERVAL * 3 + 1)  # several more passes on both workers
        pushed = sorted(phone.decrypt(p.body)["title"] for p in service.to("phone"))
        hooked = [json.loads(p.body)["title"] for p in service.received if p.path == "/hook"]
    messages = list(mailbox.messages)
    subjects = sorted(m["Subject"] for m in messages)
    assert subjects == ["Reminder: Read", "Still open today: 2 habits"], subjects
    assert all(m["To"] == email for m in messages)
    assert all("/unsubscribe?token=" in body(m) for m in messages)
    assert pushed == ["Reminder: Read", "Still open today: 2"]
    assert hooked == ["Reminder: Read"]


def test_two_reminders_of_one_habit_on_the_same_day_each_reach_the_phone_once_with_two_workers(cluster):
    server, engine, _mailbox = cluster
    assert len(server.worker_pids()) == 2
    now = datetime.now(timezone.utc)
    minute = now.hour * 60 + now.minute
    earlier = [m for m in (minute - 2, minute - 1) if m >= 0] or [0, 1]  # both due at the next pass
    email = f"two-{uuid.uuid4().hex[:6]}@example.org"
    with running_push_service() as service:
        with Session(engine) as session:
            user_id = make_user(session, email=email, timezone="UTC")
            phone = Browser()
            session.add(PushSubscription(user_id=user_id, endpoint=service.endpoint("two"),
                                         **phone.subscription("")["keys"]))
            stretch = Habit(user_id=user_id, name="Stretch", name_key="stretch")
            session.add(stretch)
            session.flush()
            session.add_all([HabitReminder(habit_id=stretch.id, user_id=user_id, minute=m, channels="push")
                             for m in earlier])
            session.commit()
        service.wait_for(len(earlier), timeout=30)
        time.sleep(INTERVAL * 3 + 1)  # several more passes on both workers
        pushed = [phone.decrypt(p.body)["title"] for p in service.to("two")]
    assert pushed == ["Reminder: Stretch"] * len(earlier)
    with Session(engine) as session:
        sent = session.exec(select(ReminderSend).where(ReminderSend.user_id == user_id)).all()
    assert sorted(s.kind for s in sent) == ["reminder"] * len(earlier) and all(s.sent_at for s in sent)


def test_reminder_settings_page_saves_and_the_unsubscribe_link_turns_reminders_off(browser, cluster):
    import re

    from playwright.sync_api import expect

    from easytrack.models import User
    from easytrack.services import reminders
    from tests.e2e.conftest import log_in

    server, engine, _mailbox = cluster
    email = f"set-{uuid.uuid4().hex[:6]}@example.org"
    with Session(engine) as session:
        user_id = make_user(session, email=email)
        session.add(Habit(user_id=user_id, name="Stretch", name_key="stretch"))
        session.commit()
    context = browser.new_context()
    try:
        page = context.new_page()
        log_in(page, server, email)
        page.get_by_role("link", name="Settings").click()
        page.get_by_role("link", name="Reminders").click()
        expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
        page.get_by_label("Send me the daily e-mail at").check()
        page.get_by_label("Daily e-mail time").fill("21:15")
        page.get_by_role("button", name="Save the daily reminder").click()
        expect(page.get_by_text("Your reminders are saved.")).to_be_visible()
        # Two reminders for Stretch: weekdays in the morning, the weekend in the evening.
        page.get_by_label("New reminder for Stretch: time").fill("06:45")
        for day in ("Saturday", "Sunday"):
            page.get_by_label(f"New reminder for Stretch on {day}").uncheck()
        page.get_by_role("button", name="Add a reminder to Stretch").click()
        expect(page.get_by_text("Reminder added.")).to_be_visible()
        page.get_by_label("New reminder for Stretch: time").fill("06:45")
        page.get_by_role("button", name="Add a reminder to Stretch").click()
        expect(page.get_by_role("alert")).to_contain_text("This habit already has a reminder at 06:45.")
        expect(page.get_by_label("New reminder for Stretch: time")).to_have_value("06:45")  # nothing lost
        page.get_by_label("New reminder for Stretch: time").fill("19:00")
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
            page.get_by_label(f"New reminder for Stretch on {day}").uncheck()
        page.get_by_role("button", name="Add a reminder to Stretch").click()
        expect(page.get_by_label("Stretch at 19:00: time")).to_have_value("19:00")
        expect(page.get_by_label("Stretch at 19:00 on Monday")).not_to_be_checked()
        expect(page.get_by_label("Stretch at 06:45 on Monday")).to_be_checked()
        page.get_by_label("Stretch at 19:00 on Sunday").uncheck()
        page.get_by_label("Stretch at 19:00 on Saturday").uncheck()
        page.get_by_role("button", name="Save Stretch at 19:00").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose at least one weekday.")
        page.get_by_label("Stretch at 19:00 on Sunday").check()
        page.get_by_role("button", name="Save Stretch at 19:00").click()
        expect(page.get_by_text("Reminder saved.")).to_be_visible()
        with Session(engine) as session:
            rows = session.exec(select(HabitReminder).where(HabitReminder.user_id == user_id)
                                .order_by(HabitReminder.minute)).all()
            assert [(r.minute, r.weekdays) for r in rows] == [(6 * 60 + 45, 0b0011111), (19 * 60, 0b1000000)]
        page.get_by_role("button", name="Remove Stretch at 06:45").click()
        expect(page.get_by_text("Reminder removed.")).to_be_visible()
        expect(page.get_by_label("Stretch at 06:45: time")).to_have_count(0)
        with Session(engine) as session:
            user = session.get(User, user_id)
            assert (user.digest_enabled, user.digest_minute) == (True, 21 * 60 + 15)
            token = reminders.unsubscribe_token(session, user_id=user_id)
            session.commit()

        other = browser.new_context().new_page()  # no login needed
        other.goto(f"{server.base_url}/unsubscribe?token={token}")
        expect(other.get_by_text("You are unsubscribed")).to_be_visible()
        other.context.close()
        page.reload()
        expect(page.get_by_text(re.compile("You unsubscribed"))).to_be_visible()
        page.get_by_role("button", name="Turn reminders back on").click()
        expect(page.get_by_text("Reminder e-mails are on again.")).to_be_visible()
    finally:
        context.close()


def test_a_user_adds_a_channel_sends_a_test_and_picks_it_for_a_reminder(browser, cluster):
    from playwright.sync_api import expect

    from tests.e2e.conftest import log_in

    server, engine, _mailbox = cluster
    email = f"ch-{uuid.uuid4().hex[:6]}@example.org"
    with Session(engine) as session:
        user_id = make_user(session, email=email)
        session.add(Habit(user_id=user_id, name="Stretch", name_key="stretch"))
        session.commit()
    context = browser.new_context()
    with running_push_service() as sink:
        sink.statuses["/zyx-secret-path"] = 200
        url = f"json://127.0.0.1:{sink.port}/zyx-secret-path"
        try:
            page = context.new_page()
            log_in(page, server, email)
            page.goto(f"{server.base_url}/settings/reminders")
            page.get_by_label("Channel name").fill("Bad")
            page.get_by_label("Notification URL").fill("foo://bar")
            page.get_by_role("button", name="Add channel").click()
            expect(page.get_by_role("alert")).to_contain_text("This server does not accept foo:// URLs")
            page.get_by_label("Channel name").fill("Hook")
            page.get_by_label("Notification URL").fill(url)
            page.get_by_role("button", name="Add channel").click()
            expect(page.get_by_text("Channel added")).to_be_visible()
            assert "zyx-secret-path" not in page.content()
            page.get_by_role("button", name="Send a test to Hook").click()
            expect(page.get_by_text("Test sent: check that it arrived.")).to_be_visible()
            assert [json.loads(p.body)["title"] for p in sink.received] == ["easytrack test"]

            page.get_by_label("New reminder for Stretch by Hook").check()
            page.get_by_label("New reminder for Stretch by E-mail").uncheck()
            page.get_by_label("New reminder for Stretch: time").fill("06:45")
            page.get_by_role("button", name="Add a reminder to Stretch").click()
            expect(page.get_by_text("Reminder added.")).to_be_visible()
            with Session(engine) as session:
                stretch = session.exec(select(HabitReminder).where(HabitReminder.user_id == user_id)).one()
                hook = session.exec(select(NotifyChannel).where(NotifyChannel.user_id == user_id)).one()
                assert stretch.channels == f"push,c{hook.id}"
            page.reload()
            expect(page.get_by_label("Stretch at 06:45 by Hook")).to_be_checked()
            expect(page.get_by_label("Stretch at 06:45 by E-mail")).not_to_be_checked()
        finally:
            context.close()
