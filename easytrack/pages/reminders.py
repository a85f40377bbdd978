"""/settings/reminders: the daily e-mail of open habits, per-habit reminder times, and the unsubscribe state."""

from __future__ import annotations

import reflex as rx

from easytrack import routes
from easytrack.components.layout import app_shell, message
from easytrack.pages.reminders_push import push_card
from easytrack.services import reminders
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, utcnow

HABIT_FIELD = "habit-"  # form fields "habit-<id>" hold each habit's time
MAX_FORM_FIELDS = 5000


def _habit_times(form: dict) -> dict[str, str]:
    """{habit id (text): "HH:MM" or ""} from the submitted form; other fields are ignored."""
    return {key[len(HABIT_FIELD):]: value for key, value in form.items()
            if isinstance(key, str) and key.startswith(HABIT_FIELD) and isinstance(value, str)}


class RemindersState(AuthState):
    digest_enabled: bool = False
    digest_time: str = "08:00"
    unsubscribed: bool = False
    habits: list[dict] = []
    error: str = ""
    info: str = ""

    def _show(self, found: reminders.ReminderSettings) -> None:
        self.digest_enabled, self.digest_time = found.digest_enabled, found.digest_time
        self.unsubscribed = found.unsubscribed
        self.habits = [{"id": h.habit_id, "name": h.name, "time": h.time} for h in found.habits]

    @rx.event
    async def load(self):
        self.error, self.info = "", ""
        try:
            self._show(await self._run_as_user(reminders.get_settings))
        except NotLoggedIn:
            self.habits = []

    @rx.event
    async def save(self, form: dict):
        self.error, self.info = "", ""
        if not isinstance(form, dict) or len(form) > MAX_FORM_FIELDS:
            self.error = "Please check the reminder times."
            return
        try:
            found = await self._run_as_user(
                reminders.save_settings, digest_enabled=form.get("digest_enabled") in ("on", True),
                digest_time=form.get("digest_time", ""), habit_times=_habit_times(form), now=utcnow())
        except ServiceError as exc:
            self.error = exc.message
            return
        self._show(found)
        self.info = "Your reminders are saved."

    @rx.event
    async def resubscribe(self):
        self.error, self.info = "", ""
        try:
            await self._run_as_user(reminders.resubscribe, now=utcnow())
            self._show(await self._run_as_user(reminders.get_settings))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.info = "Reminder e-mails are on again."


def _unsubscribed() -> rx.Component:
    return rx.cond(
        RemindersState.unsubscribed,
        rx.callout(
            rx.hstack(rx.text("You unsubscribed from reminder e-mails: none are sent until you turn them on."),
                      rx.button("Turn reminders back on", size="1", on_click=RemindersState.resubscribe),
                      wrap="wrap", align="center"),
            icon="bell-off", color_scheme="amber", width="100%",
        ),
    )


def _habit_row(habit) -> rx.Component:
    field_id = "field-habit-" + habit["id"].to(str)
    return rx.hstack(
        rx.el.label(habit["name"].to(str), html_for=field_id, style={"flex": "1"}),
        rx.input(type="time", id=field_id, name=HABIT_FIELD + habit["id"].to(str),
                 default_value=habit["time"].to(str), key=field_id + habit["time"].to(str), width="9rem"),
        width="100%", align="center",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Daily e-mail", size="4", as_="h2"),
            rx.text("Once a day, the habits still open today (none open: no e-mail).", size="2"),
            rx.hstack(
                rx.el.input(type="checkbox", id="field-digest_enabled", name="digest_enabled",
                            default_checked=RemindersState.digest_enabled,
                            key=RemindersState.digest_enabled.to(str)),
                rx.el.label("Send me the daily e-mail at", html_for="field-digest_enabled"),
                rx.input(type="time", id="field-digest_time", name="digest_time", aria_label="Daily e-mail time",
                         default_value=RemindersState.digest_time, key=RemindersState.digest_time, width="9rem"),
                align="center", wrap="wrap",
            ),
            rx.heading("Habit reminders", size="4", as_="h2"),
            rx.text("An e-mail at this time on days the habit is still open. Leave empty for none.", size="2"),
            rx.foreach(RemindersState.habits, _habit_row),
            rx.text("Times are in your time zone (see Settings).", size="1", color_scheme="gray"),
            rx.button("Save reminders", type="submit"),
            spacing="3", align="start", width="100%",
        ),
        on_submit=RemindersState.save, reset_on_submit=False, width="100%",
    )


def reminders_page() -> rx.Component:
    return app_shell(
        rx.link("← Settings", href=routes.SETTINGS),
        message(RemindersState.error),
        message(RemindersState.info, kind="info"),
        _unsubscribed(),
        push_card(),
        rx.card(_form(), width="100%"),
        title="Reminders",
    )
