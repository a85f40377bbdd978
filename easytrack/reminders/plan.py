"""What a claimed reminder sends, and where: the e-mail, the push notice and the Apprise channels it goes to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from easytrack import config
from easytrack.models import Habit, HabitReminder
from easytrack.reminders import claims, mails
from easytrack.reminders.webpush import Notice, digest_notice, habit_notice
from easytrack.services import reminders
from easytrack.services.channel_keys import APPRISE_PREFIX, EMAIL, PUSH, parse_keys
from easytrack.services.mail_templates import Mail
from easytrack.services.push_keys import PushKeys, sign_action

MAX_BODY = 180  # characters of a notification body (phones cut it shorter anyway)


@dataclass
class Plan:
    """One claimed reminder: its e-mail (to `email`), its push notice, the Apprise channel ids it goes to."""

    due: reminders.Due
    email: str = ""
    mail: Mail | None = None
    notice: Notice | None = None
    push: bool = False
    channel_ids: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.mail is None and not self.push and not self.channel_ids


def _habit_path(habit_id: int) -> str:
    return f"/habits/{habit_id}"  # kept equal to easytrack.routes.habit_url (no UI imports here)


def _digest_body(names: list[str]) -> str:
    text = ", ".join(names)
    return text if len(text) <= MAX_BODY else text[:MAX_BODY - 1].rstrip(", ") + "…"


def _with_channels(plan: Plan, keys: str, *, mail: Callable[[], Mail], email: str, notice: Notice) -> Plan:
    chosen = parse_keys(keys)
    if EMAIL in chosen:  # only then the unsubscribe token is read (or made)
        plan.email, plan.mail = email, mail()
    plan.push, plan.notice = PUSH in chosen, notice
    plan.channel_ids = sorted(int(k[len(APPRISE_PREFIX):]) for k in chosen if k.startswith(APPRISE_PREFIX))
    return plan


def compose(session: Session, due: reminders.Due, *, keys: PushKeys | None, now: datetime) -> Plan:
    """The plan for a claimed reminder; empty when nothing is to be sent any more (all done, turned off)."""
    plan = Plan(due)
    user = reminders.still_eligible(session, user_id=due.key.user_id)
    if user is None:
        return plan
    still_open = reminders.open_habits(session, user=user, today=due.key.day)
    token = lambda: reminders.unsubscribe_token(session, user_id=user.id)  # noqa: E731
    base = config.settings.base_url
    if due.key.kind == claims.DIGEST:
        if not user.digest_enabled or not still_open:
            return plan
        names = [name for _, name in still_open]
        notice = digest_notice(user.language, count=len(names), body=_digest_body(names))
        return _with_channels(plan, user.digest_channels, email=user.email, notice=notice,
                              mail=lambda: mails.digest(base_url=base, token=token(), names=names,
                                                        lang=user.language))
    reminder = session.get(HabitReminder, due.key.subject_id)
    if reminder is None or reminder.user_id != user.id or due.key.kind != claims.REMINDER:
        return plan  # removed since it was found due
    habit = session.get(Habit, reminder.habit_id)
    if habit is None or habit.user_id != user.id or habit.id not in {habit_id for habit_id, _ in still_open}:
        return plan
    action = "" if keys is None else sign_action(keys, user_id=user.id, habit_id=habit.id, day=due.key.day, now=now)
    notice = habit_notice(user.language, name=habit.name, path=_habit_path(habit.id), tag=f"habit-{habit.id}",
                          action=action)
    return _with_channels(plan, reminder.channels, email=user.email, notice=notice,
                          mail=lambda: mails.habit(base_url=base, token=token(), name=habit.name,
                                                   lang=user.language))
