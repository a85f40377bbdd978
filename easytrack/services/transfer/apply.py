"""Write a parsed import in the caller's transaction: groups, habits, then check-ins, in bulk.

Habits are matched by `source_id` (our own exports without one: by case-insensitive name). A matched
habit keeps its name, position and group (the user may have changed them) and takes every other
setting from the file; a new one whose name is taken gets " (2)", " (3)", … Nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlmodel import Session

from easytrack.models import Habit, HabitGroup
from easytrack.services import revisions
from easytrack.services.habits import PALETTE
from easytrack.services.transfer.apply_checkins import upsert_checkins
from easytrack.services.transfer.limits import NAME_MAX
from easytrack.services.transfer.types import Format, ImportedData, ImportedHabit, ImportFailed, ImportSummary

MAX_WARNINGS = 50
_habits = Habit.__table__
_groups = HabitGroup.__table__
SETTINGS = ("description", "question", "color", "archived", "schedule", "measurable", "unit", "target_value",
            "target_direction", "target_period")


def apply_import(
    session: Session,
    *,
    user_id: int,
    parsed: ImportedData,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Store `parsed` for the user (flushed, not committed) and return what changed.

    Raises:
        NotFound: if there is no such user.
        ImportFailed: if the file names the same habit twice.
    """
    revisions.bump(session, user_id=user_id)
    native = parsed.format is Format.NATIVE
    plan = _Plan(session, user_id, native)
    for habit in sorted(parsed.habits, key=lambda h: h.position):
        plan.add(habit)
    listed = sorted(parsed.groups, key=lambda g: g.position) if native else []
    needed = [g.name for g in listed] + [h.group for h in plan.new_habits() if h.group]
    group_ids, groups_created = _ensure_groups(session, user_id, needed)
    ids = plan.write(session, user_id, now, group_ids)
    pairs = [(ids[i], h.checkins, i in plan.created) for i, h in enumerate(plan.order)]
    added, changed, unchanged = upsert_checkins(session, user_id=user_id, pairs=pairs, now=now, progress=progress)
    session.flush()
    return ImportSummary(
        format=parsed.format.value,
        habits_created=len(plan.created),
        habits_updated=len(plan.updates),
        habits_unchanged=len(plan.order) - len(plan.created) - len(plan.updates),
        groups_created=groups_created,
        checkins_added=added,
        checkins_changed=changed,
        checkins_unchanged=unchanged,
        warnings=_capped(parsed.warnings),
    )


def _capped(warnings: tuple[str, ...]) -> tuple[str, ...]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    return (*warnings[:MAX_WARNINGS], f"… and {len(warnings) - MAX_WARNINGS:,} more warnings.")


def _ensure_groups(session: Session, user_id: int, names: list[str]) -> tuple[dict[str, int], int]:
    """Return {name_key: group id} of the user's groups, first creating those of `names` that are missing.

    Only groups new habits go in (and every group our own export lists) are created, so a group the
    user deleted or renamed is not brought back by importing the same Beaver file again.
    """
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(name.casefold(), name)
    rows = session.exec(select(_groups.c.id, _groups.c.name_key, _groups.c.position)
                        .where(_groups.c.user_id == user_id)).all()
    ids = {r.name_key: r.id for r in rows}
    start = max((r.position for r in rows), default=-1) + 1
    new = [{"user_id": user_id, "name": name, "name_key": key, "position": start + i}
           for i, (key, name) in enumerate((k, n) for k, n in wanted.items() if k not in ids)]
    if new:
        session.connection().execute(insert(_groups), new)
        stmt = select(_groups.c.id, _groups.c.name_key).where(_groups.c.user_id == user_id)
        ids = {r.name_key: r.id for r in session.exec(stmt)}
    return ids, len(new)


