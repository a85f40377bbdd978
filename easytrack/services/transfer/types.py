"""The neutral in-memory model every importer produces, the import summary, and import errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from easytrack.i18n import N_
from easytrack.services.errors import ValidationError
from easytrack.services.texts import Count, Text, localized  # noqa: F401 (used by the importers)


class Format(str, Enum):
    """The file formats `import_file` recognises (the value is shown in the summary, translated)."""

    LOOP_CSV = N_("Loop Habit Tracker CSV")
    LOOP_CSV_LEGACY = N_("Loop Habit Tracker CSV (before v2.3.1)")
    LOOP_DB = N_("Loop Habit Tracker backup")
    BEAVER = "Beaver Habit Tracker"
    NATIVE = "easytrack"


class ImportFailed(ValidationError):
    """The file cannot be imported; `message` says why (and where) in words a user understands. Its
    parameters may be Texts (the place in the file) and Counts, translated with the message."""

    default_message = N_("This file could not be imported.")


class FileTooLarge(ImportFailed):
    """The upload is over the size limit (the API answers 413)."""


class ImportBusy(ImportFailed):
    """The user already has an import running, or the server has too many (the API answers 409)."""

    default_message = N_("Another import of yours is still running; wait until it has finished.")


@dataclass(frozen=True, slots=True)
class ImportedCheckin:
    """One day of one habit as the file states it; `state` is "done", "skip" or "no"."""

    day: date
    state: str
    amount: float | None = None
    note: str = ""


@dataclass(frozen=True)
class ImportedReminder:
    """A habit reminder of an easytrack export: local minute of the day, weekday mask, channel keys."""

    minute: int
    weekdays: int
    channels: tuple[str, ...] = ("email", "push")


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
    `aliases` are other keys the same habit has in that app's other exports (Loop's CSV key of a habit
    read from its database: "loop:<1-based position>:<name>").
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
    aliases: tuple[str, ...] = ()
    # Its reminders as the file gives them; None: the file says nothing of reminders (other apps' exports).
    reminders: tuple[ImportedReminder, ...] | None = None


@dataclass(frozen=True)
class ImportedData:
    """A parsed file: its format, groups, habits (with their check-ins) and non-fatal warnings."""

    format: Format
    habits: tuple[ImportedHabit, ...]
    groups: tuple[ImportedGroup, ...] = ()
    warnings: tuple[str, ...] = ()  # Texts


class Action(str, Enum):
    """What an import does with one habit of the file."""

    CREATE = "create"  # a new habit
    RENAME = "rename"  # a new habit under another name, because its name is taken (`reason` says by what)
    MERGE = "merge"  # added to the user's habit of the same name, which takes the file's settings
    UPDATE = "update"  # imported before (matched by its source key): the file's settings are taken
    UNCHANGED = "unchanged"  # imported before, same settings (its days may still be new)


@dataclass(frozen=True)
class HabitPlan:
    """One habit of the file: what happens to it, its name in easytrack afterwards, settings it changes."""

    name: str
    action: Action
    target: str
    changes: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, computed without writing anything."""

    format: str
    habits: tuple[HabitPlan, ...]
    groups_created: int
    checkins_added: int
    checkins_changed: int
    checkins_unchanged: int
    warnings: tuple[str, ...] = ()

    def count(self, *actions: Action) -> int:
        return sum(h.action in actions for h in self.habits)


@dataclass(frozen=True)
class ImportSummary:
    """What an import did. Re-importing the same file reports only `*_unchanged` counts; `habits` lists
    each habit of the file with what was done to it (merged, renamed, …)."""

    format: str
    habits_created: int = 0
    habits_updated: int = 0
    habits_unchanged: int = 0
    groups_created: int = 0
    checkins_added: int = 0
    checkins_changed: int = 0
    checkins_unchanged: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    habits: tuple[HabitPlan, ...] = ()

    @property
    def merged(self) -> tuple[str, ...]:
        """The file's habits added to a habit of the same name."""
        return tuple(h.target for h in self.habits if h.action is Action.MERGE)

    @property
    def renamed(self) -> tuple[str, ...]:
        """Each of the file's habits that got another name, as "old → new"."""
        return tuple(f"{h.name} → {h.target}" for h in self.habits if h.action is Action.RENAME)
