"""Web Push for native and web clients: the server's key, subscriptions, and a notification's "Done"."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from easytrack.api.push_schemas import ActionIn, DeviceOut, PushSubscriptionIn, RenewIn, VapidKeyOut
from easytrack.api.routers.common import cell, user_today
from easytrack.api.security import Ctx, UserId, count_client
from easytrack.i18n import N_
from easytrack.services import checkins, push, push_keys
from easytrack.services.errors import InvalidToken

router = APIRouter(tags=["push"])
INVALID_ACTION = N_("This notification has expired: open easytrack to tick the habit.")


def _public_key(session: Session) -> VapidKeyOut:
    return VapidKeyOut(public_key=push_keys.load_keys(session).public_key)


@router.get("/push-subscriptions/key", response_model=VapidKeyOut, summary="The server's VAPID public key")
async def vapid_key(user_id: UserId, ctx: Ctx) -> VapidKeyOut:
    return await ctx.run(_public_key)


@router.get("/push-subscriptions", response_model=list[DeviceOut], summary="Your subscribed devices")
async def list_devices(user_id: UserId, ctx: Ctx) -> list[DeviceOut]:
    found = await ctx.run(push.list_devices, user_id=user_id)
    return [DeviceOut.model_validate(d) for d in found]


@router.post("/push-subscriptions", response_model=DeviceOut, status_code=201,
             summary="Subscribe a device (its PushSubscription.toJSON()); the same endpoint again refreshes it")
async def subscribe(body: PushSubscriptionIn, user_id: UserId, ctx: Ctx) -> DeviceOut:
    raw = {"endpoint": body.endpoint, "keys": body.keys.model_dump()}
    found = await ctx.run(push.subscribe, user_id=user_id, subscription=raw, label=body.label, now=ctx.now())
    return DeviceOut.model_validate(found)


@router.post("/push-subscriptions/renew", response_model=DeviceOut, openapi_extra={"security": []},
             summary="Replace a subscription the browser rotated (pushsubscriptionchange); no API token needed",
             description="Proved by the old subscription's endpoint and keys, which only that browser and this "
                         "server know. The old subscription is removed; the new one keeps its device name.")
async def renew(body: RenewIn, request: Request, ctx: Ctx) -> DeviceOut:
    await count_client(ctx, request)
    old = {"endpoint": body.old.endpoint, "keys": body.old.keys.model_dump()}
    new = {"endpoint": body.new.endpoint, "keys": body.new.keys.model_dump()}
    return DeviceOut.model_validate(await ctx.run(push.renew, old=old, new=new, now=ctx.now()))


@router.delete("/push-subscriptions/{device_id}", status_code=204, summary="Stop pushing to a device")
async def unsubscribe(device_id: int, user_id: UserId, ctx: Ctx) -> Response:
    await ctx.run(push.remove_device, user_id=user_id, device_id=device_id)
    return Response(status_code=204)


def _done(session: Session, *, token: str, now):
    found = push_keys.verify_action(push_keys.load_keys(session), token, now=now)
    if found is None:
        raise InvalidToken(INVALID_ACTION)
    user_id, habit_id, day = found
    today, _ = user_today(session, user_id, now)
    return user_id, checkins.set_checkin(session, user_id=user_id, habit_id=habit_id, day=day, state="done",
                                         today=today, now=now)


@router.post("/push/done", status_code=204, openapi_extra={"security": []},
             summary="A notification's Done: tick the habit named by the signed token (no API token needed)")
async def done(body: ActionIn, request: Request, ctx: Ctx) -> Response:
    await count_client(ctx, request)
    user_id, change = await ctx.run(_done, token=body.token, now=ctx.now())
    await cell(user_id, change.rev, change.habit_id, change.day)
    return Response(status_code=204)
