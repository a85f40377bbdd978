"""/settings/data: import a Loop, Beaver or easytrack file with a progress bar, and download everything."""

from __future__ import annotations

from datetime import date

import reflex as rx

from easytrack import live, routes
from easytrack.components.layout import app_shell, message
from easytrack.services import transfer
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, utcnow

UPLOAD_ID = "import-file"
MAX_UPLOAD = 20 * 1024 * 1024
FORMATS = "Loop Habit Tracker (CSV export .zip or backup .db), Beaver Habit Tracker (.json) or easytrack (.json)"


def summary_lines(s: transfer.ImportSummary) -> list[str]:
    lines = [f"Format: {s.format}",
             f"Habits: {s.habits_created} new, {s.habits_updated} updated, {s.habits_unchanged} unchanged",
             f"Check-ins: {s.checkins_added} new, {s.checkins_changed} changed, {s.checkins_unchanged} unchanged"]
    if s.groups_created:
        lines.append(f"Groups: {s.groups_created} new")
    return lines + [f"Note: {w}" for w in s.warnings[:20]]


class DataState(AuthState):
    progress: int = 0
    importing: bool = False
    summary: list[str] = []
    error: str = ""

    @rx.event
    def reset_import(self):
        self.progress, self.importing, self.summary, self.error = 0, False, [], ""

    @rx.event
    def upload_progress(self, progress: dict):
        value = progress.get("progress") if isinstance(progress, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.progress = max(0, min(100, round(value * 100)))

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        self.error, self.summary = "", []
        if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], rx.UploadFile):
            self.error = "Choose one file to import."
            return
        self.importing = True
        yield
        try:
            data = await files[0].read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise transfer.FileTooLarge("The file is larger than 20 MB.")
            result = await self._run_as_user(transfer.import_file, data=data, filename=str(files[0].name or ""))
        except ServiceError as exc:
            self.error = exc.message
        else:
            self.summary = summary_lines(result)
            user = await self._current_user()
            live.publish_soon(user.user_id, live.Reload(0), origin="")
        finally:
            self.importing, self.progress = False, 100 if self.summary else 0

    async def _export(self, fn, suffix: str):
        try:
            data = await self._run_as_user(fn, now=utcnow())
        except ServiceError as exc:
            self.error = exc.message
            return None
        return rx.download(data=data, filename=f"easytrack-{date.today().isoformat()}.{suffix}")

    @rx.event
    async def export_json(self):
        return await self._export(transfer.export_json, "json")

    @rx.event
    async def export_csv(self):
        return await self._export(transfer.export_csv_zip, "zip")


def _import_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Import", size="4", as_="h2"),
            rx.text(f"Bring your history from {FORMATS}. Importing the same file again changes nothing."),
            rx.upload(
                rx.vstack(rx.icon("upload"), rx.text("Drop a file here or click to choose one"), align="center"),
                id=UPLOAD_ID, max_files=1, multiple=False, border="1px dashed var(--gray-a7)", padding="1.5rem",
                width="100%", border_radius="var(--radius-3)",
            ),
            rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.text(name, size="2", weight="medium")),
            rx.button("Import", loading=DataState.importing, on_click=DataState.handle_upload(
                rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=DataState.upload_progress))),
            rx.cond(DataState.importing | (DataState.progress > 0),
                    rx.progress(value=DataState.progress, max=100, width="100%", aria_label="Import progress")),
            message(DataState.error),
            rx.cond(DataState.summary.length() > 0,
                    rx.callout(rx.vstack(rx.foreach(DataState.summary, rx.text), spacing="1"), icon="check",
                               color_scheme="grass", role="status", width="100%")),
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
