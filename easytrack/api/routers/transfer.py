"""Export (JSON or a CSV zip) and import (Loop, Beaver or easytrack files) of all the caller's data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from easytrack.api.routers.common import reload, user_today
from easytrack.api.schemas import ImportPreviewOut, ImportSummaryOut
from easytrack.api.security import Ctx, UserId
from easytrack import imports
from easytrack.i18n import N_
from easytrack.services import revisions, transfer
from easytrack.services.transfer import pool
from easytrack.services.errors import ValidationError
from easytrack.services.transfer.limits import MAX_UPLOAD

router = APIRouter(tags=["import and export"])
CHUNK = 1024 * 1024
MAX_REQUEST = MAX_UPLOAD + 64 * 1024  # the file plus multipart boundaries and part headers
_UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary", "description": "At most 20 MB"}},
                }
            }
        },
    }
}


def _export(session: Session, *, user_id: int, now: datetime, kind: str) -> tuple[bytes, str]:
    today, _ = user_today(session, user_id, now)
    if kind == "json":
        return transfer.export_json(session, user_id=user_id, now=now), f"easytrack-{today}.json"
    return transfer.export_csv_zip(session, user_id=user_id, now=now), f"easytrack-{today}.zip"


def _download(data: bytes, filename: str, media_type: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}
    return Response(content=data, media_type=media_type, headers=headers)


@router.get("/export", summary="Everything as easytrack JSON (lossless; importable)",
            responses={200: {"content": {"application/json": {}}, "description": "The JSON file"}})
async def export_json(user_id: UserId, ctx: Ctx) -> Response:
    data, name = await ctx.run(_export, user_id=user_id, now=ctx.now(), kind="json")
    return _download(data, name, "application/json")


@router.get("/export.zip", summary="Everything as CSV files in a zip (for spreadsheets)",
            responses={200: {"content": {"application/zip": {}}, "description": "The zip file"}})
async def export_zip(user_id: UserId, ctx: Ctx) -> Response:
    data, name = await ctx.run(_export, user_id=user_id, now=ctx.now(), kind="zip")
    return _download(data, name, "application/zip")


async def _read_upload(request: Request) -> tuple[bytes, str]:
    """The uploaded `file` field, read in chunks and refused as soon as it passes MAX_UPLOAD."""
    async with request.form(max_files=1, max_fields=1) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationError("Send the file as the multipart form field 'file'.")
        chunks, size = [], 0
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD:
                raise transfer.FileTooLarge(N_("The file is larger than 20 MB."))
            chunks.append(chunk)
        return b"".join(chunks), (upload.filename or "")[:200]


Merge = Annotated[bool, Query(description="Merge a habit of the file into your habit of the same name (and type); "
                                        "false: import it under a free name such as 'Gym (2)'")]


@router.post("/import/preview", response_model=ImportPreviewOut, openapi_extra=_UPLOAD_SCHEMA,
             summary="What importing the file would do (habits created, merged, renamed, updated); writes nothing")
async def preview_import(request: Request, user_id: UserId, ctx: Ctx, merge: Merge = True) -> ImportPreviewOut:
    data, _ = await _read_upload(request)
    url = imports.database_url(ctx.engine)
    preview = await pool.run(imports.preview, url, user_id=user_id, merge=merge, data=data)
    return ImportPreviewOut.from_preview(preview)


@router.post("/import", response_model=ImportSummaryOut, openapi_extra=_UPLOAD_SCHEMA,
             summary="Import a Loop Habit Tracker, Beaver Habit Tracker or easytrack export (at most 20 MB)",
             responses={409: {"description": "Another import of yours is running, or the server is busy with imports"}})
async def import_file(request: Request, user_id: UserId, ctx: Ctx, merge: Merge = True) -> ImportSummaryOut:
    data, filename = await _read_upload(request)
    url = imports.database_url(ctx.engine)
    summary = await pool.run(imports.run, url, user_id=user_id, merge=merge, now=ctx.now(), data=data,
                             filename=filename)
    await reload(user_id, await ctx.run(revisions.current, user_id=user_id))
    return ImportSummaryOut.from_summary(summary)
