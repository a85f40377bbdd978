"""What every stored row must satisfy, whatever a handler was sent: the app's invariants, checked in SQL rows."""

from __future__ import annotations

import math
import re
import zoneinfo
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlmodel import SQLModel

from easytrack.domain.frequency import Schedule

MIN_DAY, MAX_DAY = date(1900, 1, 1), date(9998, 12, 31)
STATES = ("done", "skip", "no")
COLOR = re.compile(r"#[0-9a-f]{6}")


def _bad_text(value: object, *, low: int, high: int) -> bool:
    if not isinstance(value, str) or not low <= len(value) <= high:
        return True
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)  # a lone surrogate got through


def _number_ok(value: object, high: float = 1e6) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= high


def violations(engine) -> list[str]:
    """Every stored row breaking an invariant, described; [] when the database is sound."""
    tables = SQLModel.metadata.tables
    out: list[str] = []
    latest_today = datetime.now(timezone.utc).date() + timedelta(days=1)  # the easternmost zone's today
    with engine.connect() as conn:
        for u in conn.execute(select(tables["users"])).mappings():
            if _bad_text(u["display_name"], low=0, high=100) or u["timezone"] not in zoneinfo.available_timezones():
                out.append(f"user {u['id']}: display_name/timezone {u['display_name']!r} {u['timezone']!r}")
            if not 0 <= u["first_weekday"] <= 6 or _bad_text(u["email"], low=3, high=254):
                out.append(f"user {u['id']}: first_weekday/email {u['first_weekday']!r} {u['email']!r}")
        for g in conn.execute(select(tables["habit_groups"])).mappings():
            if _bad_text(g["name"], low=1, high=100) or not g["name"].strip():
                out.append(f"group {g['id']}: name {g['name']!r}")
        for h in conn.execute(select(tables["habits"])).mappings():
            out += _habit(h)
        for c in conn.execute(select(tables["checkins"])).mappings():
            day = c["day"] if isinstance(c["day"], date) else date.fromisoformat(str(c["day"]))
            if not MIN_DAY <= day <= MAX_DAY or day > latest_today:
                out.append(f"check-in {c['id']}: day {day}")
            if c["state"] not in STATES:
                out.append(f"check-in {c['id']}: state {c['state']!r}")
            if c["amount"] is not None and not _number_ok(c["amount"]):
                out.append(f"check-in {c['id']}: amount {c['amount']!r}")
            if _bad_text(c["note"], low=0, high=1000):
                out.append(f"check-in {c['id']}: note {c['note'][:80]!r}… ({len(c['note'])} chars)")
        for t in conn.execute(select(tables["api_tokens"])).mappings():
            if _bad_text(t["name"], low=1, high=100):
                out.append(f"api token {t['id']}: name {t['name']!r}")
    return out


def _habit(h) -> list[str]:
    out = []
    if _bad_text(h["name"], low=1, high=100) or not h["name"].strip():
        out.append(f"habit {h['id']}: name {h['name']!r}")
    if _bad_text(h["description"], low=0, high=1000) or _bad_text(h["question"], low=0, high=200):
        out.append(f"habit {h['id']}: description/question")
    if _bad_text(h["unit"], low=0, high=20) or not COLOR.fullmatch(h["color"] or ""):
        out.append(f"habit {h['id']}: unit/color {h['unit']!r} {h['color']!r}")
    if not _number_ok(h["target_value"]):
        out.append(f"habit {h['id']}: target {h['target_value']!r}")
    if h["target_direction"] not in ("at_least", "at_most") or h["target_period"] not in ("day", "week", "month"):
        out.append(f"habit {h['id']}: target direction/period {h['target_direction']!r} {h['target_period']!r}")
    try:
        Schedule.from_text(h["schedule"])
    except ValueError:
        out.append(f"habit {h['id']}: schedule {h['schedule']!r}")
    return out
