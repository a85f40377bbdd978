"""Two users for the isolation suite: A ("Alice") owns data full of sentinels; B probes it.

Also the detectors: A's rows in every table (found through the foreign keys, so a new table is covered
without anyone editing this file) and a search for A's sentinels in whatever B can see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Table, select, update
from sqlmodel import Session, SQLModel

from easytrack.domain.calendar import today_in_zone
from easytrack.models import Habit
from easytrack.services import accounts, api_tokens, checkins, groups, habits
from tests.factories import make_user

A_EMAIL = "alice.sentinel-7q1@example.org"
A_NAME = "Zyx Alice Sentinel"
A_GROUP = "ZyxGroupSecret"
A_HABITS = ("ZyxHabitSecretOne", "ZyxHabitSecretTwo")
A_DESCRIPTION = "ZyxDescriptionSecret"
A_QUESTION = "ZyxQuestionSecret"
A_UNIT = "zyxunit"
A_NOTES = ("ZyxNoteSecret first", "ZyxNoteSecret second")
A_TOKEN_NAME = "ZyxTokenSecret"
A_SOURCE_ID = "loop:zyx-source-secret"
A_PUSH_ENDPOINT = "https://push.example.net/send/zyx-endpoint-secret"
A_CHANNEL_URL = "json://hooks.example.net/zyx-channel-secret"
B_EMAIL = "bob.prober@example.org"


@dataclass
class Alice:
    """User A: a group, two habits (one measurable, in the group), check-ins with notes, an API token."""

    user_id: int
    session_token: str
    api_secret: str
    api_token_id: int
    group_id: int
    habit_ids: tuple[int, int]
    days: tuple[date, date]  # the days with notes (before today, in UTC)
    secrets: tuple[str, ...] = field(default=())
    device_id: int = 0  # a subscribed browser
    channel_id: int = 0  # an Apprise notification URL
    reminder_ids: tuple[int, ...] = ()  # two reminders of the first habit

    @property
    def habit_id(self) -> int:
        return self.habit_ids[0]


def today_utc() -> date:
    return today_in_zone(datetime.now(timezone.utc), "UTC")


def make_alice(engine) -> Alice:
    now = datetime.now(timezone.utc)
    today = today_utc()
    days = (today - timedelta(days=1), today - timedelta(days=3))
    with Session(engine, expire_on_commit=False) as s:
        uid = make_user(s, email=A_EMAIL, display_name=A_NAME, timezone="UTC", timezone_set=True)
        token = accounts.create_session(s, user_id=uid, now=now)
        info, secret = api_tokens.create_token(s, user_id=uid, name=A_TOKEN_NAME, now=now)
        _, group = groups.create_group(s, user_id=uid, name=A_GROUP)
        _, first = habits.create_habit(s, user_id=uid, name=A_HABITS[0], group_id=group.id,
                                       description=A_DESCRIPTION, question=A_QUESTION)
        _, second = habits.create_habit(s, user_id=uid, name=A_HABITS[1], measurable=True, unit=A_UNIT,
                                        target_value=5.0)
        for day, note in zip(days, A_NOTES):
            checkins.set_checkin(s, user_id=uid, habit_id=first.id, day=day, state="done", note=note, today=today)
        checkins.set_checkin(s, user_id=uid, habit_id=second.id, day=days[0], state="done", amount=7.0,
                             note=A_NOTES[0] + " amount", today=today)
        s.exec(update(Habit).where(Habit.id == first.id).values(source_id=A_SOURCE_ID))
        device, channel = _reminder_channels(s, uid, now)
        reminder_ids = _habit_reminders(s, uid, first.id, channel)
        s.commit()
    secrets = (A_EMAIL, A_NAME, A_GROUP, *A_HABITS, A_DESCRIPTION, A_QUESTION, A_UNIT, *A_NOTES, A_TOKEN_NAME,
               A_SOURCE_ID, token, secret, A_PUSH_ENDPOINT, A_CHANNEL_URL)
    return Alice(uid, token, secret, info.id, group.id, (first.id, second.id), days, secrets, device, channel,
                 reminder_ids)


def _habit_reminders(s: Session, uid: int, habit_id: int, channel_id: int) -> tuple[int, ...]:
    """Two reminders of A's first habit: mornings on weekdays by e-mail, evenings every day by A's channel."""
    from easytrack.models import HabitReminder

    rows = [HabitReminder(habit_id=habit_id, user_id=uid, minute=7 * 60, weekdays=0b0011111, channels="email"),
            HabitReminder(habit_id=habit_id, user_id=uid, minute=21 * 60, channels=f"push,c{channel_id}")]
    s.add_all(rows)
    s.flush()
    return tuple(r.id for r in rows)


def _reminder_channels(s: Session, uid: int, now: datetime) -> tuple[int, int]:
    """A's subscribed browser and Apprise URL (both secrets), and the server's push keys (made at first start)."""
    from easytrack.models import NotifyChannel, PushSubscription
    from easytrack.services import push_keys

    push_keys.load_keys(s, env={})
    device = PushSubscription(user_id=uid, endpoint=A_PUSH_ENDPOINT, p256dh="B" * 87, auth="A" * 22, label="")
    channel = NotifyChannel(user_id=uid, name="ntfy", url=A_CHANNEL_URL)
    s.add_all([device, channel])
    s.flush()
    return device.id, channel.id


# ---------------------------------------------------------------------------------------------- snapshots

def _owner_filter(table: Table, alice: Alice):
    """A's rows of `table`, found through its columns: None when the table cannot hold A's data."""
    owners = {"users": [alice.user_id], "habits": list(alice.habit_ids), "habit_groups": [alice.group_id]}
    if table.name == "users":
        return table.c.id == alice.user_id
    for column in table.columns:
        for fk in column.foreign_keys:
            ids = owners.get(fk.column.table.name)
            if ids is not None:
                return column.in_(ids)
    if "key" in table.c:  # login_failures: keyed by e-mail or address
        return table.c.key.contains(A_EMAIL)
    return True  # a table with no owner: every row of it (conservative)


def snapshot(engine, alice: Alice) -> dict[str, list[tuple]]:
    """Every row of A's in every table, sorted: equal snapshots mean nothing of A's changed."""
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(select(table).where(_owner_filter(table, alice))).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def diff(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    """What changed between two snapshots, one line per table."""
    lines = []
    for name in before:
        if before[name] != after[name]:
            gone = [r for r in before[name] if r not in after[name]]
            new = [r for r in after[name] if r not in before[name]]
            lines.append(f"{name}: -{gone!r} +{new!r}"[:600])
    return lines


def exposed(value: object, alice: Alice) -> list[str]:
    """A's sentinels (names, notes, e-mail, tokens) found anywhere in `value` (serialised as text)."""
    text = value if isinstance(value, str) else json.dumps(value, default=repr, ensure_ascii=False)
    return [s for s in alice.secrets if s in text]
