"""Bodies of the push-subscription, notification-action and batch check-in endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from easytrack.api.schemas import Amount, CheckinOut, RowId
from easytrack.services.outbox import MAX_BATCH, MAX_REF

DayString = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), Field(examples=["2026-03-15"])]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class PushKeysIn(_In):
    p256dh: Annotated[str, StringConstraints(max_length=100)] = Field(description="The browser's P-256 key, base64url")
    auth: Annotated[str, StringConstraints(max_length=40)] = Field(description="The subscription's 16-byte auth value, base64url")


class PushSubscriptionIn(_In):
    """What `PushSubscription.toJSON()` gives in a browser (extra fields such as expirationTime are allowed)."""

    model_config = ConfigDict(strict=True, extra="ignore")
    endpoint: Annotated[str, StringConstraints(max_length=1000)] = Field(description="The push service URL (https)")
    keys: PushKeysIn
    label: Annotated[str, StringConstraints(max_length=100)] = Field(default="", description="e.g. 'Phone'")


class OldSubscriptionIn(_In):
    model_config = ConfigDict(strict=True, extra="ignore")
    endpoint: Annotated[str, StringConstraints(max_length=1000)]
    keys: PushKeysIn


class RenewIn(_In):
    """A rotated subscription: the one the server knows (its endpoint and keys prove who sends this) and the
    browser's new one."""

    old: OldSubscriptionIn = Field(description="The subscription as it was registered (toJSON())")
    new: PushSubscriptionIn = Field(description="The browser's new subscription (toJSON()); its label is ignored")


class DeviceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    label: str
    created_at: datetime
    last_sent_at: datetime | None


class VapidKeyOut(BaseModel):
    public_key: str = Field(description="The server's VAPID key: pass it as applicationServerKey")


class ActionIn(_In):
    token: Annotated[str, StringConstraints(max_length=200)] = Field(description="From the notification's data")


class PressIn(_In):
    ref: Annotated[str, StringConstraints(max_length=MAX_REF)] = Field(default="", description="Your id for it")
    habit_id: RowId
    day: DayString
    state: Literal["done", "skip", "no"] | None = Field(description="null clears the day")
    amount: Amount | None = None
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None


class BatchIn(_In):
    changes: list[PressIn] = Field(max_length=MAX_BATCH, description=f"At most {MAX_BATCH:,}, applied in order")


class PressOut(BaseModel):
    ref: str
    habit_id: int
    day: date
    ok: bool
    error: str = Field(description="Why it was not applied (empty when ok)")
    rev: int | None = Field(description="The revision it was applied at")
    checkin: CheckinOut | None = Field(description="The day as stored now; null when cleared or not applied")


class BatchOut(BaseModel):
    results: list[PressOut]
