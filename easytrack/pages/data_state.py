"""The data page's state: an import checked first (what will be created, merged, renamed), then run on
the import pool with its progress shown; and the exports."""

from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx

from easytrack import db, i18n, imports, live
from easytrack.services import transfer
from easytrack.services.errors import ServiceError
from easytrack.services.transfer import describe, pending, pool, runs
from easytrack.state.auth import AuthState, utcnow

MAX_UPLOAD = 20 * 1024 * 1024
POLL = 0.3  # seconds between progress updates while an import runs


class DataState(AuthState):
    progress: int = 0  # percent: the upload, then the import
    status: str = ""  # "Importing… 1,250 of 60,000 days"
    checking: bool = False
    importing: bool = False
    merge: bool = True
    preview: list[str] = []
    summary: list[str] = []
    error: str = ""
    _pending_file: str = ""  # the token of the checked upload (see transfer.pending)

    @rx.var
    def has_preview(self) -> bool:
        return len(self.preview) > 0

    @rx.event
    def reset_import(self):
        """on_load: a fresh page (a running import keeps showing its progress). A kept upload is swept
        by the user's next upload or when it expires."""
        if self.importing:
            return
        self.progress, self.status, self.checking = 0, "", False
        self.preview, self.summary, self.error, self._pending_file = [], [], "", ""

    @rx.event
    def upload_progress(self, progress: dict):
        value = progress.get("progress") if isinstance(progress, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not self.importing:
            self.progress = max(0, min(100, round(value * 100)))

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        """Keep the chosen file and show what importing it would do (nothing is written yet)."""
        self.error, self.summary, self.preview = "", [], []
        if self.importing:
            return
        if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], rx.UploadFile):
            self.error = self._t("Choose one file to import.")
            return
        self.checking = True
        yield
        try:
            data = await files[0].read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise transfer.FileTooLarge("The file is larger than 20 MB.")
            user = await self._current_user()
            self._forget_pending(user.user_id)
            self._pending_file = await pool.run(pending.save, user.user_id, data)
            await self._show_preview(user.user_id)
        except ServiceError as exc:
            self.error = self._error_text(exc)
        finally:
            self.checking, self.progress = False, 0

    @rx.event
    async def set_merge(self, merge: bool):
        """Merge habits of the same name (True) or import them under a free name; the preview follows."""
        if not isinstance(merge, bool) or self.importing:
            return
        self.merge, self.error = merge, ""
        if self._pending_file:
            try:
                await self._show_preview((await self._current_user()).user_id)
            except ServiceError as exc:
                self.error, self.preview = self._error_text(exc), []

    @rx.event
    async def cancel_import(self):
        if self.importing:
            return
        try:
            self._forget_pending((await self._current_user()).user_id)
        except ServiceError:
            self._pending_file = ""
        self.progress, self.status, self.preview, self.summary, self.error = 0, "", [], [], ""

    async def _show_preview(self, user_id: int) -> None:
        result = await pool.run(imports.preview, imports.database_url(), user_id=user_id, merge=self.merge,
                                upload=self._pending_file)
        self.preview = describe.preview_lines(result, self._page_lang())


    def _forget_pending(self, user_id: int) -> None:
        if self._pending_file:
            pending.drop(user_id, self._pending_file)
        self._pending_file = ""

    @rx.event(background=True)
    async def apply_import(self):
        """Import the checked file on the import pool, showing its progress; then the summary."""
        async with self:
            if self.importing or not self._pending_file:
                return
            token, merge = self._pending_file, self.merge
            self.importing, self.error, self.progress, self.status = True, "", 0, self._t("Starting the import…")
        try:
            user = await self._current_user()
            job = asyncio.ensure_future(pool.run(imports.run, imports.database_url(), user_id=user.user_id,
                                                 merge=merge, now=utcnow(), upload=token))
            while not job.done():
                await asyncio.wait({job}, timeout=POLL)
                done_total = await db.run(runs.progress, user_id=user.user_id)
                async with self:
                    self._show_progress(*(done_total or (0, 0)))
            result = job.result()
        except ServiceError as exc:
            async with self:
                self.error, self.status, self.progress = self._error_text(exc), "", 0
            return
        finally:  # whatever ended the run (an unexpected error too), this tab may import again
            async with self:
                self.importing = False
        live.publish_soon(user.user_id, live.Reload(0), origin="")
        async with self:
            self._pending_file, self.preview, self.summary = "", [], describe.summary_lines(result, self._page_lang())
            self.importing, self.status, self.progress = False, "", 100

    def _show_progress(self, done: int, total: int) -> None:
        if total:
            self.progress = round(100 * done / total)
            self.status = self._tn("Importing… {done} of {n} day", "Importing… {done} of {n} days", total,
                                   done=i18n.format_number(done, self._page_lang()))

    async def _export(self, fn, suffix: str):
        try:
            data = await self._run_as_user(fn, now=utcnow())
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return None
        return rx.download(data=data, filename=f"easytrack-{date.today().isoformat()}.{suffix}")

    @rx.event
    async def export_json(self):
        return await self._export(transfer.export_json, "json")

    @rx.event
    async def export_csv(self):
        return await self._export(transfer.export_csv_zip, "zip")
