"""/settings/data: check an import (what will be created, merged, renamed), run it with a progress bar,
and download everything."""

from __future__ import annotations

import reflex as rx

from easytrack import routes
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell, message
from easytrack.pages.data_state import DataState

UPLOAD_ID = "import-file"

__all__ = ["DataState", "data_page"]


def _lines(lines, color: str, icon: str) -> rx.Component:
    return rx.callout(rx.vstack(rx.foreach(lines, lambda line: rx.text(line)), spacing="1"), icon=icon,
                      color_scheme=color, role="status", width="100%")


def _chooser() -> rx.Component:
    return rx.vstack(
        rx.upload(
            rx.vstack(rx.icon("upload"), rx.text(t("Drop a file here or click to choose one")), align="center"),
            id=UPLOAD_ID, max_files=1, multiple=False, border="1px dashed var(--gray-a7)", padding="1.5rem",
            width="100%", border_radius="var(--radius-3)", disabled=DataState.importing,
        ),
        rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.text(name, size="2", weight="medium")),
        rx.button(t("Check file"), loading=DataState.checking, disabled=DataState.importing,
                  on_click=DataState.handle_upload(
                      rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=DataState.upload_progress))),
        spacing="3", width="100%",
    )


def _preview() -> rx.Component:
    return rx.cond(
        DataState.has_preview,
        rx.vstack(
            rx.heading(t("What this import will do"), size="3", as_="h3"),
            _lines(DataState.preview, "blue", "info"),
            rx.el.label(
                rx.hstack(rx.switch(checked=DataState.merge, on_change=DataState.set_merge,
                                    disabled=DataState.importing),
                          rx.text(t("Merge habits into yours of the same name (off: import them as “Gym (2)”)")),
                          align="center", spacing="2"),
            ),
            rx.hstack(
                rx.button(t("Import"), loading=DataState.importing, on_click=DataState.apply_import),
                rx.button(t("Cancel"), variant="soft", color_scheme="gray", disabled=DataState.importing,
                          on_click=DataState.cancel_import),
                spacing="2",
            ),
            spacing="3", width="100%",
        ),
    )


def _import_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Import"), size="4", as_="h2"),
            rx.text(t("Bring your history from Loop Habit Tracker (CSV export .zip or backup .db), Beaver Habit "
                      "Tracker (.json) or easytrack (.json). You see what will be created, merged or renamed "
                      "before anything is imported; importing the same file again changes nothing.")),
            _chooser(),
            _preview(),
            rx.cond(DataState.importing | (DataState.progress > 0),
                    rx.progress(value=DataState.progress, max=100, width="100%", aria_label=t("Import progress"))),
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
            rx.heading(t("Export"), size="4", as_="h2"),
            rx.text(t("Everything you entered: groups, habits with their settings, and every day with its state, "
                      "amount and note.")),
            rx.hstack(
                rx.button(rx.icon("download", size=16), t("JSON (re-importable)"), on_click=DataState.export_json),
                rx.button(rx.icon("download", size=16), t("CSV for spreadsheets (.zip)"), variant="soft",
                          on_click=DataState.export_csv),
                wrap="wrap",
            ),
            spacing="3",
        ),
        width="100%",
    )


def data_page() -> rx.Component:
    return app_shell(
        rx.link(t("← Settings"), href=routes.SETTINGS),
        _import_card(),
        _export_card(),
        title=t("Import and export"),
    )
