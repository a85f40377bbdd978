"""Import previews and summaries in words, in the reader's language, for the data page and the command line."""

from __future__ import annotations

from easytrack.i18n import DEFAULT, N_, format_number, gettext, ngettext
from easytrack.services.transfer.types import Action, HabitPlan, ImportPreview, ImportSummary, localized

MAX_LISTED = 30  # habits named per kind; the rest are counted
MAX_NOTES = 20
# Each kind of action as a whole line, before the import (preview) and after it (summary).
_LINES = {
    Action.CREATE: (N_("New: {habits}"), N_("New: {habits}")),
    Action.MERGE: (N_("Will be merged into your habit of the same name: {habits}"),
                   N_("Merged into your habit of the same name: {habits}")),
    Action.RENAME: (N_("Will be renamed: {habits}"), N_("Renamed: {habits}")),
    Action.UPDATE: (N_("Imported before, settings will change: {habits}"),
                    N_("Imported before, settings changed: {habits}")),
}


def _names(plans: list[HabitPlan], text, lang: str) -> str:
    shown = ", ".join(text(p) for p in plans[:MAX_LISTED])
    if len(plans) <= MAX_LISTED:
        return shown
    return gettext(lang, "{names} and {n} more", names=shown, n=format_number(len(plans) - MAX_LISTED, lang))


def _plan_text(plan: HabitPlan, lang: str, *, done: bool) -> str:
    if plan.action is Action.RENAME:
        return gettext(lang, "“{name}” → “{target}” ({reason})", name=plan.name, target=plan.target,
                       reason=gettext(lang, plan.reason))
    if plan.action is Action.MERGE and plan.changes:
        settings = ", ".join(gettext(lang, word) for word in plan.changes)
        if done:
            return gettext(lang, "“{name}” (took the file's {settings})", name=plan.target, settings=settings)
        return gettext(lang, "“{name}” (takes the file's {settings})", name=plan.target, settings=settings)
    return gettext(lang, "“{name}”", name=plan.target)


def habit_lines(habits: tuple[HabitPlan, ...], *, done: bool, lang: str = DEFAULT) -> list[str]:
    """One line per kind of action, naming the habits: created, merged, renamed (and why), updated."""
    lines = []
    for action, (future, past) in _LINES.items():
        plans = [h for h in habits if h.action is action]
        if plans:
            listed = _names(plans, lambda p: _plan_text(p, lang, done=done), lang)
            lines.append(gettext(lang, past if done else future, habits=listed))
    unchanged = sum(h.action is Action.UNCHANGED for h in habits)
    if unchanged:
        lines.append(ngettext(lang, "Imported before, unchanged: {n} habit", "Imported before, unchanged: {n} habits",
                              unchanged))
    return lines


def _notes(warnings: tuple[str, ...], lang: str) -> list[str]:
    return [gettext(lang, "Note: {note}", note=localized(w, lang)) for w in warnings[:MAX_NOTES]]


def preview_lines(p: ImportPreview, lang: str = DEFAULT) -> list[str]:
    """The preview of an import as lines of text (format, habits by action, days, groups, warnings)."""
    n = lambda value: format_number(value, lang)  # noqa: E731
    lines = [gettext(lang, "Format: {format}", format=gettext(lang, p.format)),
             *habit_lines(p.habits, done=False, lang=lang),
             gettext(lang, "Days: {added} new, {changed} changed, {unchanged} already there",
                     added=n(p.checkins_added), changed=n(p.checkins_changed), unchanged=n(p.checkins_unchanged))]
    if p.groups_created:
        lines.append(gettext(lang, "Groups: {n} new", n=n(p.groups_created)))
    return lines + _notes(p.warnings, lang)


def summary_lines(s: ImportSummary, lang: str = DEFAULT) -> list[str]:
    """What an import did as lines of text."""
    n = lambda value: format_number(value, lang)  # noqa: E731
    lines = [gettext(lang, "Format: {format}", format=gettext(lang, s.format)),
             gettext(lang, "Habits: {created} new, {updated} updated, {unchanged} unchanged",
                     created=n(s.habits_created), updated=n(s.habits_updated), unchanged=n(s.habits_unchanged)),
             *habit_lines(s.habits, done=True, lang=lang),
             gettext(lang, "Check-ins: {added} new, {changed} changed, {unchanged} unchanged",
                     added=n(s.checkins_added), changed=n(s.checkins_changed), unchanged=n(s.checkins_unchanged))]
    if s.groups_created:
        lines.append(gettext(lang, "Groups: {n} new", n=n(s.groups_created)))
    return lines + _notes(s.warnings, lang)
