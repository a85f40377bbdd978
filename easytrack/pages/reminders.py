"""/settings/reminders: the daily e-mail of open habits, each habit's reminders, and the unsubscribe state."""

from __future__ import annotations

import reflex as rx

from easytrack import i18n, routes
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell, message
from easytrack.pages import reminder_form
from easytrack.pages.reminders_push import push_card
from easytrack.services import reminders
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, utcnow

VIA_FIELD = "via-"  # checkboxes "via-digest-<channel key>": where the daily reminder goes
MAX_FORM_FIELDS = 100


def _digest_via(form: dict) -> list[str]:
    """The channel keys ticked for the daily reminder (none ticked: [])."""
    prefix = VIA_FIELD + "digest-"
    return [key[len(prefix):] for key, value in form.items()
            if isinstance(key, str) and key.startswith(prefix) and value in ("on", True)]


def _reminder_row(r) -> dict:
    return {"id": r.id, "time": r.time, "days": [d in r.weekdays for d in range(7)], "via": list(r.channels),
            "key": f"{r.id}-{r.time}-{''.join('1' if d in r.weekdays else '0' for d in range(7))}-{','.join(r.channels)}"}


class RemindersState(AuthState):
    digest_enabled: bool = False
    digest_time: str = "08:00"
    unsubscribed: bool = False
    # Each active habit: {"id", "name", "reminders": [{"id", "time", "days": [7 bools], "via", "key"}]}
    habits: list[dict] = []
    digest_channels: list[str] = []
    choices: list[dict] = []  # {"key", "label"}: where a reminder can go
    error: str = ""
    info: str = ""
    row_at: str = ""  # which reminder row the row message is about: "new-<habit id>" or "r-<reminder id>"
    row_error: str = ""
    row_info: str = ""
    # The weekday checkboxes, Monday first, in the page's language (CLDR): short labels and full names.
    day_names: list[str] = [i18n.weekday_name(d, i18n.DEFAULT) for d in range(7)]
    day_long_names: list[str] = [i18n.weekday_name(d, i18n.DEFAULT, "wide") for d in range(7)]

    def _show(self, found: reminders.ReminderSettings) -> None:
        self.digest_enabled, self.digest_time = found.digest_enabled, found.digest_time
        self.unsubscribed = found.unsubscribed
        self.habits = [{"id": h.habit_id, "name": h.name, "reminders": [_reminder_row(r) for r in h.reminders]}
                       for h in found.habits]
        self.digest_channels = list(found.digest_channels)
        self.choices = [{"key": key, "label": self._t(label) if key in reminders.BUILT_IN else label}
                        for key, label in found.choices]

    def _clear(self, row: str = "") -> None:
        self.error, self.info, self.row_error, self.row_info, self.row_at = "", "", "", "", row

    @rx.event
    async def load(self):
        self._clear()
        lang = self._page_lang()
        self.day_names = [i18n.weekday_name(d, lang) for d in range(7)]
        self.day_long_names = [i18n.weekday_name(d, lang, "wide") for d in range(7)]
        try:
            self._show(await self._run_as_user(reminders.get_settings))
        except NotLoggedIn:
            self.habits = []

    @rx.event
    async def save(self, form: dict):
        self._clear()
        if not isinstance(form, dict) or len(form) > MAX_FORM_FIELDS:
            self.error = self._t("Please check the daily reminder.")
            return
        try:
            found = await self._run_as_user(
                reminders.save_settings, digest_enabled=form.get("digest_enabled") in ("on", True),
                digest_time=form.get("digest_time", ""), now=utcnow(), digest_via=_digest_via(form))
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return
        self._show(found)
        self.info = self._t("Your reminders are saved.")

    async def _save_row(self, form: object, id_field: str, done: str, fn) -> None:
        """Run a reminder form (`id_field` names its habit or its reminder): the outcome is shown beside
        that row, and a refused one keeps what was typed."""
        self._clear()
        if not reminder_form.plausible(form):
            self.error = self._t("Please check the reminder.")
            return
        row_id = reminder_form.row_id(form, id_field)
        time, days, via = reminder_form.fields(form)
        self.row_at = f"{'new' if id_field == 'habit_id' else 'r'}-{row_id}"
        try:
            found = await self._run_as_user(fn, **{id_field: row_id}, time=time, weekdays=days, via=via, now=utcnow())
        except ServiceError as exc:
            self.row_error = self._error_text(exc)
            return
        self._show(found)
        self.row_info = done

    @rx.event
    async def add_reminder(self, form: dict):
        await self._save_row(form, "habit_id", self._t("Reminder added."), reminders.add_habit_reminder)

    @rx.event
    async def update_reminder(self, form: dict):
        await self._save_row(form, "reminder_id", self._t("Reminder saved."), reminders.update_habit_reminder)

    @rx.event
    async def remove_reminder(self, reminder_id: int):
        self._clear()
        try:
            self._show(await self._run_as_user(reminders.remove_habit_reminder, reminder_id=reminder_id))
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return
        self.info = self._t("Reminder removed.")

    @rx.event
    async def resubscribe(self):
        self._clear()
        try:
            await self._run_as_user(reminders.resubscribe, now=utcnow())
            self._show(await self._run_as_user(reminders.get_settings))
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return
        self.info = self._t("Reminder e-mails are on again.")


