"""Plan a parsed import against the user's habits, and write it: habits and groups in one short
transaction, then the check-ins in small committed batches (see `apply_checkins`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from easytrack.models import Habit, HabitGroup, HabitReminder
from easytrack.services import channels, revisions
from easytrack.services.channel_keys import format_keys
from easytrack.services.habit_reminders import MAX_PER_HABIT
from easytrack.services.transfer import apply_checkins
from easytrack.services.transfer.limits import more_warnings
from easytrack.services.transfer.plan import SETTINGS, Step, make_plan
from easytrack.services.transfer.types import Action, Format, ImportedData, ImportPreview, ImportSummary

MAX_WARNINGS = 50
_habits = Habit.__table__
_groups = HabitGroup.__table__
_reminders = HabitReminder.__table__
_COLUMNS = ("id", "name", "name_key", "position", "source_id", "source_alt", *SETTINGS)


def plan(session: Session, *, user_id: int, parsed: ImportedData, merge_names: bool = True) -> list[Step]:
    """Match the file's habits with the user's (one query; nothing is written).

    Raises:
        ImportFailed: if the file names the same habit twice.
    """
    stmt = select(*(_habits.c[c] for c in _COLUMNS)).where(_habits.c.user_id == user_id)
    rows = [r._asdict() for r in session.exec(stmt)]
    return make_plan(rows, parsed.habits, merge_names=merge_names, native=parsed.format is Format.NATIVE)


def preview(session: Session, *, user_id: int, parsed: ImportedData, steps: list[Step]) -> ImportPreview:
    """What writing `steps` would do, counted against what is stored now."""
    pairs = [(s.habit_id, s.habit.checkins) for s in steps]
    added, changed, unchanged = apply_checkins.count(session, user_id=user_id, pairs=pairs)
    return ImportPreview(
        format=parsed.format.value,
        habits=tuple(s.plan for s in steps),
        groups_created=len(_missing_groups(session, user_id, _group_names(parsed, steps))),
        checkins_added=added,
        checkins_changed=changed,
        checkins_unchanged=unchanged,
        warnings=_capped(parsed.warnings),
    )


def write(
    session: Session,
    *,
    user_id: int,
    parsed: ImportedData,
    steps: list[Step],
    now: datetime,
    on_batch: Callable[[Session, int, int], None] | None = None,
) -> ImportSummary:
    """Write `steps` for the user, committing as it goes, and return what changed.

    `on_batch(session, done, total)` runs inside each check-in batch's transaction.
    """
    groups_created, names = 0, _group_names(parsed, steps)
    ids = [s.habit_id for s in steps]
    if any(s.values for s in steps) or _missing_groups(session, user_id, names):
        revisions.bump(session, user_id=user_id)
        group_ids, groups_created = _ensure_groups(session, user_id, names)
        ids = _write_habits(session, user_id, steps, now, group_ids)
    _add_reminders(session, user_id, [(hid, s.habit.reminders) for hid, s in zip(ids, steps, strict=True)])
    session.commit()
    pairs = [(hid, s.habit.checkins) for hid, s in zip(ids, steps, strict=True)]
    added, changed, unchanged = apply_checkins.upsert(session, user_id=user_id, pairs=pairs, now=now,
                                                      on_batch=on_batch)
    actions = [s.plan.action for s in steps]
    return ImportSummary(
        format=parsed.format.value,
        habits_created=sum(s.habit_id is None for s in steps),
        habits_updated=sum(a in (Action.UPDATE, Action.MERGE) for a in actions),
        habits_unchanged=sum(a is Action.UNCHANGED for a in actions),
        groups_created=groups_created,
        checkins_added=added,
        checkins_changed=changed,
        checkins_unchanged=unchanged,
        warnings=_capped(parsed.warnings),
        habits=tuple(s.plan for s in steps),
    )


def _capped(warnings: tuple[str, ...]) -> tuple[str, ...]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    return (*warnings[:MAX_WARNINGS], more_warnings(len(warnings) - MAX_WARNINGS))


def _group_names(parsed: ImportedData, steps: list[Step]) -> list[str]:
    """Every group our own export lists, and the groups new habits go in (so a group the user deleted or
    renamed is not brought back by importing the same Beaver file again)."""
    listed = sorted(parsed.groups, key=lambda g: g.position) if parsed.format is Format.NATIVE else []
    return [g.name for g in listed] + [s.habit.group for s in steps if s.habit_id is None and s.habit.group]


def _missing_groups(session: Session, user_id: int, names: list[str]) -> dict[str, str]:
    """{name_key: name} of `names` the user has no group for, in order."""
    stored = set(session.exec(select(_groups.c.name_key).where(_groups.c.user_id == user_id)).scalars())
    wanted: dict[str, str] = {}
    for name in names:
        if name.casefold() not in stored:
            wanted.setdefault(name.casefold(), name)
    return wanted


def _ensure_groups(session: Session, user_id: int, names: list[str]) -> tuple[dict[str, int], int]:
    """Return {name_key: group id} of the user's groups, first creating those of `names` that are missing."""
    new = _missing_groups(session, user_id, names)
    if new:
        last = session.exec(select(_groups.c.position).where(_groups.c.user_id == user_id)
                            .order_by(_groups.c.position.desc()).limit(1)).scalar_one_or_none()
        start = -1 if last is None else last
        rows = [{"user_id": user_id, "name": name, "name_key": key, "position": start + 1 + i}
                for i, (key, name) in enumerate(new.items())]
        session.connection().execute(insert(_groups), rows)
    stmt = select(_groups.c.id, _groups.c.name_key).where(_groups.c.user_id == user_id)
    return {r.name_key: r.id for r in session.exec(stmt)}, len(new)


