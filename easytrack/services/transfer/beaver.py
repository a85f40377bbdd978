"""Beaver Habit Tracker's JSON export read into the neutral model (tags become groups)."""

from __future__ import annotations

import re

from easytrack.domain.frequency import MAX_EVERY_DAYS, Schedule
from easytrack.i18n import N_
from easytrack.services.transfer.limits import (
    FILE_ROWS,
    MAX_HABITS,
    NOTE_MAX,
    Warnings,
    check_day,
    check_rows,
    clean_name,
    clean_text,
)
from easytrack.services.transfer.loop_common import unique_days
from easytrack.services.transfer.types import (
    Count,
    Format,
    ImportedCheckin,
    ImportedData,
    ImportedGroup,
    ImportedHabit,
    ImportFailed,
    Text,
)

_PERIOD_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365}
SKIP_TAG = re.compile(r"(?<![\w#])#skip(?![\w-])", re.IGNORECASE)  # Beaver's marker of a skipped day


def looks_like(doc: object) -> bool:
    """True for a JSON object with `habits` and Beaver's `user_email` or `exported_at`."""
    return isinstance(doc, dict) and "habits" in doc and ("user_email" in doc or "exported_at" in doc)


def parse(doc: dict) -> ImportedData:
    """Read a parsed Beaver export; habits keep their order, the first tag becomes the group."""
    items = doc.get("habits")
    if not isinstance(items, list):
        raise ImportFailed("habits: expected a list of habits.")
    if len(items) > MAX_HABITS:
        raise ImportFailed("The file lists more than {n} habits.", n=Count(MAX_HABITS))
    check_rows(sum(len(_records_of(item)) for item in items), FILE_ROWS)
    warnings = Warnings()
    habits = tuple(_habit(item, i, warnings) for i, item in enumerate(items))
    names = dict.fromkeys(h.group for h in habits if h.group)
    groups = tuple(ImportedGroup(name, i) for i, name in enumerate(names))
    return ImportedData(Format.BEAVER, habits, groups, warnings.as_tuple())


def _records_of(item: object) -> list:
    records = item.get("records") if isinstance(item, dict) else None
    return records if isinstance(records, list) else []


def _habit(item: object, index: int, warnings: list[Text]) -> ImportedHabit:
    where = f"habits[{index}]"
    if not isinstance(item, dict):
        raise ImportFailed("{where}: expected an object.", where=where)
    ident = item.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int)) or not str(ident).strip():
        raise ImportFailed("{where}: the habit has no id.", where=where)
    name = clean_name(item.get("name"), where=where, warnings=warnings)
    return ImportedHabit(
        source_id=f"beaver:{str(ident).strip()}"[:120],
        name=name,
        position=index,
        archived=item.get("status", "active") not in ("active", None),
        schedule=_schedule(item.get("period"), f"{where}.period", warnings),
        group=_group(item.get("tags"), where, warnings),
        checkins=_records(item.get("records"), where, warnings),
    )


def _group(tags: object, where: str, warnings: list[Text]) -> str | None:
    if tags is None or tags == []:
        return None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportFailed("{where}: expected a list of texts.", where=where + ".tags")
    if len(tags) > 1:
        warnings.append(Text(N_("{where}: only the first tag ({tag}) became the habit's group."), where=where,
                             tag=tags[0][:40]))
    return clean_name(tags[0], where=f"{where}.tags", warnings=warnings)


def _count(period: dict, key: str, where: str) -> int:
    value = period.get(key, 1)
    if value is None:
        return 1
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise ImportFailed("{where}: expected a whole number from 1 to {max}.", where=where + "." + key,
                           max=Count(10_000))
    return value


def _schedule(period: object, where: str, warnings: list[Text]) -> str:
    """Map Beaver's calendar-aligned period to a schedule.

    Exact: none or D 1/1 → daily, W with period_count 1 → n per week, M with period_count 1 → n per
    month. Anything else becomes "times in days" (once: every x days) with a warning, at most 365 days.
    """
    if period is None:
        return "daily"
    if not isinstance(period, dict) or period.get("period_type") not in _PERIOD_DAYS:
        raise ImportFailed("{where}: expected a period of type D, W, M or Y.", where=where)
    kind, count = period["period_type"], _count(period, "period_count", where)
    times = _count(period, "target_count", where)
    if (kind, count, times) == ("D", 1, 1):
        return "daily"
    if count == 1 and kind == "W" and times <= 7:
        return Schedule.per_week(times).to_text()
    if count == 1 and kind == "M" and times <= 31:
        return Schedule.per_month(times).to_text()
    days = _PERIOD_DAYS[kind] * count
    if days > MAX_EVERY_DAYS:
        times, days = max(1, round(times * MAX_EVERY_DAYS / days)), MAX_EVERY_DAYS
    times = min(times, days)
    warnings.append(Text(N_("{where}: Beaver's period is kept as the closest schedule ({times} in {days} days)."),
                         where=where, times=times, days=days))
    if times == days:
        return "daily"
    return (Schedule.every_days(days) if times == 1 else Schedule.ratio(times, days)).to_text()


def _records(records: object, where: str, warnings: list[Text]) -> tuple[ImportedCheckin, ...]:
    """Map records: `done: false` → no, a `#skip` tag in the text → skip, else done; the text without
    its `#skip` tag → note."""
    if records is None:
        return ()
    if not isinstance(records, list):
        raise ImportFailed("{where}: expected a list.", where=where + ".records")
    items = []
    for i, record in enumerate(records):
        here = f"{where}.records[{i}]"
        if not isinstance(record, dict) or not isinstance(record.get("done", True), bool):
            raise ImportFailed("{where}: expected an object with a day and done: true or false.", where=here)
        note = clean_text(record.get("text"), max_len=NOTE_MAX, where=here, warnings=warnings)
        state = "done" if record.get("done", True) else "no"
        if SKIP_TAG.search(note):
            state, note = "skip", _without_skip_tag(note)
        items.append((here, ImportedCheckin(check_day(record.get("day"), where=here), state, None, note)))
    return unique_days(items)


def _without_skip_tag(note: str) -> str:
    """The note with every `#skip` tag removed, and the spaces and blank lines it leaves."""
    lines = (" ".join(SKIP_TAG.sub("", line).split()) if SKIP_TAG.search(line) else line
             for line in note.splitlines())
    return "\n".join(lines).strip()
