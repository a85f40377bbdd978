"""/habits: create, edit, reorder, archive and delete habits, and organise them in groups."""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.habit_forms import group_list, habit_dialog, habit_list
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell, message
from easytrack.services import groups, habits, wording
from easytrack.domain.frequency import MAX_EVERY_DAYS, Kind, Schedule
from easytrack.i18n import N_
from easytrack.domain.target import MAX_PERIOD_DAYS, Period, parse_period
from easytrack.services.errors import ServiceError, ValidationError
from easytrack.state import tabs
from easytrack.state.auth import AuthState, NotLoggedIn, _validated_user, utcnow
from easytrack.state.tracker import reloadable

HABIT_FIELDS = ("name", "description", "question", "color", "unit")
SCHEDULE_KINDS = {"daily": Kind.DAILY, "week": Kind.WEEKLY, "month": Kind.MONTHLY, "every": Kind.EVERY,
                  "days": Kind.WEEKDAYS}


def _int(value: object, default: int = 0) -> int:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 6 else default


# The numbers each kind of schedule takes, and what to say otherwise (the domain checks them again).
SCHEDULE_RANGES = {"week": (N_("Times per week must be between {low} and {high}"), 1, 7),
                   "month": (N_("Times per month must be between {low} and {high}"), 1, 31),
                   "every": (N_("Days between repeats must be between {low} and {high}"), 1, MAX_EVERY_DAYS)}


def schedule_from_form(form: dict) -> str:
    """The schedule text for a submitted habit form; raises ValidationError with a message for bad numbers."""
    kind, n = form.get("schedule_kind", "daily"), _int(form.get("schedule_n"), 0)
    if isinstance(kind, str) and kind in SCHEDULE_RANGES:
        msgid, low, high = SCHEDULE_RANGES[kind]
        if not low <= n <= high:
            raise ValidationError(msgid, low=low, high=high)
    if kind == "week":
        return Schedule.per_week(n).to_text()
    if kind == "month":
        return Schedule.per_month(n).to_text()
    if kind == "every":
        return Schedule.every_days(n).to_text()
    if kind == "days":
        days = {d for d in range(7) if form.get(f"wd{d}") in ("on", True, "true")}
        if not days:
            raise ValidationError("Choose at least one weekday.")
        return Schedule.on_weekdays(days).to_text()
    return Schedule.daily().to_text()


def schedule_fields(text: str, lang: str = i18n.DEFAULT) -> dict:
    """The habit dialog's schedule fields for a stored schedule text (its description in `lang`)."""
    schedule = Schedule.from_text(text)
    kind = next((k for k, v in SCHEDULE_KINDS.items() if v == schedule.kind), "daily")
    n = schedule.every if schedule.kind == Kind.EVERY else schedule.times
    fields = {"schedule_kind": kind, "schedule_n": str(n or 1), "schedule_text": wording.describe(schedule, lang)}
    fields.update({f"wd{d}": d in schedule.weekdays for d in range(7)})
    return fields


def _lists_tx(session, token: str, now):
    user = _validated_user(session, token, now)
    return (user.user_id, habits.list_habits(session, user_id=user.user_id, include_archived=True),
            groups.list_groups(session, user_id=user.user_id))


def _habit_fields(form: object) -> dict:
    """The editable fields of a submitted habit form; raises ValidationError for a bad schedule or target."""
    form = form if isinstance(form, dict) else {}
    fields = {k: form[k] for k in HABIT_FIELDS if isinstance(form.get(k), str)}
    group = form.get("group_id", "")
    fields["group_id"] = int(group) if isinstance(group, str) and group.isascii() and group.isdigit() else None
    try:
        fields["schedule"] = schedule_from_form(form)
    except ValueError:  # the domain refused what the form's own checks let through
        raise ValidationError("Please check the schedule.") from None
    fields["measurable"] = form.get("measurable") in ("on", True, "true")
    if fields["measurable"]:
        try:
            fields["target_value"] = float(form.get("target_value") or 0)
        except (TypeError, ValueError):
            raise ValidationError("The target must be a number.") from None
        fields["target_direction"] = form.get("target_direction", "at_least")
        fields["target_period"] = target_period_from_form(form)
    return fields


def target_period_from_form(form: dict) -> str:
    """The stored target period for a submitted form: "day", "week", "month" or "days:N"."""
    period = form.get("target_period", "day")
    if period != "days":
        return period
    days = _int(form.get("target_days"), 0)
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise ValidationError("“Per N days” needs a number of days from 1 to {n}.", n=MAX_PERIOD_DAYS)
    return f"days:{days}"


def target_period_fields(text: str) -> dict:
    """The habit dialog's period fields for a stored target period."""
    period, days = parse_period(text)
    return {"target_period": period.value, "target_days": str(days if period is Period.DAYS else 2)}


