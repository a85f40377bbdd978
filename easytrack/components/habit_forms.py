"""The habits page's parts: the edit dialog, the habit list with its actions, and the group list."""

from __future__ import annotations

import reflex as rx

from easytrack.components.backclose import back_closes
from easytrack.components.forms import dialog_actions, field
from easytrack.components.i18n import t
from easytrack.components.layout import message


def _group_select(state) -> rx.Component:
    return rx.vstack(
        rx.el.label(t("Group"), html_for="field-group_id", style={"font-weight": "500"}),
        rx.el.select(
            rx.el.option(t("No group"), value=""),
            rx.foreach(state.groups, lambda g: rx.el.option(g["name"], value=g["id"].to_string())),
            id="field-group_id", name="group_id", default_value=state.editing["group_id"].to(str),
            class_name="native-select",
        ),
        spacing="1", width="100%",
    )


def _native_select(label, name: str, options: list[tuple[str, rx.Var[str]]], value) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"field-{name}", style={"font-weight": "500"}),
        rx.el.select(*[rx.el.option(text, value=val) for val, text in options], id=f"field-{name}", name=name,
                     default_value=value, class_name="native-select"),
        spacing="1", width="100%",
    )


def _schedule(state) -> rx.Component:
    editing = state.editing
    return rx.vstack(
        rx.hstack(
            _native_select(t("How often"), "schedule_kind", [("daily", t("Every day")), ("week", t("Times a week")),
                           ("month", t("Times a month")), ("every", t("Every N days")), ("days", t("On weekdays"))],
                           editing["schedule_kind"].to(str)),
            field(t("N"), "schedule_n", type="number", default_value=editing["schedule_n"].to(str), min=1, max=365),
            width="100%", align="end",
        ),
        rx.hstack(
            *[rx.el.label(rx.el.input(type="checkbox", name=f"wd{i}", default_checked=editing[f"wd{i}"].to(bool)),
                          " ", state.weekday_names[i], style={"display": "inline-flex", "gap": "0.25rem"})
              for i in range(7)],
            wrap="wrap", spacing="3", aria_label=t("Weekdays (for “On weekdays”)"),
        ),
        rx.text(t("Days the schedule does not ask for are “not needed”: they never break a streak and count in it."),
                size="1", color_scheme="gray"),
        spacing="2", width="100%",
    )


def _target(state) -> rx.Component:
    editing = state.editing
    return rx.vstack(
        rx.el.label(rx.el.input(type="checkbox", name="measurable", default_checked=editing["measurable"].to(bool)),
                    " ", t("Measurable: I enter an amount (pages, km, cups …)"),
                    style={"display": "inline-flex", "gap": "0.4rem"}),
        rx.hstack(
            _native_select(t("Goal"), "target_direction", [("at_least", t("At least")), ("at_most", t("At most"))],
                           editing["target_direction"].to(str)),
            field(t("Target"), "target_value", type="number", default_value=editing["target_value"].to(str),
                  min=0, step="any"),
            field(t("Unit"), "unit", default_value=editing["unit"].to(str), max_length=20, placeholder=t("pages")),
            _native_select(t("Per"), "target_period", [("day", t("Day")), ("week", t("Week")), ("month", t("Month")),
                                                       ("days", t("N days"))], editing["target_period"].to(str)),
            field(t("N days"), "target_days", type="number", default_value=editing["target_days"].to(str), min=1,
                  max=365),
            width="100%", align="end", wrap="wrap",
        ),
        rx.text(t("With “Per N days” the amounts of each N days are added up (the N days field is used only then)."),
                size="1", color_scheme="gray"),
        spacing="2", width="100%",
    )


def habit_dialog(state) -> rx.Component:
    """Create or edit a habit: name, question, description, colour and group; Back closes it."""
    return rx.fragment(back_closes(open=state.dialog_open, on_back=state.close_dialog), _habit_dialog(state))


def _habit_dialog(state) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(state.editing_id > 0, t("Edit habit"), t("New habit"))),
            message(state.error),
            rx.form(
                rx.vstack(
                    field(t("Name"), "name", default_value=state.editing["name"].to(str), max_length=100,
                          required=True),
                    field(t("Question (optional)"), "question", default_value=state.editing["question"].to(str),
                          placeholder=t("Did you meditate today?"), max_length=200),
                    field(t("Description (optional)"), "description",
                          default_value=state.editing["description"].to(str), max_length=1000),
                    rx.hstack(
                        rx.el.label(t("Colour"), html_for="field-color", style={"font-weight": "500"}),
                        rx.el.input(type="color", id="field-color", name="color",
                                    default_value=state.editing["color"].to(str)),
                        align="center", spacing="3",
                    ),
                    _group_select(state),
                    _schedule(state),
                    _target(state),
                    dialog_actions(state.close_dialog, rx.cond(state.editing_id > 0, t("Save habit"), t("Add habit"))),
                    spacing="3",
                ),
                on_submit=state.save_habit,
                reset_on_submit=False,
            ),
            max_width="32rem",
        ),
        open=state.dialog_open,
        on_open_change=lambda _open: state.close_dialog(),
    )


