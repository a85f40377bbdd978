"""What the import processes run (see services.transfer.pool): a preview or an import of one upload, in
a database session of their own, on the database named by its URL."""

from __future__ import annotations

import functools
from datetime import datetime

from sqlalchemy import Engine

from easytrack import db
from easytrack.services import transfer
from easytrack.services.transfer import pending


def database_url(engine: Engine | None = None) -> str:
    """The URL an import process opens: `engine`'s, or the configured database's."""
    return (engine or db.engine()).url.render_as_string(hide_password=False)


@functools.cache
def _engine(url: str) -> Engine:
    return db.make_engine(url)


def _data(user_id: int, data: bytes | None, upload: str) -> bytes:
    return data if data is not None else pending.load(user_id, upload)


def preview(url: str, *, user_id: int, merge: bool, data: bytes | None = None, upload: str = ""):
    """`transfer.preview_file` of `data`, or of the user's kept upload `upload`."""
    with db.session_scope(_engine(url)) as session:
        return transfer.preview_file(session, user_id=user_id, data=_data(user_id, data, upload), merge_names=merge)


def run(url: str, *, user_id: int, merge: bool, now: datetime, data: bytes | None = None, upload: str = "",
        filename: str = ""):
    """`transfer.import_file` of `data`, or of the user's kept upload `upload` (forgotten once imported);
    its progress goes to the user's `import_runs` row."""
    with db.session_scope(_engine(url)) as session:
        summary = transfer.import_file(session, user_id=user_id, data=_data(user_id, data, upload),
                                       filename=filename, merge_names=merge, now=now)
    if data is None:
        pending.drop(user_id, upload)
    return summary
