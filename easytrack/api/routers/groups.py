"""Habit groups: list, create, rename, delete."""

from __future__ import annotations

from fastapi import APIRouter, Response

from easytrack.api.routers.common import GroupId, reload
from easytrack.api.schemas import GroupIn, GroupOut
from easytrack.api.security import Ctx, UserId
from easytrack.services import groups

router = APIRouter(prefix="/groups", tags=["groups"])


@router.get("", response_model=list[GroupOut], summary="Your groups, in order")
async def list_groups(user_id: UserId, ctx: Ctx) -> list[GroupOut]:
    found = await ctx.run(groups.list_groups, user_id=user_id)
    return [GroupOut.model_validate(g) for g in found]


@router.post("", response_model=GroupOut, status_code=201, summary="Create a group")
async def create_group(body: GroupIn, user_id: UserId, ctx: Ctx) -> GroupOut:
    rev, group = await ctx.run(groups.create_group, user_id=user_id, name=body.name)
    await reload(user_id, rev)
    return GroupOut.model_validate(group)


@router.patch("/{group_id}", response_model=GroupOut, summary="Rename a group")
async def rename_group(group_id: GroupId, body: GroupIn, user_id: UserId, ctx: Ctx) -> GroupOut:
    rev, group = await ctx.run(groups.rename_group, user_id=user_id, group_id=group_id, name=body.name)
    await reload(user_id, rev)
    return GroupOut.model_validate(group)


@router.delete("/{group_id}", status_code=204, summary="Delete a group (its habits stay, ungrouped)")
async def delete_group(group_id: GroupId, user_id: UserId, ctx: Ctx) -> Response:
    deleted = await ctx.run(groups.delete_group, user_id=user_id, group_id=group_id)
    await reload(user_id, deleted.rev)
    return Response(status_code=204)
