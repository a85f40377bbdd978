"""Pieces the routers share: strict day parameters, the caller's own "today", live-update publishing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import Path
from sqlmodel import Session

from easytrack import live
from easytrack.domain.calendar import parse_day, today_in_zone
from easytrack.services.errors import ValidationError
from easytrack.services.profile import get_user

DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DayText = Annotated[str, Path(pattern=DAY_PATTERN, description="A day as YYYY-MM-DD", examples=["2026-03-15"])]
HabitId = Annotated[int, Path(description="A habit id")]
GroupId = Annotated[int, Path(description="A group id")]


def to_day(text: str | None, what: str = "day") -> date | None:
    """Parse a YYYY-MM-DD parameter (None stays None).

    Raises:
        ValidationError: naming `what`, for anything but a real day in 1900..9998.
    """
    if text is None:
        return None
    try:
        return parse_day(text)
    except ValueError:
        raise ValidationError("{what} must be a real day between 1900 and 9998, written YYYY-MM-DD.",
                              what=what) from None


def user_today(session: Session, user_id: int, now: datetime) -> tuple[date, int]:
    """The user's current day in their own time zone, and their first weekday (0 = Monday)."""
    user = get_user(session, user_id)
    try:
        today = today_in_zone(now, user.timezone)
    except ValueError:  # a zone this machine no longer knows: UTC rather than an error
        today = today_in_zone(now, "UTC")
    return today, user.first_weekday


async def reload(user_id: int, rev: int) -> None:
    """Tell the user's open tabs to reload after a change of habits or groups (at revision `rev`)."""
    await live.publish(user_id, live.Reload(rev))


async def cell(user_id: int, rev: int, habit_id: int, day: date) -> None:
    """Tell the user's open tabs that one day of one habit changed (at revision `rev`)."""
    await live.publish(user_id, live.Cell(rev, habit_id, day))
