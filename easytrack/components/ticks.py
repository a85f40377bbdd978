"""Instant ticks: the habit grid and the home buttons (React components in assets/ticks.jsx).

Both flip the pressed cell on the client at once, send ``on_set`` and let the
server's patches confirm or roll back. The protocol:

* ``rev`` is the user's revision the rows/habits were loaded at; the server
  bumps it on every change of the user's data, in commit order.
* ``patches`` is the last 8 patches, oldest first, each
  ``{"r": rev, "h": habit_id, "d": "YYYY-MM-DD", "c": cell, "s": streak, "q": req, "e": error}``.
  ``q`` echoes the request id of ``on_set`` (empty for other tabs' changes);
  ``e`` is a short message when the server refused (``c`` is then its real
  value; ``r`` may be 0).
* cells are one character per day: ``0`` empty, ``1`` done, ``s`` skipped,
  ``x`` not done, ``-`` not needed, ``f`` future (not clickable), ``p`` partial.
* ``on_set(habit_id, day, value, req)``: value is "1" (mark done) or "0" (clear).
* ``on_menu(habit_id, day)``: right-click / long-press / ContextMenu key.
* ``on_resync()``: a patch revision skipped one: reload rows (new ``rev``).
* patches may carry ``"g"``: the habit's quota progress ("2/3 this week") after the change.
* grid rows of measurable habits carry ``"a"`` (each day's amount as text, "" for none) and rows
  with notes ``"n"`` ({"YYYY-MM-DD": note preview}); both show in the cell and its tooltip.
* ``lang``: the page's language (``AuthState.lang``, set by ``tick_grid``/``tick_buttons``); texts of the
  components are looked up in the browser's catalogue. It changes only when the reader switches language.
* ``fit`` (grid): report with ``on_fit(n)`` how many day columns fit the box, when that is not
  ``len(days)`` (the "recent" view then loads that many days).

Add ``"/ticks.css"`` to ``rx.App(stylesheets=[...])``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import no_args_event_spec, passthrough_event_spec

from easytrack.components.i18n import t
from easytrack.i18n import N_
from easytrack.state.auth import AuthState

_LIBRARY = "$/public/ticks.jsx"


class TickGrid(rx.Component):
    """Habits in rows, days in columns; click, drag or keyboard to tick."""

    library = _LIBRARY
    tag = "TickGrid"

    days: rx.Var[list[dict[str, Any]]]  # {"d", "label", "dow", "we", "today"}
    rows: rx.Var[list[dict[str, Any]]]  # {"id", "name", "color", "cells", "streak", "group", "a"?, "n"?}
    rev: rx.Var[int]
    patches: rx.Var[list[dict[str, Any]]]
    fit: rx.Var[bool]
    lang: rx.Var[str]

    on_set: rx.EventHandler[passthrough_event_spec(int, str, str, str)]
    on_menu: rx.EventHandler[passthrough_event_spec(int, str)]
    on_resync: rx.EventHandler[no_args_event_spec]
    on_fit: rx.EventHandler[passthrough_event_spec(int)]


class TickButtons(rx.Component):
    """One large toggle per habit for today (home page)."""

    library = _LIBRARY
    tag = "TickButtons"

    habits: rx.Var[list[dict[str, Any]]]  # {"id", "name", "color", "done", "streak", "group", "g", "due"}
    today: rx.Var[str]
    rev: rx.Var[int]
    patches: rx.Var[list[dict[str, Any]]]
    lang: rx.Var[str]

    on_set: rx.EventHandler[passthrough_event_spec(int, str, str, str)]
    on_menu: rx.EventHandler[passthrough_event_spec(int, str)]
    on_resync: rx.EventHandler[no_args_event_spec]


def tick_grid(**props: Any) -> rx.Component:
    """The grid: days=, rows=, rev=, patches=, on_set=, on_menu=, on_resync=, plus id/class_name."""
    return TickGrid.create(**{"lang": AuthState.lang, **props})


# The grid's cell looks (ticks.css) and what they mean, in the order of the legend.
LEGEND = (("tk-c1", N_("Done")), ("tk-cp", N_("Partly done")), ("tk-cs", N_("Skipped")), ("tk-cx", N_("Not done")),
          ("tk-cn", N_("Not needed")), ("tk-c0", N_("Missed, or still open today")),
          ("tk-c0 tk-note", N_("Has a note")))


def tick_legend() -> rx.Component:
    """What the grid's cells mean: a row of sample cells with their words."""
    return rx.el.ul(
        *[rx.el.li(rx.el.span(class_name=f"tk-cell {cls}", aria_hidden="true"), t(word)) for cls, word in LEGEND],
        class_name="tk-legend", aria_label=t("Legend"),
    )


def tick_buttons(**props: Any) -> rx.Component:
    """The home buttons: habits=, today=, rev=, patches=, on_set=, on_menu=, on_resync=."""
    return TickButtons.create(**{"lang": AuthState.lang, **props})
