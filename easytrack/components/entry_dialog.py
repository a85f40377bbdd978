"""The day-entry dialog: done / skipped / not done, an amount for measurable habits, and a short note."""

from __future__ import annotations

import reflex as rx

from easytrack.components.backclose import back_closes
from easytrack.components.forms import dialog_actions
from easytrack.components.i18n import t
from easytrack.components.layout import message
from easytrack.i18n import N_

CHOICES = [("done", N_("Done")), ("skip", N_("Skipped (sick, travelling, not needed)")), ("no", N_("Not done")),
           ("clear", N_("Nothing entered"))]


def _state_choice(state) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t("This day"), style={"font-weight": "500"}),
        *[rx.el.label(rx.el.input(type="radio", name="state", value=value,
                                  default_checked=state.entry["state"].to(str) == value),
                      " ", t(text), style={"display": "flex", "gap": "0.4rem", "align-items": "center"})
          for value, text in CHOICES],
        style={"border": "none", "padding": 0, "display": "grid", "gap": "0.35rem"},
    )


def _amount(state) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(t("Amount ({unit})", unit=state.entry["unit"].to(str))), html_for="entry-amount",
                    style={"font-weight": "500"}),
        rx.input(id="entry-amount", name="amount", type="text", input_mode="decimal", auto_focus=True,
                 default_value=state.entry["amount"].to(str), size="3", width="10rem"),
        rx.text(t("Target: {target}", target=state.entry["target"].to(str)), size="1", color_scheme="gray"),
        spacing="1",
    )


def entry_dialog(state) -> rx.Component:
    """Opened by `state.open_entry(habit_id, day)`; saves with `state.save_entry`; Back closes it."""
    return rx.fragment(back_closes(open=state.entry_open, on_back=state.close_entry), _dialog(state))


def _dialog(state) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(state.entry["name"].to(str)),
            rx.dialog.description(state.entry["day"].to(str), size="2", color_scheme="gray"),
            message(state.entry_error),
            rx.form(
                rx.vstack(
                    rx.cond(state.entry["measurable"].to(bool), _amount(state)),
                    _state_choice(state),
                    rx.el.label(t("Note (optional)"), html_for="entry-note", style={"font-weight": "500"}),
                    rx.text_area(id="entry-note", name="note", default_value=state.entry["note"].to(str),
                                 max_length=1000, rows="2", width="100%"),
                    dialog_actions(state.close_entry, t("Save")),
                    spacing="3",
                ),
                on_submit=state.save_entry,
                reset_on_submit=False,
            ),
            max_width="26rem",
        ),
        open=state.entry_open,
        on_open_change=lambda _open: state.close_entry(),
    )
