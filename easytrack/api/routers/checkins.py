"""Check-ins of one habit: read a range of days, set or clear one day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from easytrack.api.routers.common import DAY_PATTERN, DayText, HabitId, cell, to_day, user_today
from easytrack.api.schemas import CheckinIn, CheckinOut
from easytrack.api.security import Ctx, UserId
from easytrack.services import checkins
from easytrack.services.errors import ValidationError
from easytrack.services.tracker_types import CheckinChange, CheckinInfo

router = APIRouter(prefix="/habits/{habit_id}/checkins", tags=["check-ins"])
MAX_RANGE_DAYS = 3660  # ten years in one request; the export has everything
DEFAULT_RANGE_DAYS = 30
_MAX_RANGE_TEXT = f"{MAX_RANGE_DAYS:,}"


def _range(session: Session, *, user_id: int, habit_id: int, start, end, now: datetime) -> list[CheckinInfo]:
    if end is None:
        end = user_today(session, user_id, now)[0]
    if start is None:
        start = end - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if not 0 <= (end - start).days < MAX_RANGE_DAYS:
        raise ValidationError("from must be on or before to, at most {n} days apart.", n=_MAX_RANGE_TEXT)
    days = checkins.list_checkins(session, user_id=user_id, habit_id=habit_id, start=start, end=end)
    return list(days.values())


def _set(session: Session, *, user_id: int, habit_id: int, day: date, body: CheckinIn | None, now) -> CheckinChange:
    """Set (or with no body, clear) the day, refusing days after the user's own today."""
    today, _ = user_today(session, user_id, now)
    values = {"state": None} if body is None else body.model_dump()
    return checkins.set_checkin(session, user_id=user_id, habit_id=habit_id, day=day, today=today, now=now, **values)


@router.get("", response_model=list[CheckinOut], summary="Check-ins from one day to another (inclusive)")
async def list_checkins(
    habit_id: HabitId,
    user_id: UserId,
    ctx: Ctx,
    start: Annotated[str | None, Query(alias="from", pattern=DAY_PATTERN, description="Default: to - 29 days")] = None,
    end: Annotated[str | None, Query(alias="to", pattern=DAY_PATTERN, description="Default: your today")] = None,
) -> list[CheckinOut]:
    start_day, end_day = to_day(start, "from"), to_day(end, "to")
    found = await ctx.run(_range, user_id=user_id, habit_id=habit_id, start=start_day, end=end_day, now=ctx.now())
    return [CheckinOut.model_validate(c) for c in found]


@router.put("/{day}", response_model=CheckinOut, summary="Set one day (not after your today)")
async def set_checkin(habit_id: HabitId, day: DayText, body: CheckinIn, user_id: UserId, ctx: Ctx) -> CheckinOut:
    parsed = to_day(day)
    change = await ctx.run(_set, user_id=user_id, habit_id=habit_id, day=parsed, body=body, now=ctx.now())
    await cell(user_id, change.rev, change.habit_id, change.day)
    return CheckinOut.model_validate(change.checkin)


@router.delete("/{day}", status_code=204, summary="Clear one day")
async def clear_checkin(habit_id: HabitId, day: DayText, user_id: UserId, ctx: Ctx) -> Response:
    parsed = to_day(day)
    change = await ctx.run(_set, user_id=user_id, habit_id=habit_id, day=parsed, body=None, now=ctx.now())
    await cell(user_id, change.rev, change.habit_id, change.day)
    return Response(status_code=204)
