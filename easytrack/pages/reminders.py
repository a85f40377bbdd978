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
VIA_FIELD = "via-"  # checkboxes "via-<digest or habit id>-<channel key>": where that reminder goes
MAX_FORM_FIELDS = 5000


def _habit_times(form: dict) -> dict[str, str]:
    """{habit id (text): "HH:MM" or ""} from the submitted form; other fields are ignored."""
    return {key[len(HABIT_FIELD):]: value for key, value in form.items()
            if isinstance(key, str) and key.startswith(HABIT_FIELD) and isinstance(value, str)}


def _via(form: dict, habit_ids: list[str]) -> dict[str, list[str]]:
    """{"digest" or habit id: [checked channel keys]} for the reminders on the form (none checked: [])."""
    chosen: dict[str, list[str]] = {target: [] for target in ["digest", *habit_ids]}
    for key, value in form.items():
        if isinstance(key, str) and key.startswith(VIA_FIELD) and value in ("on", True):
            target, _, channel = key[len(VIA_FIELD):].partition("-")
            if target in chosen:
                chosen[target].append(channel)
    return chosen


class RemindersState(AuthState):
    digest_enabled: bool = False
    digest_time: str = "08:00"
    unsubscribed: bool = False
    habits: list[dict] = []
    digest_channels: list[str] = []
    choices: list[dict] = []  # {"key", "label"}: where a reminder can go
    error: str = ""
    info: str = ""

    def _show(self, found: reminders.ReminderSettings) -> None:
        self.digest_enabled, self.digest_time = found.digest_enabled, found.digest_time
        self.unsubscribed = found.unsubscribed
        self.habits = [{"id": h.habit_id, "name": h.name, "time": h.time, "via": list(h.channels)}
                       for h in found.habits]
        self.digest_channels = list(found.digest_channels)
        self.choices = [{"key": key, "label": label} for key, label in found.choices]

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
        times = _habit_times(form)
        try:
            found = await self._run_as_user(
                reminders.save_settings, digest_enabled=form.get("digest_enabled") in ("on", True),
                digest_time=form.get("digest_time", ""), habit_times=times, now=utcnow(), via=_via(form, list(times)))
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


def _via_boxes(target: rx.Var, chosen: rx.Var, what: rx.Var) -> rx.Component:
    """A checkbox per channel: where the reminder `target` ("digest" or a habit id) goes."""
    def box(choice) -> rx.Component:
        name = VIA_FIELD + target + "-" + choice["key"].to(str)
        return rx.el.label(
            rx.el.input(type="checkbox", name=name, default_checked=chosen.contains(choice["key"].to(str)),
                        key=name + chosen.to_string(), aria_label=what + " by " + choice["label"].to(str)),
            choice["label"].to(str), style={"display": "inline-flex", "gap": "0.25rem", "font-size": "0.85rem"})
    return rx.hstack(rx.foreach(RemindersState.choices, box), spacing="3", wrap="wrap")


def _habit_row(habit) -> rx.Component:
    field_id = "field-habit-" + habit["id"].to(str)
    return rx.hstack(
        rx.el.label(habit["name"].to(str), html_for=field_id, style={"flex": "1"}),
        _via_boxes(habit["id"].to(str), habit["via"].to(list[str]), habit["name"].to(str)),
        rx.input(type="time", id=field_id, name=HABIT_FIELD + habit["id"].to(str),
                 default_value=habit["time"].to(str), key=field_id + habit["time"].to(str), width="9rem"),
        width="100%", align="center", wrap="wrap",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Daily reminder", size="4", as_="h2"),
            rx.text("Once a day, the habits still open today (none open: no reminder).", size="2"),
            rx.hstack(
                rx.el.input(type="checkbox", id="field-digest_enabled", name="digest_enabled",
                            default_checked=RemindersState.digest_enabled,
                            key=RemindersState.digest_enabled.to(str)),
                rx.el.label("Send me the daily e-mail at", html_for="field-digest_enabled"),
                rx.input(type="time", id="field-digest_time", name="digest_time", aria_label="Daily e-mail time",
                         default_value=RemindersState.digest_time, key=RemindersState.digest_time, width="9rem"),
                align="center", wrap="wrap",
            ),
            _via_boxes(rx.Var.create("digest"), RemindersState.digest_channels, rx.Var.create("Daily reminder")),
            rx.heading("Habit reminders", size="4", as_="h2"),
            rx.text("A reminder at this time on days the habit is still open, by the ways ticked. "
                    "Leave the time empty for none.", size="2"),
            rx.foreach(RemindersState.habits, _habit_row),
            rx.text("Times are in your time zone (see Settings).", size="1", color_scheme="gray"),
            rx.button("Save reminders", type="submit"),
            spacing="3", align="start", width="100%",
        ),
        on_submit=RemindersState.save, reset_on_submit=False, width="100%",
    )


def _channels_card() -> rx.Component:
    from easytrack.pages.reminders_channels import channels_card  # noqa: PLC0415 (it imports this module's state)

    return channels_card()


def reminders_page() -> rx.Component:
    return app_shell(
        rx.link("← Settings", href=routes.SETTINGS),
        message(RemindersState.error),
        message(RemindersState.info, kind="info"),
        _unsubscribed(),
        push_card(),
        rx.card(_form(), width="100%"),
        _channels_card(),
        title="Reminders",
    )