class _Plan:
    """Which imported habits match existing ones (and what changes), and which are new."""

    def __init__(self, session: Session, user_id: int, by_name: bool) -> None:
        columns = [_habits.c.id, _habits.c.name_key, _habits.c.source_id, *(_habits.c[s] for s in SETTINGS)]
        self.rows = [r._asdict() for r in session.exec(select(*columns).where(_habits.c.user_id == user_id))]
        self.by_source = {r["source_id"]: r for r in self.rows if r["source_id"]}
        self.by_name = {r["name_key"]: r for r in self.rows} if by_name else {}
        self.taken = {r["name_key"] for r in self.rows}
        self.seen: set[str] = set()
        self.order: list[ImportedHabit] = []
        self.matched: dict[int, int] = {}  # index in order -> existing habit id
        self.created: dict[int, dict] = {}  # index in order -> values to insert
        self.updates: list[dict] = []
        count, last = session.exec(select(func.count(), func.max(_habits.c.position))
                                   .where(_habits.c.user_id == user_id)).one()
        self.count, self.next_position = count, (-1 if last is None else last) + 1

    def add(self, habit: ImportedHabit) -> None:
        key = habit.source_id or habit.name.casefold()
        if key in self.seen:
            raise ImportFailed(f"The file lists the habit “{habit.name}” twice.")
        self.seen.add(key)
        row = self.by_source.get(habit.source_id) if habit.source_id else self.by_name.get(habit.name.casefold())
        index = len(self.order)
        self.order.append(habit)
        if row is None:
            self.created[index] = self._new(habit)
            return
        if row["id"] in self.matched.values():
            raise ImportFailed(f"The file lists the habit “{habit.name}” twice.")
        self.matched[index] = row["id"]
        values = _settings(habit, row["color"])
        if any(_differs(row[k], v) for k, v in values.items()):
            self.updates.append({"b_id": row["id"], **values})

    def _new(self, habit: ImportedHabit) -> dict:
        name = _free_name(habit.name, self.taken)
        self.taken.add(name.casefold())
        values = {
            "name": name,
            "name_key": name.casefold(),
            "source_id": habit.source_id,
            "position": self.next_position,
            "group": habit.group.casefold() if habit.group else None,  # a group id once groups exist
            **_settings(habit, PALETTE[(self.count + len(self.created)) % len(PALETTE)]),
        }
        self.next_position += 1
        return values

    def new_habits(self) -> list[ImportedHabit]:
        """The imported habits that match none of the user's habits, in order."""
        return [self.order[i] for i in self.created]

    def write(self, session: Session, user_id: int, now: datetime, group_ids: dict[str, int]) -> list[int]:
        """Insert the new habits, update the changed ones; return the habit id of each in `order`."""
        conn = session.connection()
        if self.created:
            rows = [{"user_id": user_id, "created_at": now, "group_id": group_ids.get(v["group"]),
                     **{k: x for k, x in v.items() if k != "group"}} for v in self.created.values()]
            conn.execute(insert(_habits), rows)
        if self.updates:
            stmt = update(_habits).where(_habits.c.id == bindparam("b_id"), _habits.c.user_id == user_id)
            conn.execute(stmt, self.updates)  # SET takes the parameter keys that name columns
        keys = {v["name_key"] for v in self.created.values()}
        stmt = select(_habits.c.id, _habits.c.name_key).where(_habits.c.user_id == user_id)
        new_ids = {r.name_key: r.id for r in session.exec(stmt) if r.name_key in keys} if keys else {}
        return [self.matched.get(i) or new_ids[self.created[i]["name_key"]] for i in range(len(self.order))]


def _settings(habit: ImportedHabit, default_color: str) -> dict:
    values = {s: getattr(habit, s) for s in SETTINGS}
    values["color"] = habit.color or default_color
    return values


def _differs(stored: object, value: object) -> bool:
    if isinstance(value, float):
        return stored is None or float(stored) != value
    return stored != value


def _free_name(name: str, taken: set[str]) -> str:
    """Return `name`, or `name (2)`, `name (3)`, … (cut to fit 100 characters) if it is taken."""
    if name.casefold() not in taken:
        return name
    n = 2
    while True:
        suffix, base = f" ({n})", name
        while base and len((base.rstrip() + suffix).casefold()) > NAME_MAX:
            base = base[:-1]
        candidate = base.rstrip() + suffix
        if candidate.casefold() not in taken:
            return candidate
        n += 1
