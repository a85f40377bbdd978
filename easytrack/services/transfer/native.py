"""easytrack's own JSON export read back (lossless: every setting, group and check-in)."""

from __future__ import annotations

from easytrack.domain.frequency import Schedule
from easytrack.reminders.due import EVERY_DAY, MINUTES_PER_DAY, parse_time, weekday_mask
from easytrack.services.channel_keys import MAX_KEYS, is_key
from easytrack.services.habit_reminders import MAX_PER_HABIT
from easytrack.domain.target import parse_period, period_text
from easytrack.services.transfer.limits import (
    DESCRIPTION_MAX,
    FILE_ROWS,
    MAX_HABITS,
    NOTE_MAX,
    QUESTION_MAX,
    UNIT_MAX,
    Warnings,
    check_amount,
    check_day,
    check_rows,
    clean_name,
    clean_text,
)
from easytrack.services.transfer.loop_common import hex_color, unique_days
from easytrack.services.transfer.types import (
    Count,
    Format,
    ImportedCheckin,
    ImportedData,
    ImportedGroup,
    ImportedHabit,
    ImportedReminder,
    ImportFailed,
    Text,
)

MARKER = "easytrack"
VERSION = 1
STATES = ("done", "skip", "no")


def looks_like(doc: object) -> bool:
    """True for a JSON object carrying our `"format": "easytrack"` marker."""
    return isinstance(doc, dict) and doc.get("format") == MARKER


def parse(doc: dict) -> ImportedData:
    """Read a parsed easytrack export of `VERSION` (newer versions are refused)."""
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFailed("version: expected the export's version number.")
    if version > VERSION:
        raise ImportFailed("This export comes from a newer easytrack (format version {version}); update first.",
                           version=version)
    warnings = Warnings()
    groups = tuple(_group(g, i, warnings) for i, g in enumerate(_list(doc, "groups", "")))
    items = _list(doc, "habits", "")
    if len(items) > MAX_HABITS:
        raise ImportFailed("The file lists more than {n} habits.", n=Count(MAX_HABITS))
    check_rows(sum(len(h["checkins"]) for h in items if isinstance(h, dict) and isinstance(h.get("checkins"), list)),
               FILE_ROWS)
    habits = tuple(_habit(h, i, warnings) for i, h in enumerate(items))
    return ImportedData(Format.NATIVE, habits, groups, warnings.as_tuple())


def _list(obj: dict, key: str, where: str) -> list:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise ImportFailed("{where}: expected a list.", where=where + key)
    return value


