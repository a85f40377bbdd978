"""Reminder e-mails on SQLite and PostgreSQL: due times across zones and DST, exactly-once claims, catch-up,
who is skipped, what the digest lists, settings and the unsubscribe link."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from easytrack.db import session_scope
from easytrack.models import CheckIn, Habit, HabitReminder, ReminderSend, User
from easytrack.reminders import claims, scheduler
from easytrack.reminders.due import EVERY_DAY, due_at, format_time, parse_time
from easytrack.services import reminders
from easytrack.services.errors import InvalidToken, MailError, ValidationError
from tests.factories import make_user
from tests.smtp import body

UTC = timezone.utc
DAY = date(2026, 3, 15)  # the conftest's NOW is 2026-03-15 12:00 UTC


class Outbox:
    """A `send` for run_once that keeps what it was given (thread-safe)."""

    def __init__(self) -> None:
        self.mails: list[tuple[str, str, str]] = []
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()

    def __call__(self, to: str, subject: str, text: str, headers=()) -> None:
        with self.lock:
            self.mails.append((to, subject, text))
            self.headers.append(dict(headers))


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def user_with(engine, email="r@example.org", *, digest: str | None = "08:00", tz="UTC", **fields) -> int:
    with Session(engine) as session:
        return make_user(session, email=email, timezone=tz, digest_enabled=digest is not None,
                         digest_minute=parse_time(digest or "08:00"), **fields)


def habit(engine, user_id: int, name: str, *, reminder: str | tuple[str, ...] | None = None,
          reminder_channels: str = "email,push", weekdays: int = EVERY_DAY, **fields) -> int:
    """A habit with a reminder at each time of `reminder` (one "HH:MM" or several), on `weekdays`."""
    with Session(engine) as session:
        row = Habit(user_id=user_id, name=name, name_key=name.casefold(), **fields)
        session.add(row)
        session.flush()
        times = (reminder,) if isinstance(reminder, str) else reminder or ()
        session.add_all([HabitReminder(habit_id=row.id, user_id=user_id, minute=parse_time(hhmm), weekdays=weekdays,
                                       channels=reminder_channels) for hhmm in times])
        session.commit()
        return row.id


def reminder_ids(engine, habit_id: int) -> list[int]:
    with Session(engine) as session:
        return list(session.execute(select(HabitReminder.id).where(HabitReminder.habit_id == habit_id)
                                    .order_by(HabitReminder.minute)).scalars())


def done(engine, habit_id: int, day: date = DAY) -> None:
    with Session(engine) as session:
        session.add(CheckIn(habit_id=habit_id, day=day))
        session.commit()


def run(engine, now: datetime) -> Outbox:
    outbox = Outbox()
    scheduler.run_once(now, bind=engine, send=outbox)
    return outbox


# --- due times ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "hhmm", "tz", "expected"), [
    (date(2026, 3, 15), "08:00", "UTC", datetime(2026, 3, 15, 8, 0, tzinfo=UTC)),
    (date(2026, 3, 15), "08:00", "Asia/Tokyo", datetime(2026, 3, 14, 23, 0, tzinfo=UTC)),
    (date(2026, 3, 15), "20:30", "America/Los_Angeles", datetime(2026, 3, 16, 3, 30, tzinfo=UTC)),
    (date(2026, 3, 29), "02:30", "Europe/Berlin", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # gap: 03:30 CEST
    (date(2026, 10, 25), "02:30", "Europe/Berlin", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # twice: first
    (date(2026, 3, 28), "08:00", "Europe/Berlin", datetime(2026, 3, 28, 7, 0, tzinfo=UTC)),  # CET
    (date(2026, 3, 30), "08:00", "Europe/Berlin", datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),  # CEST
    (date(2026, 3, 15), "00:00", "Pacific/Kiritimati", datetime(2026, 3, 14, 10, 0, tzinfo=UTC)),
])
def test_due_time_is_the_local_time_in_the_users_zone(day, hhmm, tz, expected):
    assert due_at(day, parse_time(hhmm), tz) == expected


@pytest.mark.parametrize("bad", ["24:00", "7:30", "07:60", "", "07:30:00", None, 730, "ab:cd"])
def test_times_must_be_hh_mm(bad):
    with pytest.raises(ValueError):
        parse_time(bad)


def test_times_round_trip():
    assert [format_time(parse_time(t)) for t in ("00:00", "07:05", "23:59")] == ["00:00", "07:05", "23:59"]


def test_a_digest_is_due_at_its_local_time_in_tokyo_not_in_utc(engine):
    user = user_with(engine, tz="Asia/Tokyo", digest="09:00")  # 00:00 UTC
    habit(engine, user, "Read")
    with Session(engine) as session:
        assert reminders.due_reminders(session, now=at(23, 59, date(2026, 3, 14))) == []
        [due] = reminders.due_reminders(session, now=at(0, 0))
    assert (due.key.kind, due.key.day, due.email) == ("digest", DAY, "r@example.org")


def test_the_dst_gap_reminder_goes_once_at_the_shifted_time(engine):
    user = user_with(engine, tz="Europe/Berlin", digest="02:30")
    habit(engine, user, "Read")
    spring = date(2026, 3, 29)
    assert run(engine, at(1, 29, spring)).mails == []
    assert len(run(engine, at(1, 30, spring)).mails) == 1
    assert run(engine, at(2, 30, spring)).mails == []


def test_the_repeated_autumn_hour_does_not_send_twice(engine):
    user = user_with(engine, tz="Europe/Berlin", digest="02:30")
    habit(engine, user, "Read")
    autumn = date(2026, 10, 25)
    assert len(run(engine, at(0, 30, autumn)).mails) == 1  # 02:30 CEST
    assert run(engine, at(1, 30, autumn)).mails == []  # 02:30 CET, the same local time again


# --- exactly once ------------------------------------------------------------------------------------------


def test_two_concurrent_passes_send_one_mail(engine):
    user = user_with(engine)
    habit(engine, user, "Read")
    outbox, barrier = Outbox(), threading.Barrier(2)
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            scheduler.run_once(at(8, 0), bind=engine, send=outbox)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(outbox.mails) == 1


def test_a_claim_is_taken_once_while_its_lease_runs(engine):
    user = user_with(engine)
    key = claims.Key(user, claims.DIGEST, user, DAY)
    with session_scope(engine) as s1:
        assert claims.claim(s1, key, now=at(8))
    with session_scope(engine) as s2:
        assert not claims.claim(s2, key, now=at(8, 5))
    with session_scope(engine) as s3:
        assert claims.claim(s3, key, now=at(8) + claims.LEASE)  # the first claimant died: retried
    with session_scope(engine) as s4:
        claims.mark_sent(s4, key, now=at(8, 11))
    with session_scope(engine) as s5:
        assert not claims.claim(s5, key, now=at(23))  # sent: never again that day


def test_a_later_pass_sends_nothing_again(engine):
    user = user_with(engine)
    habit(engine, user, "Read")
    assert len(run(engine, at(8)).mails) == 1
    assert run(engine, at(8, 1)).mails == [] and run(engine, at(23, 59)).mails == []
    assert len(run(engine, at(8, 0, DAY + timedelta(days=1))).mails) == 1  # tomorrow is another day


def test_a_mail_server_failure_is_retried_after_the_lease(engine):
    user = user_with(engine)
    habit(engine, user, "Read")

    def down(*_, **__):
        raise MailError()

    assert scheduler.run_once(at(8), bind=engine, send=down) == 0
    assert run(engine, at(8, 1)).mails == []  # still leased to the failed attempt
    assert len(run(engine, at(8) + claims.LEASE).mails) == 1


# --- catch-up after a restart ------------------------------------------------------------------------------


def test_catch_up_sends_what_came_due_earlier_today_but_never_yesterdays(engine):
    early = user_with(engine, "early@example.org", digest="06:00")
    habit(engine, early, "Read")
    late = user_with(engine, "late@example.org", digest="23:30")
    habit(engine, late, "Walk")
    # The app was down from yesterday 22:00 until today 10:00: yesterday's 23:30 digest is gone for good.
    outbox = run(engine, at(10, 0))
    assert [to for to, _, _ in outbox.mails] == ["early@example.org"]


# --- who gets nothing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fields", [{"is_disabled": True}, {"confirmed": False},
                                    {"reminders_unsubscribed_at": datetime(2026, 3, 1, tzinfo=UTC)}])
def test_disabled_unconfirmed_and_unsubscribed_users_are_skipped(engine, fields):
    user = user_with(engine, **fields)
    habit(engine, user, "Read", reminder="07:00")
    assert run(engine, at(12)).mails == []


def test_the_digest_is_skipped_when_nothing_is_open(engine):
    user = user_with(engine)
    done(engine, habit(engine, user, "Read"))
    assert run(engine, at(9)).mails == []
    assert run(engine, at(10)).mails == []  # skipped counts as done for the day


def test_the_digest_lists_only_open_active_habits(engine):
    user = user_with(engine)
    habit(engine, user, "Read")
    done(engine, habit(engine, user, "Walk"))
    habit(engine, user, "Old", archived=True)
    habit(engine, user, "Stretch")
    [(to, subject, text)] = run(engine, at(8)).mails
    assert to == "r@example.org" and subject == "Still open today: 2 habits"
    assert "- Read" in text and "- Stretch" in text and "Walk" not in text and "Old" not in text


def test_a_habit_reminder_goes_only_while_that_habit_is_open(engine):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder="07:00")
    walk = habit(engine, user, "Walk", reminder="07:00")
    done(engine, walk)
    [(_, subject, _)] = run(engine, at(7)).mails
    assert subject == "Reminder: Read"
    assert read != walk


def test_every_reminder_carries_a_working_unsubscribe_link(engine, now):
    user = user_with(engine)
    habit(engine, user, "Read")
    [(_, _, text)] = run(engine, at(8)).mails
    token = re.search(r"/unsubscribe\?token=(\S+)", text).group(1)
    with session_scope(engine) as session:
        reminders.unsubscribe(session, token=token, now=now)
        reminders.unsubscribe(session, token=token, now=now)  # twice is fine
    assert run(engine, at(8, 0, DAY + timedelta(days=1))).mails == []
    with session_scope(engine) as session:
        assert reminders.get_settings(session, user_id=user).unsubscribed


@pytest.mark.parametrize("token", ["", "x" * 43, None, 42, "ü" * 43])
def test_a_wrong_unsubscribe_token_is_refused(engine, now, token):
    user_with(engine)
    with session_scope(engine) as session, pytest.raises(InvalidToken):
        reminders.unsubscribe(session, token=token, now=now)


def test_a_real_smtp_server_receives_the_digest(engine, smtp_server, monkeypatch):
    from easytrack import config

    monkeypatch.setattr(config, "settings", config.load({**smtp_server.env(),
                                                         "EASYTRACK_BASE_URL": "https://habits.example.org"}))
    user = user_with(engine)
    habit(engine, user, "Read")
    assert scheduler.run_once(at(8), bind=engine) == 1
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "r@example.org"
    assert "https://habits.example.org/unsubscribe?token=" in body(message)


# --- settings ----------------------------------------------------------------------------------------------


def test_settings_list_each_habits_reminders_and_not_other_users(engine, now):
    me, other = user_with(engine, digest=None), user_with(engine, "o@example.org")
    mine = habit(engine, me, "Read", reminder=("21:00", "07:00"), reminder_channels="push")
    habit(engine, other, "Theirs", reminder="06:00")
    with session_scope(engine) as session:
        saved = reminders.save_settings(session, user_id=me, digest_enabled=True, digest_time="07:15", now=now)
    assert (saved.digest_enabled, saved.digest_time) == (True, "07:15")
    [read] = saved.habits
    assert (read.habit_id, read.name) == (mine, "Read")
    assert [(r.time, r.weekdays, r.channels) for r in read.reminders] == [
        ("07:00", (0, 1, 2, 3, 4, 5, 6), ("push",)), ("21:00", (0, 1, 2, 3, 4, 5, 6), ("push",))]


@pytest.mark.parametrize(("digest_enabled", "digest_time", "via"), [
    ("yes", "07:00", None), (True, "7 am", None), (True, "25:00", None), (True, "07:00", "email"),
    (True, "07:00", ["sms"]), (True, "07:00", {"digest": ["email"]}),
])
def test_bad_settings_are_refused(engine, now, digest_enabled, digest_time, via):
    user = user_with(engine, digest=None)
    with session_scope(engine) as session, pytest.raises(ValidationError):
        reminders.save_settings(session, user_id=user, digest_enabled=digest_enabled, digest_time=digest_time,
                                digest_via=via, now=now)


def test_a_time_set_after_it_passed_starts_tomorrow(engine, now):
    user = user_with(engine, digest=None)
    habit(engine, user, "Read")
    with session_scope(engine) as session:  # at 12:00, set the digest to 08:00
        reminders.save_settings(session, user_id=user, digest_enabled=True, digest_time="08:00", now=now)
    assert run(engine, now + timedelta(minutes=1)).mails == []
    assert len(run(engine, at(8, 0, DAY + timedelta(days=1))).mails) == 1


def test_saving_settings_turns_reminders_back_on(engine, now):
    user = user_with(engine, reminders_unsubscribed_at=now)
    with session_scope(engine) as session:
        assert not reminders.save_settings(session, user_id=user, digest_enabled=True, digest_time="08:00",
                                           now=now).unsubscribed
    with Session(engine) as session:
        assert session.get(User, user).reminders_unsubscribed_at is None


def test_old_claims_are_pruned(engine):
    user = user_with(engine)
    habit(engine, user, "Read")
    run(engine, at(8))
    with session_scope(engine) as session:
        assert claims.prune(session, now=at(8) + timedelta(days=30)) == 1
        assert session.execute(select(func.count()).select_from(ReminderSend)).scalar_one() == 0
