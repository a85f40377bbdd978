"""Uploads kept between their preview and the user's "Import": one private temporary file per user.

Files live in a 0700 folder, are named by the owner's id and a random token (a token alone opens
nothing), are replaced by the user's next upload, and expire after TTL. At most MAX_FILES are kept
server-wide (each is at most 20 MB).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from easytrack.i18n import N_
from easytrack.services.transfer.types import ImportBusy, ImportFailed

TTL = 30 * 60  # seconds
MAX_FILES = 50
EXPIRED = N_("The checked file is no longer here; choose it again.")
_TOKEN = re.compile(r"[0-9a-f]{32}")


def folder() -> Path:
    path = Path(tempfile.gettempdir()) / f"easytrack-imports-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _path(user_id: int, token: str) -> Path:
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ImportFailed(EXPIRED)
    return folder() / f"{user_id}-{token}.upload"


def _sweep(user_id: int) -> int:
    """Remove expired files and the user's own; return how many files remain."""
    remaining = 0
    for path in folder().glob("*.upload"):
        try:
            if path.name.startswith(f"{user_id}-") or time.time() - path.stat().st_mtime > TTL:
                path.unlink()
            else:
                remaining += 1
        except FileNotFoundError:
            continue
    return remaining


def save(user_id: int, data: bytes) -> str:
    """Keep `data` for the user (replacing an earlier upload); return its token.

    Raises:
        ImportBusy: if MAX_FILES uploads of other users are waiting.
    """
    if _sweep(user_id) >= MAX_FILES:
        raise ImportBusy("The server is busy with other imports; please try again in a few minutes.")
    token = secrets.token_hex(16)
    path = _path(user_id, token)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return token


def load(user_id: int, token: str) -> bytes:
    """The user's kept upload `token`.

    Raises:
        ImportFailed: if it expired, was replaced, or is not this user's.
    """
    path = _path(user_id, token)
    try:
        if time.time() - path.stat().st_mtime > TTL:
            raise ImportFailed(EXPIRED)
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(EXPIRED) from None


def drop(user_id: int, token: str) -> None:
    """Forget the user's kept upload `token` (nothing happens if it is gone)."""
    try:
        _path(user_id, token).unlink(missing_ok=True)
    except ImportFailed:
        return
