"""Plain, frozen results of the tracker services (never ORM rows): what the state layer keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple


@dataclass(frozen=True)
class GroupInfo:
    """A named group of habits; groups are shown in `position` order."""

    id: int
    name: str
    position: int


@dataclass(frozen=True)
class HabitInfo:
    """One habit as entered by its owner; `schedule` is `Schedule.to_text()` form ("daily", "week:3", …)."""

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


@dataclass(frozen=True)
class CheckinInfo:
    """What was entered for one day: a state ("done" | "skip" | "no"), an optional amount and a note."""

    day: date
    state: str
    amount: float | None
    note: str


class HabitChange(NamedTuple):
    """A habit was created or changed; `habit` is its state after revision `rev`. Unpacks as (rev, habit)."""

    rev: int
    habit: HabitInfo


class GroupChange(NamedTuple):
    """A group was created or renamed; `group` is its state after revision `rev`. Unpacks as (rev, group)."""

    rev: int
    group: GroupInfo


@dataclass(frozen=True)
class Deleted:
    """A habit or group `id` was deleted at revision `rev` (a habit's check-ins went with it)."""

    rev: int
    id: int


@dataclass(frozen=True)
class Reordered:
    """After revision `rev` the habits (or groups) are in the order `ids`, first to last.

    Absolute (all ids), not relative, so applying it twice or out of band is harmless.
    """

    rev: int
    ids: tuple[int, ...]


@dataclass(frozen=True)
class CheckinChange:
    """The cell (`habit_id`, `day`) holds `checkin` after revision `rev`; None means the day was cleared."""

    rev: int
    habit_id: int
    day: date
    checkin: CheckinInfo | None
