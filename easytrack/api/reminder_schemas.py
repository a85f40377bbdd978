"""Bodies of a habit's reminders endpoint: each reminder a local time, its weekdays and its channels."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from easytrack.services.channel_keys import MAX_KEYS
from easytrack.services.habit_reminders import MAX_PER_HABIT

Time = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"), Field(examples=["07:30"])]
Weekday = Annotated[int, Field(ge=0, le=6)]
ChannelKey = Annotated[str, StringConstraints(pattern=r"^(email|push|c[0-9]{1,10})$")]


class ReminderIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    time: Time = Field(description="Local time in the user's zone, HH:MM (24 h)")
    weekdays: list[Weekday] = Field(default=[0, 1, 2, 3, 4, 5, 6], min_length=1, max_length=7,
                                    description="0 = Monday … 6 = Sunday, in the user's zone (default: every day)")
    channels: list[ChannelKey] = Field(default=["email", "push"], max_length=MAX_KEYS,
                                       description='"email", "push", or "c<id>" of one of your notification channels')


class RemindersIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    reminders: list[ReminderIn] = Field(max_length=MAX_PER_HABIT,
                                        description=f"The habit's reminders, all of them (at most {MAX_PER_HABIT})")


class ReminderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    time: str
    weekdays: list[int]
    channels: list[str]
