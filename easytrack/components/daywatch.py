"""A tiny client-side timer: when the user's day ends, the page asks the server for the new day."""

from __future__ import annotations

import reflex as rx
from reflex.event import no_args_event_spec


class DayWatch(rx.Component):
    library = "$/public/daywatch.jsx"
    tag = "DayWatch"

    at: rx.Var[int]  # ms since the epoch of the next local midnight
    on_due: rx.EventHandler[no_args_event_spec]


def day_watch(**props) -> rx.Component:
    return DayWatch.create(**props)