def _unsubscribed() -> rx.Component:
    return rx.cond(
        RemindersState.unsubscribed,
        rx.callout(
            rx.hstack(rx.text(t("You unsubscribed from reminder e-mails: none are sent until you turn them on.")),
                      rx.button(t("Turn reminders back on"), size="1", on_click=RemindersState.resubscribe),
                      wrap="wrap", align="center"),
            icon="bell-off", color_scheme="amber", width="100%",
        ),
    )


def _via_boxes(target: rx.Var, chosen: rx.Var, what: rx.Var) -> rx.Component:
    """A checkbox per channel: where the daily reminder (`target` "digest") goes."""
    def box(choice) -> rx.Component:
        name = VIA_FIELD + target + "-" + choice["key"].to(str)
        return rx.el.label(
            rx.el.input(type="checkbox", name=name, default_checked=chosen.contains(choice["key"].to(str)),
                        key=name + chosen.to_string(), aria_label=t("{what} by {channel}", what=what, channel=choice["label"].to(str))),
            choice["label"].to(str), style={"display": "inline-flex", "gap": "0.25rem", "font-size": "0.85rem"})
    return rx.hstack(rx.foreach(RemindersState.choices, box), spacing="3", wrap="wrap")


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Daily reminder"), size="4", as_="h2"),
            rx.text(t("Once a day, the habits still open today (none open: no reminder)."), size="2"),
            rx.hstack(
                rx.el.input(type="checkbox", id="field-digest_enabled", name="digest_enabled",
                            default_checked=RemindersState.digest_enabled,
                            key=RemindersState.digest_enabled.to(str)),
                rx.el.label(t("Send me the daily e-mail at"), html_for="field-digest_enabled"),
                rx.input(type="time", id="field-digest_time", name="digest_time", aria_label=t("Daily e-mail time"),
                         default_value=RemindersState.digest_time, key=RemindersState.digest_time, width="9rem"),
                align="center", wrap="wrap",
            ),
            _via_boxes(rx.Var.create("digest"), RemindersState.digest_channels, t("Daily reminder")),
            rx.button(t("Save the daily reminder"), type="submit"),
            spacing="3", align="start", width="100%",
        ),
        on_submit=RemindersState.save, reset_on_submit=False, width="100%",
    )


def _habits_card() -> rx.Component:
    from easytrack.pages.reminders_habits import habits_card  # noqa: PLC0415 (it imports this module's state)

    return habits_card()


def _channels_card() -> rx.Component:
    from easytrack.pages.reminders_channels import channels_card  # noqa: PLC0415 (it imports this module's state)

    return channels_card()


def reminders_page() -> rx.Component:
    return app_shell(
        rx.link(t("← Settings"), href=routes.SETTINGS),
        message(RemindersState.error),
        message(RemindersState.info, kind="info"),
        _unsubscribed(),
        push_card(),
        rx.card(_form(), width="100%"),
        _habits_card(),
        _channels_card(),
        title=t("Reminders"),
    )
