"""Settings → Reminders, each habit's reminders: add, change and remove them, each with its time, weekdays and
channels. Every row is a form of its own, so a refused change keeps what was typed and touches no other row."""

from __future__ import annotations

import reflex as rx

from easytrack.components.i18n import t
from easytrack.components.layout import message
from easytrack.pages import reminder_form as f
from easytrack.pages.reminders import RemindersState
from easytrack.services.habit_reminders import MAX_PER_HABIT

DEFAULT_VIA = ["email", "push"]
_BOX = {"display": "inline-flex", "gap": "0.25rem", "font-size": "0.85rem", "align-items": "center"}


def _day_boxes(days: rx.Var | None, what: rx.Var) -> rx.Component:
    """Mon … Sun checkboxes (all ticked for a new reminder), named in the page's language."""
    boxes = [rx.el.label(rx.el.input(type="checkbox", name=f"{f.DAY_FIELD}{d}",
                                     default_checked=True if days is None else days[d].to(bool),
                                     aria_label=t("{what} on {day}", what=what, day=RemindersState.day_long_names[d])),
                         RemindersState.day_names[d], style=_BOX)
             for d in range(7)]
    return rx.hstack(*boxes, spacing="2", wrap="wrap", role="group", aria_label=t("{what}: weekdays", what=what))


def _via_boxes(chosen: rx.Var, what: rx.Var) -> rx.Component:
    """A checkbox per channel (e-mail, push, the user's Apprise channels)."""
    def box(choice) -> rx.Component:
        key = choice["key"].to(str)
        return rx.el.label(rx.el.input(type="checkbox", name=f.VIA_FIELD + key, default_checked=chosen.contains(key),
                                       aria_label=t("{what} by {channel}", what=what, channel=choice["label"].to(str))),
                           choice["label"].to(str), style=_BOX)
    return rx.hstack(rx.foreach(RemindersState.choices, box), spacing="3", wrap="wrap")


def _row_messages(row: rx.Var) -> rx.Component:
    return rx.cond(RemindersState.row_at == row, rx.fragment(message(RemindersState.row_error),
                                                             message(RemindersState.row_info, kind="info")))


def _fields(what: rx.Var, time: rx.Var | str, days: rx.Var | None, via: rx.Var) -> list[rx.Component]:
    return [rx.input(type="time", name=f.TIME_FIELD, default_value=time, aria_label=t("{what}: time", what=what), width="8rem"),
            _day_boxes(days, what), _via_boxes(via, what)]


def _reminder(reminder, name: rx.Var) -> rx.Component:
    what = t("{name} at {time}", name=name, time=reminder["time"].to(str))
    rid = reminder["id"].to(str)
    return rx.form(
        rx.el.input(type="hidden", name="reminder_id", value=rid),
        rx.hstack(
            *_fields(what, reminder["time"].to(str), reminder["days"].to(list[bool]), reminder["via"].to(list[str])),
            rx.button(t("Save"), type="submit", size="1", variant="soft", aria_label=t("Save {what}", what=what)),
            rx.button(t("Remove"), type="button", size="1", variant="soft", color_scheme="red",
                      aria_label=t("Remove {what}", what=what), on_click=RemindersState.remove_reminder(reminder["id"].to(int))),
            width="100%", align="center", wrap="wrap",
        ),
        _row_messages("r-" + rid),
        # A new key when the saved values change: the row is drawn again from them.
        key=reminder["key"].to(str), on_submit=RemindersState.update_reminder, reset_on_submit=False, width="100%",
    )


def _new(habit) -> rx.Component:
    name, hid = habit["name"].to(str), habit["id"].to(str)
    what = t("New reminder for {name}", name=name)
    return rx.form(
        rx.el.input(type="hidden", name="habit_id", value=hid),
        rx.hstack(*_fields(what, "", None, rx.Var.create(DEFAULT_VIA)),
                  rx.button(t("Add reminder"), type="submit", size="1", aria_label=t("Add a reminder to {name}", name=name)),
                  width="100%", align="center", wrap="wrap"),
        _row_messages("new-" + hid),
        # A refused reminder stays as typed; an added one empties the form (its key changes with the count).
        key="new-" + hid + "-" + habit["reminders"].to(list[dict]).length().to(str),
        on_submit=RemindersState.add_reminder, reset_on_submit=False, width="100%",
    )


def _habit(habit) -> rx.Component:
    name = habit["name"].to(str)
    reminders = habit["reminders"].to(list[dict])
    return rx.vstack(
        rx.heading(name, size="3", as_="h3"),
        rx.cond(reminders.length() == 0, rx.text(t("No reminder yet."), size="1", color_scheme="gray")),
        rx.foreach(reminders, lambda reminder: _reminder(reminder, name)),
        _new(habit),
        rx.separator(),
        spacing="2", align="start", width="100%",
    )


def habits_card() -> rx.Component:
    """The habit reminders section of the reminders page."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Habit reminders"), size="4", as_="h2"),
            rx.text(t("A habit can have several reminders (up to {n}), each at its own time on the weekdays ticked, "
                      "by the ways ticked. A reminder is sent only on days the habit is still open.",
                      n=MAX_PER_HABIT), size="2"),
            rx.text(t("Times and weekdays are in your time zone (see Settings)."), size="1", color_scheme="gray"),
            rx.foreach(RemindersState.habits, _habit),
            spacing="3", align="start", width="100%",
        ),
        width="100%",
    )
