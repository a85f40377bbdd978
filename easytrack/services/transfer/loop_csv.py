"""Loop Habit Tracker's CSV zip, current (v2.3.1+) and legacy layouts, read into the neutral model."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

from easytrack.i18n import N_
from easytrack.services.transfer import loop_common as lc
from easytrack.services.transfer.limits import (
    DESCRIPTION_MAX,
    MAX_HABITS,
    NOTE_MAX,
    QUESTION_MAX,
    UNIT_MAX,
    Warnings,
    SafeZip,
    at_line,
    check_amount,
    check_day,
    clean_name,
    clean_text,
    decode_text,
)
from easytrack.services.transfer.types import Count, Format, ImportedData, ImportedHabit, ImportFailed, Text

CURRENT = (
    "Position", "Name", "Type", "Question", "Description", "FrequencyNumerator", "FrequencyDenominator",
    "Color", "Unit", "Target Type", "Target Value", "Archived?",
)
LEGACY_REQUIRED = ("Position", "Name", "NumRepetitions", "Interval")
_FOLDER = re.compile(r"([0-9]{3,6})(?: [ a-zA-Z0-9._-]*)?")
_ROOT_FILES = frozenset({"Habits.csv", "Checkmarks.csv", "Scores.csv"})
_HABIT_FILES = frozenset({"Checkmarks.csv", "Scores.csv"})
_INTEGER = re.compile(r"-?[0-9]{1,12}")
_NOT_OURS = N_("This zip is not a Loop Habit Tracker CSV export (it has no Habits.csv).")


def rows(text: str, where: str) -> list[tuple[int, list[str]]]:
    """Return the non-empty CSV rows of `text` with their line numbers (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out = []
    try:
        for row in reader:
            if row:
                out.append((reader.line_num, row))
    except csv.Error as exc:
        raise ImportFailed("{where}: the CSV is not valid ({detail}).", where=at_line(where, reader.line_num),
                           detail=str(exc)) from None
    return out


def habits_header(z: SafeZip) -> tuple[str, list[tuple[int, list[str]]]]:
    """Return the folder prefix (a zip of the export folder adds one) and the rows of Habits.csv."""
    names = [n for n in z.infos if n.endswith("Habits.csv") and n.count("/") <= 1]
    prefix = "" if "Habits.csv" in names else (names[0][: -len("Habits.csv")] if len(names) == 1 else None)
    if prefix is None or (prefix and not prefix.endswith("/")):
        raise ImportFailed(_NOT_OURS)
    found = rows(decode_text(z.read(prefix + "Habits.csv"), "Habits.csv"), "Habits.csv")
    if not found:
        raise ImportFailed("Habits.csv is empty.")
    return prefix, found


def is_legacy(header: list[str]) -> bool:
    """True for the layout before v2.3.1; raise if the header is neither layout (extra columns are fine)."""
    if set(CURRENT) <= set(header):
        return False
    if all(col in header for col in LEGACY_REQUIRED) and "Type" not in header:
        return True
    raise ImportFailed("{where}: this is not a header Loop Habit Tracker writes.", where=at_line("Habits.csv", 1))


def parse(data: bytes) -> ImportedData:
    """Read a Loop CSV zip; habits are matched to their folders by the 3-digit position."""
    z = SafeZip(data)
    prefix, habit_rows = habits_header(z)
    legacy = is_legacy(habit_rows[0][1])
    folders = _folders(z, prefix)
    warnings = Warnings()
    if len(habit_rows) - 1 > MAX_HABITS:
        raise ImportFailed("Habits.csv lists more than {n} habits.", n=Count(MAX_HABITS))
    header = habit_rows[0][1]
    habits = []
    for line, row in habit_rows[1:]:
        where = at_line("Habits.csv", line)
        if len(row) != len(header):
            raise ImportFailed("{where}: expected {n} columns, found {found}.", where=where, n=len(header),
                               found=len(row))
        fields = dict(zip(header, row, strict=True))
        habit = _legacy_habit(fields, where, warnings) if legacy else _habit(fields, where, warnings)
        member = folders.pop(habit.position, None)
        if member is None:
            warnings.append(Text(N_("{where}: no folder for habit {position}; imported without history."), where=where,
                                 position=format(habit.position, "03d")))
            habits.append(habit)
            continue
        habits.append(_with_checkins(z, member, habit, legacy, warnings))
    fmt = Format.LOOP_CSV_LEGACY if legacy else Format.LOOP_CSV
    return ImportedData(fmt, tuple(habits), (), warnings.as_tuple())


def _folders(z: SafeZip, prefix: str) -> dict[int, str]:
    """Map each habit folder's position to its Checkmarks.csv member; refuse unexpected members."""
    found: dict[int, str] = {}
    for name in z.infos:
        if name.startswith("__MACOSX/") or name.endswith(".DS_Store") or name == prefix:
            continue
        rest = name[len(prefix):] if name.startswith(prefix) else None
        parts = None if rest is None else rest.rstrip("/").split("/")
        if parts == [rest] and rest in _ROOT_FILES:
            continue
        match = _FOLDER.fullmatch(parts[0]) if parts and len(parts) <= 2 else None
        is_file = len(parts or ()) == 2 and parts[1] in _HABIT_FILES
        if match is None or not (is_file or (len(parts) == 1 and rest.endswith("/"))):
            raise ImportFailed("The zip holds a file a Loop export does not have: {name}.", name=repr(name[:80]))
        if parts[-1] == "Checkmarks.csv":
            position = int(match.group(1))
            if position in found:
                raise ImportFailed("The zip holds two folders for habit {position}.", position=format(position, "03d"))
            found[position] = name
    return found


def _position(text: str, where: Text) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise ImportFailed("{where}: the position {value} is not a number.", where=where, value=repr(text[:20]))
    return int(text)


def _int(text: str, where: Text) -> int:
    """A frequency's numerator or denominator."""
    if not _INTEGER.fullmatch(text.strip()):
        raise ImportFailed("{where}: the frequency {value} is not a whole number.", where=where,
                           value=repr(text[:20]))
    return int(text)


# What `_choice` refuses, by column: each a whole sentence for the translators.
_UNKNOWN = {
    "Archived?": N_("{where}: unknown archived flag {value}."),
    "Type": N_("{where}: unknown habit type {value}."),
    "Target Type": N_("{where}: unknown target type {value}."),
}


def _choice(text: str, choices: dict, where: Text, column: str):
    if text not in choices:
        raise ImportFailed(_UNKNOWN[column], where=where, value=repr(text[:20]))
    return choices[text]


def _common(fields: dict, where: Text, warnings: list[Text], num: int, den: int) -> dict:
    position = _position(fields["Position"], where)
    raw_name = fields["Name"]
    return {
        "source_id": lc.source_id(position, raw_name.strip()),
        "name": clean_name(raw_name, where=where, warnings=warnings),
        "position": position,
        "question": clean_text(fields.get("Question", ""), max_len=QUESTION_MAX, where=where,
                               warnings=warnings, multiline=False),
        "description": clean_text(fields.get("Description", ""), max_len=DESCRIPTION_MAX, where=where,
                                  warnings=warnings),
        "color": lc.hex_color(fields.get("Color", "")),
        "schedule": lc.schedule_text(num, den, where=where),
    }


def _habit(fields: dict, where: Text, warnings: list[Text]) -> ImportedHabit:
    num = _int(fields["FrequencyNumerator"], where)
    den = _int(fields["FrequencyDenominator"], where)
    values = _common(fields, where, warnings, num, den)
    values["archived"] = _choice(fields["Archived?"], {"true": True, "false": False}, where, "Archived?")
    measurable = _choice(fields["Type"], {"YES_NO": False, "NUMERICAL": True}, where, "Type")
    if measurable:
        value = fields["Target Value"].strip()
        try:
            target = float(value or "0")
        except ValueError:
            raise ImportFailed("{where}: the target {value} is not a number.", where=where,
                               value=repr(value[:20])) from None
        values.update(
            measurable=True,
            unit=clean_text(fields["Unit"], max_len=UNIT_MAX, where=where, warnings=warnings, multiline=False),
            target_value=check_amount(target, where=where),
            target_direction=_choice(fields["Target Type"] or "AT_LEAST",
                                     {"AT_LEAST": "at_least", "AT_MOST": "at_most"}, where, "Target Type"),
            target_period=lc.target_period(den, where=where, warnings=warnings, num=num),
        )
    return ImportedHabit(**values)


def _legacy_habit(fields: dict, where: Text, warnings: list[Text]) -> ImportedHabit:
    num = _int(fields["NumRepetitions"], where)
    den = _int(fields["Interval"], where)
    return ImportedHabit(**_common(fields, where, warnings, num, den))


def _with_checkins(z: SafeZip, member: str, habit: ImportedHabit, legacy: bool, warnings: list[Text]):
    """Return `habit` with the check-ins of its folder's Checkmarks.csv."""
    where = member.split("/", 1)[1] if member.count("/") == 2 else member
    entries = _entries(rows(decode_text(z.read(member), where), where), where, legacy, warnings)
    measurable = habit.measurable
    if legacy and any(code not in lc.CODES for *_, code, _ in entries):
        measurable = True  # numerical habits predate the Type column: their values are amounts
        warnings.append(Text(N_("{where}: imported as measurable; old Loop exports have no target, set one."),
                             where=habit.name))
    items, dropped = [], 0
    for line, day, code, note in entries:
        here = at_line(where, line)
        item = lc.checkin(code, day, note, measurable=measurable, where=here)
        dropped += item is None and bool(note)
        if item is not None:
            items.append((here, item))
    if dropped:
        warnings.append(Text(N_("{where}: {n} note(s) on days without a check-in were not imported."),
                             where=habit.name, n=Count(dropped)))
    checkins = lc.unique_days(items)
    return replace(habit, measurable=measurable, checkins=checkins)


def _entries(found: list[tuple[int, list[str]]], where: str, legacy: bool, warnings: list[Text]) -> list[tuple]:
    """Return (line, day, code, note) per data row; the current layout has a header row."""
    width = 2
    if not legacy:
        if not found or found[0][1] not in (["Date", "Value"], ["Date", "Value", "Notes"]):
            raise ImportFailed("{where}: expected the header Date,Value,Notes.", where=at_line(where, 1))
        width, found = len(found[0][1]), found[1:]
    out = []
    for line, row in found:
        here = at_line(where, line)
        if len(row) != width:
            raise ImportFailed("{where}: expected {n} columns, found {found}.", where=here, n=width, found=len(row))
        value = row[1].strip()
        if value in lc.WORDS and not legacy:
            code = lc.WORDS[value]
        elif _INTEGER.fullmatch(value):
            code = int(value)
        else:
            raise ImportFailed("{where}: unknown value {value}.", where=here, value=repr(value[:20]))
        note = clean_text(row[2], max_len=NOTE_MAX, where=here, warnings=warnings) if width == 3 else ""
        out.append((line, check_day(row[0].strip(), where=here), code, note))
    return out
