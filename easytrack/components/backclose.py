"""Back closes an open dialog on a phone instead of leaving the page (assets/backclose.jsx)."""

from __future__ import annotations

import reflex as rx
from reflex.event import no_args_event_spec


class BackCloses(rx.Component):
    library = "$/public/backclose.jsx"
    tag = "BackCloses"

    open: rx.Var[bool]
    on_back: rx.EventHandler[no_args_event_spec]


def back_closes(*, open: rx.Var[bool], on_back) -> rx.Component:  # noqa: A002 (the prop's name)
    """Render next to a dialog: while `open`, Back calls `on_back` (which should close it)."""
    return BackCloses.create(open=open, on_back=on_back)
