"""Export a user's groups, habits and check-ins: lossless JSON, or a spreadsheet-friendly CSV zip."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from easytrack.domain.frequency import Schedule
from easytrack.models import CheckIn, Habit, HabitGroup, HabitReminder, User
from easytrack.reminders.due import format_time, weekdays_of
from easytrack.services.errors import NotFound
from easytrack.services.transfer.native import MARKER, VERSION

_users, _groups, _habits, _checkins = User.__table__, HabitGroup.__table__, Habit.__table__, CheckIn.__table__
_reminders = HabitReminder.__table__
HABIT_FIELDS = ("name", "position", "group", "source_id", "description", "question", "color", "archived",
                "schedule", "measurable", "unit", "target_value", "target_direction", "target_period")
CSV_HABIT_COLUMNS = ("name", "group", "position", "archived", "schedule", "schedule_description", "measurable",
                     "unit", "target_value", "target_direction", "target_period", "description", "question",
                     "color", "source_id")
_RISKY = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class _Snapshot:
    user: dict
    groups: list[dict]
    habits: list[dict]  # each with "reminders" (earliest first) and "checkins" ({"day", "state", "amount", "note"}, oldest first)


def _load(session: Session, user_id: int) -> _Snapshot:
    """Read everything of one user in five queries; positions become ranks 0, 1, 2, …"""
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id < 2**31:
        raise NotFound()
    user = session.exec(select(_users.c.timezone, _users.c.first_weekday).where(_users.c.id == user_id)).first()
    if user is None:
        raise NotFound()
    group_rows = session.exec(select(_groups.c.id, _groups.c.name).where(_groups.c.user_id == user_id)
                              .order_by(_groups.c.position, _groups.c.id)).all()
    names = {g.id: g.name for g in group_rows}
    habit_rows = session.exec(select(_habits).where(_habits.c.user_id == user_id)
                              .order_by(_habits.c.position, _habits.c.id)).all()
    habits, by_id = [], {}
    for rank, row in enumerate(habit_rows):
        values = dict(row._mapping)
        item = {k: values[k] for k in HABIT_FIELDS if k in values}
        item.update(position=rank, group=names.get(values["group_id"]), target_value=float(values["target_value"]),
                    reminders=[], checkins=[])
        habits.append(item)
        by_id[values["id"]] = item
    stmt = (select(_checkins.c.habit_id, _checkins.c.day, _checkins.c.state, _checkins.c.amount, _checkins.c.note)
            .join(_habits, _habits.c.id == _checkins.c.habit_id).where(_habits.c.user_id == user_id)
            .order_by(_checkins.c.habit_id, _checkins.c.day))
    for r in session.exec(stmt):
        amount = None if r.amount is None else float(r.amount)
        by_id[r.habit_id]["checkins"].append({"day": r.day.isoformat(), "state": r.state, "amount": amount,
                                               "note": r.note or ""})
    reminders = (select(_reminders.c.habit_id, _reminders.c.minute, _reminders.c.weekdays, _reminders.c.channels)
                 .where(_reminders.c.user_id == user_id).order_by(_reminders.c.habit_id, _reminders.c.minute))
    for r in session.exec(reminders):
        by_id[r.habit_id]["reminders"].append({"time": format_time(r.minute), "weekdays": list(weekdays_of(r.weekdays)),
                                                "channels": [k for k in r.channels.split(",") if k]})
    groups = [{"name": g.name, "position": i} for i, g in enumerate(group_rows)]
    return _Snapshot({"timezone": user.timezone, "first_weekday": user.first_weekday}, groups, habits)


def export_json(session: Session, *, user_id: int, now: datetime) -> bytes:
    """Return the user's data as UTF-8 JSON that `import_file` reads back without loss.

    Habits come in their display order, each with its check-ins oldest first. Positions are written
    as ranks (0, 1, 2, …), so exporting an import of this file gives the same file again.

    Raises:
        NotFound: if there is no such user.
    """
    snap = _load(session, user_id)
    doc = {
        "format": MARKER,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "user": snap.user,
        "groups": snap.groups,
        "habits": snap.habits,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def safe_cell(value: object) -> str:
    """Return `value` as CSV text that a spreadsheet will not run as a formula (prefixing a quote)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_RISKY) else text


def _csv(header: tuple[str, ...], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8


def export_csv_zip(session: Session, *, user_id: int, now: datetime) -> bytes:
    """Return a zip of `habits.csv`, `checkins.csv` and `groups.csv` (UTF-8, formulas neutralised).

    For reading in a spreadsheet; `export_json` is the format to restore from.

    Raises:
        NotFound: if there is no such user.
    """
    snap = _load(session, user_id)
    habit_rows = [[h[c] for c in CSV_HABIT_COLUMNS if c != "schedule_description"] for h in snap.habits]
    for row, habit in zip(habit_rows, snap.habits, strict=True):
        row.insert(CSV_HABIT_COLUMNS.index("schedule_description"), Schedule.from_text(habit["schedule"]).describe())
    checkin_rows = ([h["name"], c["day"], c["state"], c["amount"], c["note"]]
                    for h in snap.habits for c in h["checkins"])
    files = {
        "habits.csv": _csv(CSV_HABIT_COLUMNS, habit_rows),
        "checkins.csv": _csv(("habit", "day", "state", "amount", "note"), checkin_rows),
        "groups.csv": _csv(("name", "position"), ([g["name"], g["position"]] for g in snap.groups)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return buffer.getvalue()