@reloadable
class HabitsState(AuthState):
    habits: list[dict] = []
    groups: list[dict] = []
    loaded: bool = False
    error: str = ""
    editing_id: int = 0  # 0: the dialog creates a new habit
    editing: dict = {}
    dialog_open: bool = False
    # The weekday checkboxes of the dialog, Monday first, in the page's language (CLDR).
    weekday_names: list[str] = [i18n.weekday_name(d, i18n.DEFAULT) for d in range(7)]

    async def _reload(self) -> None:
        lang = self._page_lang()
        self.weekday_names = [i18n.weekday_name(d, lang) for d in range(7)]
        user_id, habit_list_, group_list_ = await db.run(_lists_tx, self.session_token, utcnow())
        await tabs.register(user_id, self.router.session.client_token)
        names = {g.id: g.name for g in group_list_}
        self.groups = [{"id": g.id, "name": g.name} for g in group_list_]
        self.habits = [
            {"id": h.id, "url": routes.habit_url(h.id), "name": h.name, "description": h.description, "question": h.question, "color": h.color,
             "group_id": str(h.group_id or ""), "group": names.get(h.group_id, ""), "archived": h.archived,
             "measurable": h.measurable, "unit": h.unit, "target_value": f"{h.target_value:g}",
             "target_direction": h.target_direction, **target_period_fields(h.target_period),
             **schedule_fields(h.schedule, lang)}
            for h in habit_list_
        ]
        self.loaded = True

    @rx.event
    async def load(self):
        """on_load: the dialog never survives leaving the page or reloading it (it would re-open empty)."""
        self.dialog_open = False
        try:
            await self._reload()
        except NotLoggedIn:
            self.loaded = False

    async def _change(self, fn, **kwargs) -> bool:
        """Run one owner-scoped change and reload; False with a message on error."""
        self.error = ""
        try:
            await self._change_and_announce(fn, **kwargs)
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return False
        await self._reload()
        return True

    @rx.event
    def open_new(self):
        self.editing_id, self.dialog_open, self.error = 0, True, ""
        self.editing = {"color": "#2f9e44", "group_id": "", "measurable": False, "target_direction": "at_least",
                        "target_period": "day", "target_days": "2", "target_value": "1",
                        **schedule_fields("daily", self._page_lang())}

    @rx.event
    def open_edit(self, habit_id: int):
        found = [h for h in self.habits if h["id"] == habit_id]
        if found:
            self.editing_id, self.editing, self.dialog_open, self.error = habit_id, dict(found[0]), True, ""

    @rx.event
    def close_dialog(self):
        self.dialog_open = False

    @rx.event
    async def save_habit(self, form: dict):
        try:
            fields = _habit_fields(form)
        except ValidationError as exc:
            self.error = self._error_text(exc)
            return
        if self.editing_id:
            ok = await self._change(habits.update_habit, habit_id=self.editing_id, **fields)
        else:
            ok = await self._change(habits.create_habit, name=fields.pop("name", None), **fields)
        self.dialog_open = not ok

    @rx.event
    async def set_archived(self, habit_id: int, archived: bool):
        await self._change(habits.set_archived, habit_id=habit_id, archived=archived)

    @rx.event
    async def delete_habit(self, habit_id: int):
        await self._change(habits.delete_habit, habit_id=habit_id)

    @rx.event
    async def move_habit(self, habit_id: int, offset: int):
        await self._change(habits.move_habit, habit_id=habit_id, offset=offset)

    @rx.event
    async def add_group(self, form: dict):
        await self._change(groups.create_group, name=form.get("group_name") if isinstance(form, dict) else None)

    @rx.event
    async def rename_group(self, group_id: int, name: str):
        if any(g["id"] == group_id and g["name"] == name for g in self.groups):
            return
        await self._change(groups.rename_group, group_id=group_id, name=name)

    @rx.event
    async def delete_group(self, group_id: int):
        await self._change(groups.delete_group, group_id=group_id)

    @rx.event
    async def move_group(self, group_id: int, offset: int):
        await self._change(groups.move_group, group_id=group_id, offset=offset)


def habits_page() -> rx.Component:
    return app_shell(
        message(HabitsState.error),
        rx.hstack(
            rx.text(t("Rename, recolour, group, reorder, archive or delete your habits."), color_scheme="gray"),
            rx.spacer(),
            rx.button(rx.icon("plus", size=16), t("New habit"), on_click=HabitsState.open_new),
            width="100%", wrap="wrap", align="center",
        ),
        habit_dialog(HabitsState),
        habit_list(HabitsState),
        group_list(HabitsState),
        title=t("Habits"),
    )