def _write_habits(session: Session, user_id: int, steps: list[Step], now: datetime,
                  group_ids: dict[str, int]) -> list[int]:
    """Insert the new habits, update the changed ones; return the habit id of each step."""
    conn = session.connection()
    new = [s for s in steps if s.habit_id is None]
    if new:
        conn.execute(insert(_habits), [
            {"user_id": user_id, "created_at": now, **s.values,
             "group_id": group_ids.get(s.habit.group.casefold()) if s.habit.group else None} for s in new])
    for step in steps:  # few habits change; each UPDATE sets its own columns
        if step.habit_id is not None and step.values:
            conn.execute(update(_habits).where(_habits.c.id == bindparam("b_id"), _habits.c.user_id == user_id),
                         {"b_id": step.habit_id, **step.values})
    keys = {s.values["name_key"] for s in new}
    stmt = select(_habits.c.id, _habits.c.name_key).where(_habits.c.user_id == user_id)
    new_ids = {r.name_key: r.id for r in session.exec(stmt) if r.name_key in keys} if keys else {}
    return [s.habit_id if s.habit_id is not None else new_ids[s.values["name_key"]] for s in steps]


def _add_reminders(session: Session, user_id: int, pairs: list[tuple[int, tuple | None]]) -> None:
    """Give each habit the file's reminders it lacks (by time), up to MAX_PER_HABIT; none is removed or
    changed. Notification channels other than the user's own are dropped (a file from another server)."""
    pairs = [(hid, found) for hid, found in pairs if found]
    if not pairs:
        return
    own = {c.id for c in channels.list_channels(session, user_id=user_id)}
    have: dict[int, set[int]] = {}
    stmt = select(_reminders.c.habit_id, _reminders.c.minute).where(
        _reminders.c.user_id == user_id, _reminders.c.habit_id.in_([hid for hid, _ in pairs]))
    for habit_id, minute in session.exec(stmt):
        have.setdefault(habit_id, set()).add(minute)
    rows = []
    for habit_id, found in pairs:
        taken = have.setdefault(habit_id, set())
        for item in found:
            if item.minute not in taken and len(taken) < MAX_PER_HABIT:
                taken.add(item.minute)
                rows.append({"habit_id": habit_id, "user_id": user_id, "minute": item.minute,
                             "weekdays": item.weekdays, "channels": format_keys(list(item.channels), channel_ids=own)})
    if rows:
        session.connection().execute(insert(_reminders), rows)
