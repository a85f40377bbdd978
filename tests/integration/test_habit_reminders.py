"""Several reminders per habit, each on its own weekdays: setting them (owner-scoped, capped, checked) and the
scheduler sending each one once, on its weekdays only, while the habit is open."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from easytrack.models import Habit, HabitReminder
from easytrack.reminders import claims, scheduler
from easytrack.services import habit_reminders as hr
from easytrack.services.errors import HabitNotFound, ValidationError
from tests.integration.test_reminders import DAY, Outbox, at, done, habit, reminder_ids, run, user_with

MONDAY = date(2026, 3, 16)  # DAY (2026-03-15) is a Sunday


def wanted(db, user, time="07:00", weekdays=(0, 1, 2, 3, 4, 5, 6), via=("email",)):
    return db(hr.check, user_id=user, time=time, weekdays=list(weekdays), via=list(via))


def test_two_reminders_of_one_habit_on_the_same_day_each_go_once(engine):
    user = user_with(engine, digest=None)
    habit(engine, user, "Read", reminder=("07:00", "21:00"), reminder_channels="email")
    assert [s for _, s, _ in run(engine, at(7)).mails] == ["Reminder: Read"]
    assert run(engine, at(7, 1)).mails == []
    assert [s for _, s, _ in run(engine, at(21)).mails] == ["Reminder: Read"]
    assert run(engine, at(23, 59)).mails == []


def test_two_workers_at_once_send_each_of_two_reminders_once(engine):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder=("07:00", "07:30"), reminder_channels="email")
    outbox, barrier, errors = Outbox(), threading.Barrier(2), []

    def worker():
        try:
            barrier.wait()
            scheduler.run_once(at(8), bind=engine, send=outbox)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(outbox.mails) == 2
    with Session(engine) as session:
        assert claims.sent_keys(session, since=DAY) == {(claims.REMINDER, r, DAY) for r in reminder_ids(engine, read)}


def test_a_reminder_goes_only_on_its_weekdays_in_the_users_zone(engine):
    user = user_with(engine, digest=None, tz="Asia/Tokyo")
    habit(engine, user, "Gym", reminder="08:00", weekdays=1 << 0, reminder_channels="email")  # Mondays
    # Sunday 23:00 UTC is Monday 08:00 in Tokyo.
    assert run(engine, at(22, 59)).mails == []
    assert len(run(engine, at(23, 0)).mails) == 1
    # The next Sunday in Tokyo (a week less a day later) gets nothing.
    assert run(engine, at(23, 0, MONDAY + timedelta(days=5))).mails == []
    assert len(run(engine, at(23, 0, MONDAY + timedelta(days=6))).mails) == 1


def test_a_reminder_of_a_habit_done_today_is_not_sent(engine):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder=("07:00", "21:00"), reminder_channels="email")
    assert len(run(engine, at(7)).mails) == 1
    done(engine, read)
    assert run(engine, at(21)).mails == []


def test_a_reminder_of_an_archived_habit_is_not_sent(engine):
    user = user_with(engine, digest=None)
    habit(engine, user, "Old", reminder="07:00", archived=True, reminder_channels="email")
    assert run(engine, at(7)).mails == []


def test_added_reminders_are_listed_earliest_first(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read")
    db(hr.add_reminder, user_id=user, habit_id=read, wanted=wanted(db, user, "21:00", (5, 6)), now=now)
    db(hr.add_reminder, user_id=user, habit_id=read, wanted=wanted(db, user, "06:30", via=("push",)), now=now)
    found = db(hr.list_reminders, user_id=user, habit_id=read)
    assert [(r.time, r.weekdays, r.channels) for r in found] == [
        ("06:30", (0, 1, 2, 3, 4, 5, 6), ("push",)), ("21:00", (5, 6), ("email",))]


def test_a_reminder_added_after_its_time_starts_on_its_next_day(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read")
    db(hr.add_reminder, user_id=user, habit_id=read, wanted=wanted(db, user, "08:00"), now=now)  # at 12:00
    assert run(engine, now + timedelta(minutes=1)).mails == []
    assert len(run(engine, at(8, 0, DAY + timedelta(days=1))).mails) == 1


def test_a_reminder_moved_to_a_later_time_today_still_goes_today(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder="20:00", reminder_channels="email")
    [rid] = reminder_ids(engine, read)
    db(hr.update_reminder, user_id=user, reminder_id=rid, wanted=wanted(db, user, "21:00"), now=now)
    assert run(engine, at(20, 30)).mails == []
    assert len(run(engine, at(21)).mails) == 1


@pytest.mark.parametrize(("time", "weekdays", "message"), [
    ("25:00", [0], "Enter a time such as 07:30."), ("", [0], "Enter a time such as 07:30."),
    ("07:00", [], "Choose at least one weekday."), ("07:00", [9], "0 = Monday"), ("07:00", "all", "0 = Monday"),
])
def test_bad_reminders_are_refused_with_a_clear_message(engine, db, time, weekdays, message):
    user = user_with(engine, digest=None)
    with pytest.raises(ValidationError, match=message):
        db(hr.check, user_id=user, time=time, weekdays=weekdays)


def test_a_second_reminder_at_the_same_time_is_refused(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder="07:00")
    with pytest.raises(ValidationError, match="already has a reminder at 07:00"):
        db(hr.add_reminder, user_id=user, habit_id=read, wanted=wanted(db, user, "07:00", (0,)), now=now)
    other = habit(engine, user, "Walk", reminder="08:00")
    [rid] = reminder_ids(engine, other)
    db(hr.add_reminder, user_id=user, habit_id=other, wanted=wanted(db, user, "09:00"), now=now)
    with pytest.raises(ValidationError, match="already has a reminder at 09:00"):
        db(hr.update_reminder, user_id=user, reminder_id=rid, wanted=wanted(db, user, "09:00"), now=now)


def test_a_habit_takes_at_most_ten_reminders(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder=tuple(f"{h:02d}:00" for h in range(10)))
    with pytest.raises(ValidationError, match="at most 10 reminders"):
        db(hr.add_reminder, user_id=user, habit_id=read, wanted=wanted(db, user, "22:00"), now=now)
    assert len(reminder_ids(engine, read)) == 10


def test_replacing_keeps_the_reminders_at_unchanged_times_and_their_claims(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder=("07:00", "09:00"), reminder_channels="email")
    assert len(run(engine, at(9)).mails) == 2
    seven, _ = reminder_ids(engine, read)
    found = db(hr.replace_reminders, user_id=user, habit_id=read, now=now,
               wanted=[wanted(db, user, "07:00", (6,)), wanted(db, user, "18:00", (6,))])
    assert [(r.id == seven, r.time, r.weekdays) for r in found] == [(True, "07:00", (6,)), (False, "18:00", (6,))]
    assert run(engine, at(12, 1)).mails == []  # 07:00 was sent today already
    assert len(run(engine, at(18)).mails) == 1


def test_replacing_refuses_duplicates_and_too_many(engine, db, now):
    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder="07:00")
    with pytest.raises(ValidationError, match="same time"):
        db(hr.replace_reminders, user_id=user, habit_id=read, now=now,
           wanted=[wanted(db, user, "08:00"), wanted(db, user, "08:00", (1,))])
    with pytest.raises(ValidationError, match="at most 10"):
        db(hr.replace_reminders, user_id=user, habit_id=read, now=now,
           wanted=[wanted(db, user, f"{h:02d}:00") for h in range(11)])
    assert [r.time for r in db(hr.list_reminders, user_id=user, habit_id=read)] == ["07:00"]


def test_other_users_reminders_cannot_be_read_or_changed(engine, db, now):
    me, other = user_with(engine, digest=None), user_with(engine, "o@example.org", digest=None)
    theirs = habit(engine, other, "Theirs", reminder="06:00")
    [rid] = reminder_ids(engine, theirs)
    with pytest.raises(HabitNotFound):
        db(hr.list_reminders, user_id=me, habit_id=theirs)
    with pytest.raises(HabitNotFound):
        db(hr.add_reminder, user_id=me, habit_id=theirs, wanted=wanted(db, me), now=now)
    with pytest.raises(HabitNotFound):
        db(hr.replace_reminders, user_id=me, habit_id=theirs, wanted=[], now=now)
    with pytest.raises(hr.ReminderNotFound):
        db(hr.update_reminder, user_id=me, reminder_id=rid, wanted=wanted(db, me), now=now)
    with pytest.raises(hr.ReminderNotFound):
        db(hr.remove_reminder, user_id=me, reminder_id=rid)
    assert reminder_ids(engine, theirs) == [rid]


def test_apprise_channels_of_another_user_are_dropped(engine, db, now):
    from easytrack.services import channels

    me, other = user_with(engine, digest=None), user_with(engine, "o@example.org", digest=None)
    hook = db(channels.add_channel, user_id=other, name="Theirs", url="json://hooks.example.net/x", now=now)
    assert db(hr.check, user_id=me, time="07:00", weekdays=[0], via=["email", f"c{hook.id}"]).channels == "email"


def test_deleting_a_habit_deletes_its_reminders(engine, db):
    from easytrack.services import habits

    user = user_with(engine, digest=None)
    read = habit(engine, user, "Read", reminder=("07:00", "08:00"))
    db(habits.delete_habit, user_id=user, habit_id=read)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(HabitReminder)).scalar_one() == 0
        assert session.get(Habit, read) is None
