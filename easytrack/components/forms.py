"""Form pieces: labelled fields and submit buttons with the names the tests and screen readers rely on."""

from __future__ import annotations

import reflex as rx

from easytrack.components.i18n import t


def field(label: rx.Var[str] | str, name: str, *, type: str = "text", autocomplete: str = "off", **props) -> rx.Component:
    """A text input with a real <label for=…>, so `get_by_label(label)` and screen readers find it."""
    field_id = f"field-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=field_id, style={"font-weight": "500", "font-size": "var(--font-size-2)"}),
        rx.input(id=field_id, name=name, type=type, auto_complete=autocomplete, size="3", width="100%", **props),
        spacing="1",
        width="100%",
    )


def submit(label: rx.Var[str] | str, loading: rx.Var[bool]) -> rx.Component:
    return rx.button(label, type="submit", size="3", width="100%", loading=loading)


def form_text(data: object, key: str, limit: int = 1000) -> str:
    """A string field from a submitted form dict; anything else (or too long) becomes "" or is cut."""
    value = data.get(key, "") if isinstance(data, dict) else ""
    return value[:limit] if isinstance(value, str) else ""


def dialog_actions(on_cancel, submit_label) -> rx.Component:
    """A dialog's Cancel and submit buttons, right-aligned."""
    return rx.hstack(
        rx.button(t("Cancel"), type="button", variant="soft", color_scheme="gray", on_click=on_cancel),
        rx.button(submit_label, type="submit"),
        justify="end", width="100%",
    )
