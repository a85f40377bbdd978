"""Request and response bodies: strict, length-limited inputs; outputs that never carry internals or hashes."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Amount = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Description = Annotated[str, StringConstraints(max_length=1000)]
Question = Annotated[str, StringConstraints(max_length=200)]
ScheduleText = Annotated[
    str, StringConstraints(min_length=1, max_length=40), Field(description='"daily", "week:3", "days:0,2,4", …')
]
Unit = Annotated[str, StringConstraints(max_length=20)]
Direction = Literal["at_least", "at_most"]
Period = Annotated[
    str,
    StringConstraints(pattern=r"^(day|week|month|days:[0-9]{1,3})$"),
    Field(description='"day", "week", "month" or "days:N" (N = 1..365: the amounts of each N days)'),
]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class GroupIn(_In):
    name: Name


class HabitCreate(_In):
    name: Name
    description: Description = ""
    question: Question = ""
    color: Color | None = Field(default=None, description="Defaults to the next palette colour.")
    group_id: RowId | None = None
    schedule: ScheduleText = "daily"
    measurable: bool = False
    unit: Unit = ""
    target_value: Amount = 0.0
    target_direction: Direction = "at_least"
    target_period: Period = "day"


class HabitUpdate(_In):
    """Only the fields sent change; `null` is accepted for `group_id` alone (no group)."""

    name: Name = None
    description: Description = None
    question: Question = None
    color: Color = None
    group_id: RowId | None = None
    schedule: ScheduleText = None
    measurable: bool = None
    unit: Unit = None
    target_value: Amount = None
    target_direction: Direction = None
    target_period: Period = None
    archived: bool = None


class CheckinIn(_In):
    state: Literal["done", "skip", "no"]
    amount: Amount | None = Field(default=None, description="Measurable habits only; null keeps the stored one.")
    note: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None, description="null keeps the stored note."
    )


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UserPublic(_Out):
    id: int
    email: str
    display_name: str
    timezone: str
    first_weekday: int = Field(description="0 = Monday … 6 = Sunday")


class GroupOut(_Out):
    id: int
    name: str
    position: int


class HabitOut(_Out):
    id: int
    name: str
    description: str
    question: str
    color: str
    group_id: int | None
    position: int
    archived: bool
    schedule: str
    measurable: bool
    unit: str
    target_value: float
    target_direction: str
    target_period: str
    created_at: datetime


class CheckinOut(_Out):
    day: date
    state: str
    amount: float | None
    note: str


class CompletionOut(_Out):
    start: date
    end: date
    done: int
    missed: int
    skipped: int
    rate: float | None = Field(description="done ÷ (done + missed); null when both are 0")
    total: float


class StatsOut(_Out):
    habit_id: int
    day: date
    score: float = Field(description="Habit strength 0..1 (Loop Habit Tracker's formula)")
    streak_current: int = Field(description="Days of the streak alive today (not-needed, skipped days count, as in Loop)")
    streak_best: int = Field(description="Days in the longest streak")
    week: CompletionOut
    month: CompletionOut
    year: CompletionOut
    all: CompletionOut
    total: float = Field(description="Done days (yes/no habits) or the sum of the amounts (measurable)")
    first_day: date | None


class HabitPlanOut(_Out):
    name: str = Field(description="The habit's name in the file")
    action: str = Field(description="create, rename (its name was taken), merge (into your habit of the same "
                                    "name), update (imported before; settings changed) or unchanged")
    target: str = Field(description="Its name in easytrack after the import")
    changes: list[str] = Field(description="Settings the file changes (merge, update)")
    reason: str = Field(description="Why it was renamed")


class ImportSummaryOut(_Out):
    format: str
    habits_created: int
    habits_updated: int
    habits_unchanged: int
    groups_created: int
    checkins_added: int
    checkins_changed: int
    checkins_unchanged: int
    warnings: list[str]
    habits: list[HabitPlanOut]
    merged: list[str]
    renamed: list[str]

    @classmethod
    def from_summary(cls, summary) -> ImportSummaryOut:
        return cls.model_validate({**_plain(summary), "merged": summary.merged, "renamed": summary.renamed})


class ImportPreviewOut(_Out):
    format: str
    habits: list[HabitPlanOut]
    groups_created: int
    checkins_added: int
    checkins_changed: int
    checkins_unchanged: int
    warnings: list[str]

    @classmethod
    def from_preview(cls, preview) -> ImportPreviewOut:
        return cls.model_validate(_plain(preview))


def _plain(result) -> dict:
    """A summary or preview dataclass as plain data (actions as their text)."""
    data = dataclasses.asdict(result)
    data["habits"] = [{**h, "action": h["action"].value} for h in data["habits"]]
    return data


class ErrorOut(BaseModel):
    error: str
