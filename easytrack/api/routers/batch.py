"""POST /checkins/batch: many check-in changes in one request (an offline outbox replayed)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from easytrack.api.push_schemas import BatchIn, BatchOut, PressOut
from easytrack.api.routers.common import cell, to_day, user_today
from easytrack.api.schemas import CheckinOut
from easytrack.api.security import Ctx, UserId
from easytrack.services import outbox

router = APIRouter(tags=["check-ins"])
MAX_BODY = 256 * 1024  # 1,000 changes with notes fit


def _apply(session: Session, *, user_id: int, body: BatchIn, now) -> list[outbox.Result]:
    presses = [outbox.Press(p.ref, p.habit_id, to_day(p.day, f"changes[{i}].day"), p.state, p.amount, p.note)
               for i, p in enumerate(body.changes)]
    today, _ = user_today(session, user_id, now)
    return outbox.apply_presses(session, user_id=user_id, presses=presses, today=today, now=now)


def _out(result: outbox.Result) -> PressOut:
    change, press = result.change, result.press
    stored = CheckinOut.model_validate(change.checkin) if change and change.checkin else None
    return PressOut(ref=press.ref, habit_id=press.habit_id, day=press.day, ok=result.ok, error=result.error,
                    rev=change.rev if change else None, checkin=stored)


@router.post("/checkins/batch", response_model=BatchOut,
             summary="Apply many check-in changes in order; each one is kept or refused on its own")
async def batch(body: BatchIn, user_id: UserId, ctx: Ctx) -> BatchOut:
    results = await ctx.run(_apply, user_id=user_id, body=body, now=ctx.now())
    for result in results:
        if result.change:
            await cell(user_id, result.change.rev, result.change.habit_id, result.change.day)
    return BatchOut(results=[_out(r) for r in results])
