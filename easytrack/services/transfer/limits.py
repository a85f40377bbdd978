"""Limits for hostile uploads: sizes, zip members read in memory, UTF-8 text, JSON, cleaned fields."""

from __future__ import annotations

import io
import json
import math
import unicodedata
import zipfile
from datetime import date

from easytrack.domain.calendar import parse_day
from easytrack.services.transfer.types import FileTooLarge, ImportFailed

MAX_UPLOAD = 20 * 1024 * 1024  # bytes
MAX_MEMBERS = 2000
MAX_UNZIPPED = 100 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_HABITS = 2000
MAX_AMOUNT = 1e6
NAME_MAX, NOTE_MAX, DESCRIPTION_MAX, QUESTION_MAX, UNIT_MAX = 100, 1000, 1000, 200, 20
_LINE_BREAKS = frozenset("\n\t")


def check_size(data: object) -> bytes:
    """Return `data` if it is bytes of at most MAX_UPLOAD; raise FileTooLarge or ImportFailed."""
    if not isinstance(data, (bytes, bytearray)):
        raise ImportFailed("No file was uploaded.")
    if len(data) > MAX_UPLOAD:
        raise FileTooLarge("The file is larger than 20 MB.")
    if not data:
        raise ImportFailed("The file is empty.")
    return bytes(data)


def decode_text(raw: bytes, where: str) -> str:
    """Decode UTF-8 (a BOM is allowed); anything else is an error naming `where`."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{where}: the file is not UTF-8 text.") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def load_json(data: bytes) -> object:
    """Parse UTF-8 JSON (NaN and Infinity refused); raise ImportFailed when it is not valid JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed("The file is not UTF-8 text.") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ImportFailed("The JSON file is nested too deeply.") from None
    except ValueError as exc:
        raise ImportFailed(f"The file is not valid JSON ({str(exc)[:80]}).") from None


def _bad_member_name(name: str) -> bool:
    parts = name.rstrip("/").split("/")
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or ":" in name
        or "\x00" in name
        or any(p in ("", ".", "..") for p in parts)
    )


class SafeZip:
    """A zip read only in memory: member names checked, sizes capped while reading (no extraction)."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise ImportFailed("The zip file is damaged or not a zip file.") from None
        if len(infos) > MAX_MEMBERS:
            raise ImportFailed(f"The zip file holds more than {MAX_MEMBERS:,} files.")
        if sum(i.file_size for i in infos) > MAX_UNZIPPED:
            raise ImportFailed("The zip file unpacks to more than 100 MB.")
        for info in infos:
            _check_member(info)
        if len({i.filename for i in infos}) != len(infos):
            raise ImportFailed("The zip file holds two files with the same name.")
        self.infos = {i.filename: i for i in infos}
        self._read = 0

    def read(self, name: str) -> bytes:
        """Return member `name`'s bytes, stopping once it outgrows its declared size or the total cap."""
        info = self.infos[name]
        limit = min(info.file_size, MAX_UNZIPPED - self._read)
        try:
            with self._zip.open(info) as fh:
                raw = fh.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError, NotImplementedError):
            raise ImportFailed(f"{name}: this file in the zip is damaged or encrypted.") from None
        if len(raw) > limit:
            raise ImportFailed("The zip file unpacks to more than 100 MB.")
        self._read += len(raw)
        return raw


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if _bad_member_name(name):
        raise ImportFailed(f"The zip file holds a file with an unsafe name: {name[:80]!r}.")
    if info.flag_bits & 0x1:
        raise ImportFailed("The zip file is encrypted.")
    big = info.file_size > RATIO_FLOOR
    if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ImportFailed(f"{name[:80]}: compressed suspiciously well (a zip bomb?); not imported.")


def clean_text(value: object, *, max_len: int, where: str, warnings: list[str], multiline: bool = True) -> str:
    """Return `value` trimmed, without control characters, cut to `max_len` (with a warning)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFailed(f"{where}: expected text.")
    text = "".join(ch for ch in value if not _bad_char(ch, multiline)).strip()
    if len(text) > max_len:
        warnings.append(f"{where}: cut to {max_len:,} characters.")
        text = text[:max_len].rstrip()
    return text


def _bad_char(ch: str, multiline: bool) -> bool:
    category = unicodedata.category(ch)
    if category == "Cs":
        return True
    return category == "Cc" and not (multiline and ch in _LINE_BREAKS)


def clean_name(value: object, *, where: str, warnings: list[str]) -> str:
    """Return a habit or group name of 1..100 characters (longer ones cut, with a warning)."""
    name = clean_text(value, max_len=NAME_MAX, where=where, warnings=warnings, multiline=False)
    while len(name.casefold()) > NAME_MAX:  # casefold can lengthen ("ß" -> "ss")
        name = name[:-1]
    if not name:
        raise ImportFailed(f"{where}: a habit or group has no name.")
    return name


def check_amount(value: object, *, where: str) -> float:
    """Return `value` as a float if it is a finite number in 0..1e6."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ImportFailed(f"{where}: the amount is not a number.")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not 0 <= number <= MAX_AMOUNT:
        raise ImportFailed(f"{where}: the amount must be between 0 and 1,000,000.")
    return number


def check_day(text: object, *, where: str) -> date:
    """Parse a YYYY-MM-DD day in 1900..9998, or raise naming `where`."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise ImportFailed(f"{where}: {exc}.") from None


def check_day_ordinal(day_number: int, *, where: str) -> date:
    """Return the day `day_number` days after 1970-01-01, if it lies in 1900..9998."""
    low, high = date(1900, 1, 1).toordinal(), date(9998, 12, 31).toordinal()
    ordinal = date(1970, 1, 1).toordinal() + day_number
    if not low <= ordinal <= high:
        raise ImportFailed(f"{where}: a day outside the years 1900 to 9998.")
    return date.fromordinal(ordinal)
