"""GET /me: the owner of the token."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from easytrack.api.schemas import UserPublic
from easytrack.api.security import Ctx, UserId
from easytrack.services.profile import get_user

router = APIRouter(tags=["account"])


def _me(session: Session, user_id: int) -> UserPublic:
    user = get_user(session, user_id)
    return UserPublic(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        timezone=user.timezone,
        first_weekday=user.first_weekday,
    )


@router.get("/me", response_model=UserPublic, summary="The account the token belongs to")
async def me(user_id: UserId, ctx: Ctx) -> UserPublic:
    return await ctx.run(_me, user_id)
