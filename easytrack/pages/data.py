"""/settings/data: check an import (what will be created, merged, renamed), run it with a progress bar,
and download everything."""

from __future__ import annotations

import reflex as rx

from easytrack import routes
from easytrack.components.layout import app_shell, message
from easytrack.pages.data_state import DataState

UPLOAD_ID = "import-file"
FORMATS = "Loop Habit Tracker (CSV export .zip or backup .db), Beaver Habit Tracker (.json) or easytrack (.json)"

__all__ = ["DataState", "data_page"]


def _lines(lines, color: str, icon: str) -> rx.Component:
    return rx.callout(rx.vstack(rx.foreach(lines, lambda line: rx.text(line)), spacing="1"), icon=icon,
                      color_scheme=color, role="status", width="100%")


def _chooser() -> rx.Component:
    return rx.vstack(
        rx.upload(
            rx.vstack(rx.icon("upload"), rx.text("Drop a file here or click to choose one"), align="center"),
            id=UPLOAD_ID, max_files=1, multiple=False, border="1px dashed var(--gray-a7)", padding="1.5rem",
            width="100%", border_radius="var(--radius-3)", disabled=DataState.importing,
        ),
        rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.text(name, size="2", weight="medium")),
        rx.button("Check file", loading=DataState.checking, disabled=DataState.importing,
                  on_click=DataState.handle_upload(
                      rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=DataState.upload_progress))),
        spacing="3", width="100%",
    )


def _preview() -> rx.Component:
    return rx.cond(
        DataState.has_preview,
        rx.vstack(
            rx.heading("What this import will do", size="3", as_="h3"),
            _lines(DataState.preview, "blue", "info"),
            rx.el.label(
                rx.hstack(rx.switch(checked=DataState.merge, on_change=DataState.set_merge,
                                    disabled=DataState.importing),
                          rx.text("Merge habits into yours of the same name (off: import them as “Gym (2)”)"),
                          align="center", spacing="2"),
            ),
            rx.hstack(
                rx.button("Import", loading=DataState.importing, on_click=DataState.apply_import),
                rx.button("Cancel", variant="soft", color_scheme="gray", disabled=DataState.importing,
                          on_click=DataState.cancel_import),
                spacing="2",
            ),
            spacing="3", width="100%",
        ),
    )


def _import_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Import", size="4", as_="h2"),
            rx.text(f"Bring your history from {FORMATS}. You see what will be created, merged or renamed "
                    "before anything is imported; importing the same file again changes nothing."),
            _chooser(),
            _preview(),
            rx.cond(DataState.importing | (DataState.progress > 0),
                    rx.progress(value=DataState.progress, max=100, width="100%", aria_label="Import progress")),
            rx.cond(DataState.status != "", rx.text(DataState.status, size="2", role="status")),
            message(DataState.error),
            rx.cond(DataState.summary.length() > 0, _lines(DataState.summary, "grass", "check")),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _export_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Export", size="4", as_="h2"),
            rx.text("Everything you entered: groups, habits with their settings, and every day with its state, "
                    "amount and note."),
            rx.hstack(
                rx.button(rx.icon("download", size=16), "JSON (re-importable)", on_click=DataState.export_json),
                rx.button(rx.icon("download", size=16), "CSV for spreadsheets (.zip)", variant="soft",
                          on_click=DataState.export_csv),
                wrap="wrap",
            ),
            spacing="3",
        ),
        width="100%",
    )


def data_page() -> rx.Component:
    return app_shell(
        rx.link("← Settings", href=routes.SETTINGS),
        _import_card(),
        _export_card(),
        title="Import and export",
    )
