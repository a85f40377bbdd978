"""How a file's habits meet the user's: by source key, then by alias, then by name; the rest are new.

A matched habit keeps its name, position and group (the user may have changed them) and takes every
other setting from the file. Matching by name ("merge") is what a user expects when importing next to
habits made by hand; it is skipped for habits of another type (yes/no against measurable), and can be
turned off: such habits are created under a free name ("Gym (2)") and the plan says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from easytrack.i18n import N_
from easytrack.services.habits import PALETTE
from easytrack.services.transfer.limits import NAME_MAX
from easytrack.services.transfer.types import Action, HabitPlan, ImportedHabit, ImportFailed

SETTINGS = ("description", "question", "color", "archived", "schedule", "measurable", "unit", "target_value",
            "target_direction", "target_period")
# A changed setting in the plan's words (translated where the plan is shown, see describe).
_WORDS = {"description": N_("description"), "question": N_("question"), "color": N_("colour"),
          "archived": N_("archived"), "schedule": N_("schedule"), "measurable": N_("type"), "unit": N_("unit"),
          "target_value": N_("target"), "target_direction": N_("target"), "target_period": N_("target")}
# Why a habit is renamed (translated where the plan is shown).
TAKEN = N_("you already have a habit of this name")
OTHER_TYPE = N_("you already have a habit of this name, of the other type (yes/no or amounts)")
TWICE = N_("the file has another habit of this name")


@dataclass(frozen=True)
class Step:
    """One habit of the file: its plan, and the row to insert (new) or the stored id and values to set."""

    habit: ImportedHabit
    plan: HabitPlan
    habit_id: int | None = None
    values: dict | None = None  # new: every column; matched: the changed columns only (None: nothing)


def make_plan(rows: list[dict], habits: tuple[ImportedHabit, ...], *, merge_names: bool,
              native: bool = False) -> list[Step]:
    """Plan the import of `habits` next to the user's habit `rows` (id, name_key, source keys, settings).

    `native`: our own export, where a habit without a source key is known by its name (always matched).

    Raises:
        ImportFailed: if the file names the same habit twice.
    """
    ordered = sorted(habits, key=lambda h: h.position)
    _refuse_twice(ordered)
    matched = _match(rows, ordered, merge_names=merge_names or native)
    if native:
        matched = {i: (row, False) for i, (row, _) in matched.items()}
    taken = {r["name_key"] for r in rows}
    start = position = max((r["position"] for r in rows), default=-1) + 1
    steps = []
    for i, habit in enumerate(ordered):
        if i in matched:
            steps.append(_matched(habit, *matched[i]))
            continue
        steps.append(_new(habit, rows, taken, position, color=PALETTE[(len(rows) + position - start) % len(PALETTE)]))
        taken.add(steps[-1].plan.target.casefold())
        position += 1
    return steps


def _refuse_twice(habits: list[ImportedHabit]) -> None:
    seen: set[str] = set()
    for habit in habits:
        key = habit.source_id or habit.name.casefold()
        if key in seen:
            raise ImportFailed("The file lists the habit “{name}” twice.", name=habit.name)
        seen.add(key)


def _match(rows: list[dict], habits: list[ImportedHabit], *, merge_names: bool) -> dict[int, tuple[dict, bool]]:
    """Map the index of each matched habit to (its stored row, matched by name?); one habit per row."""
    by_key: dict[str, dict] = {}
    for row in rows:
        for key in (row["source_id"], row["source_alt"]):
            if key:
                by_key.setdefault(key, row)
    by_key.pop("", None)
    by_name = {r["name_key"]: r for r in rows}
    matched: dict[int, tuple[dict, bool]] = {}
    claimed: set[int] = set()
    for keys_of in (lambda h: (h.source_id,), lambda h: h.aliases):  # every source id before any alias
        for i, habit in enumerate(habits):
            if i in matched:
                continue
            row = next((by_key[k] for k in keys_of(habit) if k in by_key and by_key[k]["id"] not in claimed), None)
            if row is not None:
                matched[i] = (row, False)
                claimed.add(row["id"])
    for i, habit in enumerate(habits):
        row = by_name.get(habit.name.casefold()) if merge_names else None
        if i not in matched and row is not None and row["id"] not in claimed and row["measurable"] == habit.measurable:
            matched[i] = (row, True)
            claimed.add(row["id"])
    return matched


def settings(habit: ImportedHabit, default_color: str) -> dict:
    values = {s: getattr(habit, s) for s in SETTINGS}
    values["color"] = habit.color or default_color
    return values


def _matched(habit: ImportedHabit, row: dict, by_name: bool) -> Step:
    values = {k: v for k, v in settings(habit, row["color"]).items() if _differs(row[k], v)}
    changes = tuple(dict.fromkeys(_WORDS.get(k, k) for k in values))
    values |= _keys(row, habit)
    action = Action.MERGE if by_name else Action.UPDATE if changes else Action.UNCHANGED
    plan = HabitPlan(habit.name, action, row["name"], changes)
    return Step(habit, plan, row["id"], values or None)


def _keys(row: dict, habit: ImportedHabit) -> dict:
    """The source keys the stored habit lacks: its empty key columns take the file's keys it lacks."""
    known = {row["source_id"], row["source_alt"]}
    wanted = [k for k in (habit.source_id, *habit.aliases) if k and k not in known]
    out = {}
    for column in ("source_id", "source_alt"):
        if not row[column] and wanted:
            out[column] = wanted.pop(0)
    return out


def _new(habit: ImportedHabit, rows: list[dict], taken: set[str], position: int, *, color: str) -> Step:
    name = free_name(habit.name, taken)
    reason = ""
    if name != habit.name:
        same = next((r for r in rows if r["name_key"] == habit.name.casefold()), None)
        reason = TWICE if same is None else OTHER_TYPE if same["measurable"] != habit.measurable else TAKEN
    values = {
        "name": name,
        "name_key": name.casefold(),
        "source_id": habit.source_id,
        "source_alt": habit.aliases[0] if habit.aliases else "",
        "position": position,
        **settings(habit, color),
    }
    plan = HabitPlan(habit.name, Action.RENAME if reason else Action.CREATE, name, (), reason)
    return Step(habit, plan, None, values)


def _differs(stored: object, value: object) -> bool:
    if isinstance(value, float):
        return stored is None or float(stored) != value
    return stored != value


def free_name(name: str, taken: set[str]) -> str:
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