def _object(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise ImportFailed("{where}: expected an object.", where=where)
    return value


def _get(obj: dict, key: str, kind: type | tuple, default, where: str):
    value = obj.get(key, default)
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise ImportFailed("{where}: unexpected value {value}.", where=where + "." + key, value=repr(str(value)[:30]))
    return value


def _group(item: object, index: int, warnings: list[Text]) -> ImportedGroup:
    where = f"groups[{index}]"
    group = _object(item, where)
    name = clean_name(group.get("name"), where=where, warnings=warnings)
    return ImportedGroup(name, _get(group, "position", int, index, where))


def _choice(obj: dict, key: str, choices: tuple[str, ...], where: str) -> str:
    value = obj.get(key, choices[0])
    if value not in choices:
        raise ImportFailed("{where}: expected one of {choices}.", where=where + "." + key, choices=", ".join(choices))
    return value


def _period(text: object, where: str) -> str:
    try:
        return period_text(*parse_period(text))
    except ValueError:
        raise ImportFailed("{where}: expected day, week, month or days:N (N = 1..365).",
                           where=where + ".target_period") from None


def _schedule(text: object, where: str) -> str:
    try:
        return Schedule.from_text(text).to_text()
    except ValueError:
        raise ImportFailed("{where}: {value} is not a schedule.", where=where + ".schedule",
                           value=repr(str(text)[:40])) from None


def _habit(item: object, index: int, warnings: list[Text]) -> ImportedHabit:
    where = f"habits[{index}]"
    h = _object(item, where)
    group = h.get("group")
    measurable = _get(h, "measurable", bool, False, where)

    def text(key: str, max_len: int, multiline: bool = True) -> str:
        return clean_text(h.get(key, ""), max_len=max_len, where=f"{where}.{key}", warnings=warnings,
                          multiline=multiline)

    return ImportedHabit(
        source_id=text("source_id", 120, multiline=False),
        name=clean_name(h.get("name"), where=where, warnings=warnings),
        position=_get(h, "position", int, index, where),
        description=text("description", DESCRIPTION_MAX),
        question=text("question", QUESTION_MAX, multiline=False),
        color=hex_color(h.get("color")),
        archived=_get(h, "archived", bool, False, where),
        schedule=_schedule(h.get("schedule", "daily"), where),
        measurable=measurable,
        unit=text("unit", UNIT_MAX, multiline=False),
        target_value=check_amount(h.get("target_value", 0.0), where=f"{where}.target_value"),
        target_direction=_choice(h, "target_direction", ("at_least", "at_most"), where),
        target_period=_period(h.get("target_period", "day"), where),
        group=None if group is None else clean_name(group, where=f"{where}.group", warnings=warnings),
        checkins=_checkins(_list(h, "checkins", f"{where}."), where, measurable, warnings),
        reminders=_reminders(h, where),
    )


def _channels(raw: object, where: str) -> tuple[str, ...]:
    if isinstance(raw, str):  # exports before 0008 kept them as text ("email,push,c3")
        raw = [piece for piece in raw.split(",") if piece]
    if not isinstance(raw, list) or len(raw) > MAX_KEYS or not all(is_key(k) for k in raw):
        raise ImportFailed('{where}: expected a list such as ["email", "push"].', where=where + ".channels")
    return tuple(dict.fromkeys(raw))


def _reminder(item: object, where: str) -> ImportedReminder:
    r = _object(item, where)
    try:
        minute, mask = parse_time(r.get("time")), weekday_mask(r.get("weekdays", list(range(7))))
    except ValueError as exc:
        raise ImportFailed("{where}: {problem}", where=where, problem=Text(str(exc))) from None
    return ImportedReminder(minute, mask, _channels(r.get("channels", ["email", "push"]), where))


def _reminders(h: dict, where: str) -> tuple[ImportedReminder, ...] | None:
    """The habit's reminders: a "reminders" list, or (exports made before several reminders per habit) one
    "reminder_minute" on every weekday; None when the habit names none of them."""
    if "reminders" in h:
        found = tuple(_reminder(r, f"{where}.reminders[{i}]") for i, r in enumerate(_list(h, "reminders", f"{where}.")))
    elif h.get("reminder_minute") is not None:
        minute = h["reminder_minute"]
        if isinstance(minute, bool) or not isinstance(minute, int) or not 0 <= minute < MINUTES_PER_DAY:
            raise ImportFailed("{where}: expected minutes after midnight (0 … 1439).", where=where + ".reminder_minute")
        found = (ImportedReminder(minute, EVERY_DAY, _channels(h.get("reminder_channels", "email,push"), where)),)
    else:
        return None
    if len(found) > MAX_PER_HABIT:
        raise ImportFailed("{where}: at most {n} reminders per habit.", where=where + ".reminders", n=MAX_PER_HABIT)
    if len({r.minute for r in found}) != len(found):
        raise ImportFailed("{where}: two reminders at the same time.", where=where + ".reminders")
    return found


def _checkins(items: list, where: str, measurable: bool, warnings: list[Text]) -> tuple[ImportedCheckin, ...]:
    found = []
    for i, item in enumerate(items):
        here = f"{where}.checkins[{i}]"
        c = _object(item, here)
        amount = c.get("amount")
        if amount is not None:
            if not measurable:
                raise ImportFailed("{where}: only measurable habits take an amount.", where=here)
            amount = check_amount(amount, where=here)
        note = clean_text(c.get("note", ""), max_len=NOTE_MAX, where=here, warnings=warnings)
        state = _choice(c, "state", STATES, here)
        found.append((here, ImportedCheckin(check_day(c.get("day"), where=here), state, amount, note)))
    return unique_days(found)
