"""Import previews and summaries in words, for the data page and the command line."""

from __future__ import annotations

from easytrack.services.transfer.types import Action, HabitPlan, ImportPreview, ImportSummary

MAX_LISTED = 30  # habits named per kind; the rest are counted


def _names(plans: list[HabitPlan], text) -> str:
    shown = ", ".join(text(p) for p in plans[:MAX_LISTED])
    return shown + (f" and {len(plans) - MAX_LISTED:,} more" if len(plans) > MAX_LISTED else "")


def habit_lines(habits: tuple[HabitPlan, ...], *, done: bool) -> list[str]:
    """One line per kind of action, naming the habits: created, merged, renamed (and why), updated."""
    verb = {Action.CREATE: ("New", "New"), Action.MERGE: ("Will be merged into your habit of the same name",
                                                          "Merged into your habit of the same name"),
            Action.RENAME: ("Will be renamed", "Renamed"), Action.UPDATE: ("Imported before, settings will change",
                                                                           "Imported before, settings changed")}
    lines = []
    for action, (future, past) in verb.items():
        plans = [h for h in habits if h.action is action]
        if not plans:
            continue
        if action is Action.RENAME:
            listed = _names(plans, lambda p: f"“{p.name}” → “{p.target}” ({p.reason})")
        elif action is Action.MERGE:
            takes = "took" if done else "takes"
            listed = _names(plans, lambda p: f"“{p.target}”" + (f" ({takes} the file's {', '.join(p.changes)})"
                                                                 if p.changes else ""))
        else:
            listed = _names(plans, lambda p: f"“{p.target}”")
        lines.append(f"{past if done else future}: {listed}")
    unchanged = sum(h.action is Action.UNCHANGED for h in habits)
    if unchanged:
        lines.append(f"Imported before, unchanged: {unchanged:,} habit{'s' if unchanged != 1 else ''}")
    return lines


def preview_lines(p: ImportPreview) -> list[str]:
    """The preview of an import as lines of text (format, habits by action, days, groups, warnings)."""
    lines = [f"Format: {p.format}", *habit_lines(p.habits, done=False),
             f"Days: {p.checkins_added:,} new, {p.checkins_changed:,} changed, {p.checkins_unchanged:,} already there"]
    if p.groups_created:
        lines.append(f"Groups: {p.groups_created:,} new")
    return lines + [f"Note: {w}" for w in p.warnings[:20]]


def summary_lines(s: ImportSummary) -> list[str]:
    """What an import did as lines of text."""
    lines = [f"Format: {s.format}",
             f"Habits: {s.habits_created} new, {s.habits_updated} updated, {s.habits_unchanged} unchanged",
             *habit_lines(s.habits, done=True),
             f"Check-ins: {s.checkins_added} new, {s.checkins_changed} changed, {s.checkins_unchanged} unchanged"]
    if s.groups_created:
        lines.append(f"Groups: {s.groups_created} new")
    return lines + [f"Note: {w}" for w in s.warnings[:20]]
