"""A habit's reminders: read them, or replace them all at once (several times a day, each on its weekdays)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from sqlmodel import Session

from easytrack.api.reminder_schemas import ReminderOut, RemindersIn
from easytrack.api.routers.common import HabitId
from easytrack.api.security import Ctx, UserId
from easytrack.services import habit_reminders
from easytrack.services.habit_reminders import Reminder

router = APIRouter(prefix="/habits", tags=["reminders"])


def _out(found: list[Reminder]) -> list[ReminderOut]:
    return [ReminderOut(id=r.id, time=r.time, weekdays=list(r.weekdays), channels=list(r.channels)) for r in found]


def _replace(session: Session, *, user_id: int, habit_id: int, body: RemindersIn, now: datetime) -> list[Reminder]:
    wanted = [habit_reminders.check(session, user_id=user_id, time=r.time, weekdays=r.weekdays, via=r.channels)
              for r in body.reminders]
    return habit_reminders.replace_reminders(session, user_id=user_id, habit_id=habit_id, wanted=wanted, now=now)


@router.get("/{habit_id}/reminders", response_model=list[ReminderOut],
            summary="The habit's reminders, earliest time first")
async def list_reminders(habit_id: HabitId, user_id: UserId, ctx: Ctx) -> list[ReminderOut]:
    return _out(await ctx.run(habit_reminders.list_reminders, user_id=user_id, habit_id=habit_id))


@router.put("/{habit_id}/reminders", response_model=list[ReminderOut],
            summary="Replace the habit's reminders (a reminder at a time it already had keeps its id)",
            description="Times and weekdays are in your time zone. A reminder whose time already passed today "
                        "starts on its next day. Channels of other users are dropped; an empty list removes all.")
async def replace_reminders(habit_id: HabitId, body: RemindersIn, user_id: UserId, ctx: Ctx) -> list[ReminderOut]:
    return _out(await ctx.run(_replace, user_id=user_id, habit_id=habit_id, body=body, now=ctx.now()))