def _confirm_delete(state, habit) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="red",
                                               aria_label=t("Delete {name}", name=habit["name"].to(str)))),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Delete “{name}”?", name=habit["name"].to(str))),
            rx.alert_dialog.description(t("Its whole history goes with it. Archive it instead to keep the history.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Delete"), color_scheme="red",
                                                 on_click=state.delete_habit(habit["id"]))),
                justify="end", spacing="3",
            ),
        ),
    )


def _habit_row(state, habit) -> rx.Component:
    name = habit["name"].to(str)
    return rx.hstack(
        rx.box(width="0.8rem", height="0.8rem", border_radius="50%", background=habit["color"].to(str),
               flex_shrink="0"),
        rx.vstack(
            rx.link(name, href=habit["url"].to(str), weight="medium", class_name="clip", high_contrast=True,
                    underline="hover"),
            rx.text(rx.cond(habit["archived"], t("Archived · {schedule}", schedule=habit["schedule_text"].to(str)),
                            rx.cond(habit["group"].to(str) != "",
                                    habit["group"].to(str) + " · " + habit["schedule_text"].to(str),
                                    habit["schedule_text"].to(str))),
                    size="1", color_scheme="gray"),
            spacing="0", min_width="0", class_name="et-habit-name",
        ),
        _habit_actions(state, habit),
        align="center", width="100%", padding="0.5rem", border_bottom="1px solid var(--gray-a4)",
        class_name="et-habit-row",
    )


def _habit_actions(state, habit) -> rx.Component:
    name = habit["name"].to(str)
    return rx.hstack(
        rx.icon_button(rx.icon("arrow-up", size=16), variant="ghost", on_click=state.move_habit(habit["id"], -1),
                       aria_label=t("Move up {name}", name=name)),
        rx.icon_button(rx.icon("arrow-down", size=16), variant="ghost", on_click=state.move_habit(habit["id"], 1),
                       aria_label=t("Move down {name}", name=name)),
        rx.icon_button(rx.icon("pencil", size=16), variant="ghost", on_click=state.open_edit(habit["id"]),
                       aria_label=t("Edit {name}", name=name)),
        rx.cond(
            habit["archived"],
            rx.button(t("Unarchive"), size="1", variant="soft", on_click=state.set_archived(habit["id"], False)),
            rx.button(t("Archive"), size="1", variant="soft", color_scheme="gray",
                      on_click=state.set_archived(habit["id"], True)),
        ),
        _confirm_delete(state, habit),
        align="center", class_name="et-habit-actions",
    )


def habit_list(state) -> rx.Component:
    return rx.card(
        rx.cond(
            state.habits.length() > 0,
            rx.vstack(rx.foreach(state.habits, lambda h: _habit_row(state, h)), spacing="0", width="100%"),
            rx.text(t("No habits yet: press “New habit”, or add one on the home page.")),
        ),
        width="100%",
    )


def _group_row(state, group) -> rx.Component:
    name = group["name"].to(str)
    return rx.hstack(
        rx.input(default_value=name, aria_label=t("Group name {name}", name=name), max_length=100, flex="1",
                 on_blur=lambda value: state.rename_group(group["id"], value)),
        rx.icon_button(rx.icon("arrow-up", size=16), variant="ghost", on_click=state.move_group(group["id"], -1),
                       aria_label=t("Move group up {name}", name=name)),
        rx.icon_button(rx.icon("arrow-down", size=16), variant="ghost", on_click=state.move_group(group["id"], 1),
                       aria_label=t("Move group down {name}", name=name)),
        rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="red",
                       on_click=state.delete_group(group["id"]), aria_label=t("Delete group {name}", name=name)),
        width="100%", align="center",
    )


def group_list(state) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Groups"), size="4", as_="h2"),
            rx.text(t("Groups are optional headings that keep a long list tidy. Deleting a group keeps its habits."),
                    size="2", color_scheme="gray"),
            rx.foreach(state.groups, lambda g: _group_row(state, g)),
            rx.form(
                rx.hstack(
                    rx.input(name="group_name", placeholder=t("New group, e.g. Health"), aria_label=t("Group name"),
                             max_length=100, flex="1", required=True),
                    rx.button(t("Add group"), type="submit"),
                    width="100%",
                ),
                on_submit=state.add_group, reset_on_submit=True, width="100%",
            ),
            spacing="3", width="100%",
        ),
        width="100%",
    )
