"""Charts of one habit: stat cards, a GitHub-style year heatmap and Recharts strength and bar charts."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var
from reflex.vars.function import FunctionStringVar

from easytrack.components.i18n import t
from easytrack.i18n import N_

WEEKS = 53  # columns of the heatmap: `services.habit_report.HEATMAP_WEEKS`
SQUARE = "11px"
GAP = "3px"
_STRIPES = "repeating-linear-gradient(45deg, var(--gray-a8) 0 2px, var(--gray-a4) 2px 4px)"
# One character per heatmap day (see `services.habit_report.HabitReport.heatmap`) and its word.
DAY_WORDS = {"1": N_("done"), "p": N_("partly done"), "s": N_("skipped"), "x": N_("not done"), "0": N_("nothing"),
             "f": N_("future")}
LEGEND = (("1", N_("Done")), ("p", N_("Partly")), ("s", N_("Skipped")), ("x", N_("Not done")), ("0", N_("Nothing")))
# The title of a square, computed in the browser from the start day, the square's index, its character and
# the words in the reader's language, so the page ships one short string for the whole year instead of 371 dates.
_DAY_TITLE = FunctionStringVar.create(
    "((start, i, c, words) => new Date(Date.parse(start) + i * 864e5).toISOString().slice(0, 10) + ': ' + "
    "(words[c] ?? ''))"
)


def _day_styles(color: rx.Var[str]) -> dict:
    """Colours by `data-c`, for the squares and the legend inside the styled box."""
    square = {"width": SQUARE, "height": SQUARE, "border_radius": "2px"}
    return {
        "& [data-c]": square,
        "& [data-c='1']": {"background": color},
        "& [data-c='p']": {"background": f"color-mix(in srgb, {color} 45%, transparent)"},
        "& [data-c='s']": {"background": _STRIPES},
        "& [data-c='x']": {"background": "var(--red-a7)"},
        "& [data-c='0']": {"background": "var(--gray-a4)"},
        "& [data-c='f']": {"background": "transparent", "box_shadow": "inset 0 0 0 1px var(--gray-a4)"},
    }


def _weekday_labels(weekdays: rx.Var[list[str]]) -> rx.Component:
    return rx.box(
        rx.foreach(weekdays, lambda name: rx.text(name, size="1", line_height=SQUARE, font_size="9px")),
        display="grid", grid_template_rows=f"repeat(7, {SQUARE})", gap=GAP, padding_top="16px",
        color="var(--gray-11)", aria_hidden="true",
    )


def _month_labels(months: rx.Var[list[dict]]) -> rx.Component:
    return rx.box(
        rx.foreach(months, lambda m: rx.text(m["name"], grid_column=m["col"], font_size="9px", white_space="nowrap")),
        display="grid", grid_template_columns=f"repeat({WEEKS}, {SQUARE})", column_gap=GAP, height="13px",
        color="var(--gray-11)", aria_hidden="true",
    )


def _squares(cells: rx.Var[str], start: rx.Var[str]) -> rx.Component:
    words = Var.create({c: t(word) for c, word in DAY_WORDS.items()})
    return rx.box(
        rx.foreach(
            cells.split(""),
            lambda c, i: rx.el.div(title=_DAY_TITLE.call(start, i, c, words).to(str), custom_attrs={"data-c": c}),
        ),
        display="grid", grid_template_rows=f"repeat(7, {SQUARE})", grid_auto_columns=SQUARE,
        grid_auto_flow="column", gap=GAP,
    )


def _legend() -> rx.Component:
    return rx.hstack(
        *[rx.hstack(rx.el.div(custom_attrs={"data-c": c}), rx.text(t(word), size="1"), spacing="1", align="center")
          for c, word in LEGEND],
        spacing="3", wrap="wrap", color="var(--gray-11)",
    )


def heatmap(cells: rx.Var[str], start: rx.Var[str], *, color: rx.Var[str], weekdays: rx.Var[list[str]],
            months: rx.Var[list[dict]]) -> rx.Component:
    """A year of days: week columns, weekday rows from the user's first weekday.

    `cells` has one character per day from `start` (YYYY-MM-DD), see DAY_WORDS; `weekdays` the 7 row labels
    ("" for none); `months` {"col": CSS grid-column, "name": label} for the month labels above.
    """
    return rx.vstack(
        rx.box(  # right-to-left only to start scrolled to the newest weeks on a narrow screen
            rx.hstack(_weekday_labels(weekdays), rx.vstack(_month_labels(months), _squares(cells, start), spacing="1"),
                      spacing="2", width="max-content", style={"direction": "ltr"}),
            overflow_x="auto", width="fit-content", max_width="100%", padding_bottom="4px", style={"direction": "rtl"},
            role="img", aria_label=t("Check-ins of the last 53 weeks; hover a square for its day"),
        ),
        _legend(),
        spacing="2", width="100%", style=_day_styles(color),
    )


def stat_card(label: rx.Var[str], value: rx.Var[str], hint: rx.Var[str]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(value, size="6", weight="bold"),
            rx.text(hint, size="1", color_scheme="gray"),
            spacing="1",
        ),
        size="1",
    )


def strength_chart(data: rx.Var[list[dict]], *, color: rx.Var[str]) -> rx.Component:
    """Habit strength in % over time: `data` rows {"day": label, "score": 0..100}, oldest first."""
    return rx.recharts.area_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.area(data_key="score", name=t("Strength"), unit="%", type_="monotone", stroke=color, fill=color,
                         is_animation_active=False, custom_attrs={"fillOpacity": 0.25}),
        rx.recharts.x_axis(data_key="day", min_tick_gap=24, tick_line=False),
        rx.recharts.y_axis(domain=[0, 100], unit="%", width=52, tick_line=False),
        rx.recharts.graphing_tooltip(),
        data=data, width="100%", height=220,
    )


def bar_chart(data: rx.Var[list[dict]], *, name: rx.Var[str], color: rx.Var[str]) -> rx.Component:
    """One bar per period: `data` rows {"label": ..., "value": ...}, oldest first."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.bar(data_key="value", name=name, fill=color, radius=[3, 3, 0, 0], is_animation_active=False),
        rx.recharts.x_axis(data_key="label", tick_line=False),
        rx.recharts.y_axis(width=52, tick_line=False),
        rx.recharts.graphing_tooltip(),
        data=data, width="100%", height=220,
    )
