"""The neutral in-memory model every importer produces, the import summary, and import errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from easytrack.services.errors import ValidationError


class Format(str, Enum):
    """The file formats `import_file` recognises (the value is shown in the summary)."""

    LOOP_CSV = "Loop Habit Tracker CSV"
    LOOP_CSV_LEGACY = "Loop Habit Tracker CSV (before v2.3.1)"
    LOOP_DB = "Loop Habit Tracker backup"
    BEAVER = "Beaver Habit Tracker"
    NATIVE = "easytrack"


class ImportFailed(ValidationError):
    """The file cannot be imported; `message` says why (and where) in words a user understands."""

    default_message = "This file could not be imported."


class FileTooLarge(ImportFailed):
    """The upload is over the size limit (the API answers 413)."""


@dataclass(frozen=True)
class ImportedCheckin:
    """One day of one habit as the file states it; `state` is "done", "skip" or "no"."""

    day: date
    state: str
    amount: float | None = None
    note: str = ""


@dataclass(frozen=True)
class ImportedGroup:
    """A group (Beaver tag, our own group) in the order the file lists them."""

    name: str
    position: int = 0


@dataclass(frozen=True)
class ImportedHabit:
    """A habit with every setting we store; `group` is a group name or None.

    `source_id` identifies the habit in its source app ("loop:<uuid>", "beaver:<id>", …) so a second
    import updates it instead of adding a copy; our own exports may leave it empty (matched by name).
    """

    source_id: str
    name: str
    position: int = 0
    description: str = ""
    question: str = ""
    color: str | None = None  # None: the importer picks a palette colour
    archived: bool = False
    schedule: str = "daily"
    measurable: bool = False
    unit: str = ""
    target_value: float = 0.0
    target_direction: str = "at_least"
    target_period: str = "day"
    group: str | None = None
    checkins: tuple[ImportedCheckin, ...] = ()


@dataclass(frozen=True)
class ImportedData:
    """A parsed file: its format, groups, habits (with their check-ins) and non-fatal warnings."""

    format: Format
    habits: tuple[ImportedHabit, ...]
    groups: tuple[ImportedGroup, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportSummary:
    """What an import did. Re-importing the same file reports only `*_unchanged` counts."""

    format: str
    habits_created: int = 0
    habits_updated: int = 0
    habits_unchanged: int = 0
    groups_created: int = 0
    checkins_added: int = 0
    checkins_changed: int = 0
    checkins_unchanged: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
