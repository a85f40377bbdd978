"""Habits: list, create, read, change (archive included), delete, and their statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from easytrack.api.routers.common import DAY_PATTERN, HabitId, reload, to_day, user_today
from easytrack.api.schemas import HabitCreate, HabitOut, HabitUpdate, StatsOut
from easytrack.api.security import Ctx, UserId
from easytrack.services import habits, stats
from easytrack.services.stats import HabitStats
from easytrack.services.tracker_types import HabitChange

router = APIRouter(prefix="/habits", tags=["habits"])


def _update(session: Session, *, user_id: int, habit_id: int, changes: dict[str, Any]) -> HabitChange:
    """Apply the field changes, then archiving; returns the last change."""
    archived = changes.pop("archived", None)
    change = None
    if changes or archived is None:
        change = habits.update_habit(session, user_id=user_id, habit_id=habit_id, **changes)
    if archived is not None:
        change = habits.set_archived(session, user_id=user_id, habit_id=habit_id, archived=archived)
    return change


def _stats(session: Session, *, user_id: int, habit_id: int, day: date | None, now: datetime) -> HabitStats:
    today, first_weekday = user_today(session, user_id, now)
    return stats.habit_stats(session, user_id=user_id, habit_id=habit_id, day=day or today, first_weekday=first_weekday)


@router.get("", response_model=list[HabitOut], summary="Your habits, in order")
async def list_habits(
    user_id: UserId, ctx: Ctx, include_archived: Annotated[bool, Query(description="Archived ones too")] = False
) -> list[HabitOut]:
    found = await ctx.run(habits.list_habits, user_id=user_id, include_archived=include_archived)
    return [HabitOut.model_validate(h) for h in found]


@router.post("", response_model=HabitOut, status_code=201, summary="Create a habit")
async def create_habit(body: HabitCreate, user_id: UserId, ctx: Ctx) -> HabitOut:
    fields = body.model_dump(exclude_none=True)
    fields["group_id"] = body.group_id
    rev, habit = await ctx.run(habits.create_habit, user_id=user_id, now=ctx.now(), **fields)
    await reload(user_id, rev)
    return HabitOut.model_validate(habit)


@router.get("/{habit_id}", response_model=HabitOut, summary="One habit")
async def get_habit(habit_id: HabitId, user_id: UserId, ctx: Ctx) -> HabitOut:
    return HabitOut.model_validate(await ctx.run(habits.get_habit, user_id=user_id, habit_id=habit_id))


@router.patch("/{habit_id}", response_model=HabitOut, summary="Change a habit (only the fields sent)")
async def update_habit(habit_id: HabitId, body: HabitUpdate, user_id: UserId, ctx: Ctx) -> HabitOut:
    changes = body.model_dump(include=body.model_fields_set)
    rev, habit = await ctx.run(_update, user_id=user_id, habit_id=habit_id, changes=changes)
    await reload(user_id, rev)
    return HabitOut.model_validate(habit)


@router.delete("/{habit_id}", status_code=204, summary="Delete a habit and its check-ins")
async def delete_habit(habit_id: HabitId, user_id: UserId, ctx: Ctx) -> Response:
    deleted = await ctx.run(habits.delete_habit, user_id=user_id, habit_id=habit_id)
    await reload(user_id, deleted.rev)
    return Response(status_code=204)


@router.get("/{habit_id}/stats", response_model=StatsOut, summary="Score, streaks and completion rates")
async def habit_stats(
    habit_id: HabitId,
    user_id: UserId,
    ctx: Ctx,
    day: Annotated[str | None, Query(pattern=DAY_PATTERN, description="As of this day (default: today)")] = None,
) -> StatsOut:
    found = await ctx.run(_stats, user_id=user_id, habit_id=habit_id, day=to_day(day), now=ctx.now())
    return StatsOut.model_validate(found)
