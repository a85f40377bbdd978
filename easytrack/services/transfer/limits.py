"""Limits for hostile uploads, checked before the work they bound: sizes, rows, values, zip members, JSON."""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from datetime import date

from easytrack.domain.calendar import MAX_YEAR, MIN_YEAR, parse_day
from easytrack.i18n import N_
from easytrack.services.transfer.types import Count, FileTooLarge, ImportFailed, Text

MAX_UPLOAD = 20 * 1024 * 1024  # bytes
MAX_MEMBERS = 2000
MAX_UNZIPPED = 100 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_READ = 32 * 1024 * 1024  # bytes of zip members actually read (Habits.csv and the Checkmarks.csv files)
MAX_HABITS = 2000
MAX_ROWS = 250_000  # days of history in one file (a heavy user: 50 habits x 10 years = 182,500)
MAX_JSON_VALUES = 8 * MAX_ROWS  # JSON commas + brackets, counted before parsing: bounds json.loads' memory
MAX_VALUE = 64 * 1024  # bytes (Loop .db) or characters (text) of one value, before it is cut to its field
MAX_AMOUNT = 1e6
NAME_MAX, NOTE_MAX, DESCRIPTION_MAX, QUESTION_MAX, UNIT_MAX = 100, 1000, 1000, 200, 20
# Control characters (Unicode category Cc) and lone surrogates (Cs), without and with \t and \n allowed.
_BAD_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_DAY_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # what parse_day takes, told apart in its refusals
_BAD_CHARS_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class Warnings(list):
    """The warnings of one file: the first MAX_KEPT are kept, the rest only counted (a crafted file can
    cause one per row)."""

    MAX_KEPT = 100

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def append(self, item: Text) -> None:
        if len(self) < self.MAX_KEPT:
            super().append(item)
        else:
            self.dropped += 1

    def as_tuple(self) -> tuple[Text, ...]:
        more = (more_warnings(self.dropped),) if self.dropped else ()
        return (*self, *more)


def more_warnings(n: int) -> Text:
    return Text(N_("… and {n} more warnings."), n=Count(n))


def at_line(where: str, line: int) -> Text:
    """A place in a CSV file: "Habits.csv line 4"."""
    return Text(N_("{file} line {line}"), file=where, line=line)


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
        raise ImportFailed("{where}: the file is not UTF-8 text.", where=where) from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def load_json(data: bytes) -> object:
    """Parse UTF-8 JSON (NaN and Infinity refused); raise ImportFailed when it is not valid JSON."""
    values = sum(data.count(c) for c in (b",", b"[", b"{"))  # about the values json.loads would make
    if values > MAX_JSON_VALUES:
        raise ImportFailed("The file holds more than {n} values; split it into smaller files.", n=Count(MAX_JSON_VALUES))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed("The file is not UTF-8 text.") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ImportFailed("The JSON file is nested too deeply.") from None
    except ValueError as exc:
        raise ImportFailed("The file is not valid JSON ({detail}).", detail=str(exc)[:80]) from None


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
            raise ImportFailed("The zip file holds more than {n} files.", n=Count(MAX_MEMBERS))
        if sum(i.file_size for i in infos) > MAX_UNZIPPED:
            raise ImportFailed("The zip file unpacks to more than 100 MB.")
        for info in infos:
            _check_member(info)
        if len({i.filename for i in infos}) != len(infos):
            raise ImportFailed("The zip file holds two files with the same name.")
        self.infos = {i.filename: i for i in infos}
        self._read = 0
        self._lines = 0

    def read(self, name: str) -> bytes:
        """Return member `name`'s bytes, stopping once it outgrows its declared size or the total cap."""
        info = self.infos[name]
        limit = min(info.file_size, MAX_READ - self._read)
        try:
            with self._zip.open(info) as fh:
                raw = fh.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError, NotImplementedError):
            raise ImportFailed("{name}: this file in the zip is damaged or encrypted.", name=name) from None
        if len(raw) > limit:
            if limit < info.file_size:
                raise ImportFailed("The habit files in the zip hold more than {n} MB.", n=MAX_READ >> 20)
            raise ImportFailed("{name}: this file in the zip is longer than the zip says (damaged?).", name=name[:80])
        self._read += len(raw)
        self._lines += raw.count(b"\n")
        check_rows(self._lines, ZIP_ROWS)
        return raw


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if _bad_member_name(name):
        raise ImportFailed("The zip file holds a file with an unsafe name: {name}.", name=repr(name[:80]))
    if info.flag_bits & 0x1:
        raise ImportFailed("The zip file is encrypted.")
    big = info.file_size > RATIO_FLOOR
    if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ImportFailed("{name}: compressed suspiciously well (a zip bomb?); not imported.", name=name[:80])


def clean_text(value: object, *, max_len: int, where: str, warnings: list[Text], multiline: bool = True) -> str:
    """Return `value` trimmed, without control characters, cut to `max_len` (with a warning)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFailed("{where}: expected text.", where=where)
    if len(value) > 2 * max_len + 100:  # bound the per-character work below (what is cut is lost anyway)
        value = value[: 2 * max_len + 100]
    text = (_BAD_CHARS_MULTILINE if multiline else _BAD_CHARS).sub("", value).strip()
    if len(text) > max_len:
        warnings.append(Text(N_("{where}: cut to {n} characters."), where=where, n=Count(max_len)))
        text = text[:max_len].rstrip()
    return text


FILE_ROWS = N_("The file holds more than {n} days of history; split it into smaller files.")
DATABASE_ROWS = N_("The database holds more than {n} days of history; split it into smaller files.")
ZIP_ROWS = N_("The zip file holds more than {n} days of history; split it into smaller files.")


def check_rows(count: int, refusal: str) -> None:
    """Refuse a file whose `count` rows of history exceed MAX_ROWS (before they are parsed), saying
    `refusal` (FILE_ROWS, DATABASE_ROWS or ZIP_ROWS)."""
    if count > MAX_ROWS:
        raise ImportFailed(refusal, n=Count(MAX_ROWS))


def clean_name(value: object, *, where: str, warnings: list[Text]) -> str:
    """Return a habit or group name of 1..100 characters (longer ones cut, with a warning)."""
    name = clean_text(value, max_len=NAME_MAX, where=where, warnings=warnings, multiline=False)
    while len(name.casefold()) > NAME_MAX:  # casefold can lengthen ("ß" -> "ss")
        name = name[:-1]
    if not name:
        raise ImportFailed("{where}: a habit or group has no name.", where=where)
    return name


def check_amount(value: object, *, where: str) -> float:
    """Return `value` as a float if it is a finite number in 0..1e6."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ImportFailed("{where}: the amount is not a number.", where=where)
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not 0 <= number <= MAX_AMOUNT:
        raise ImportFailed("{where}: the amount must be between 0 and {max}.", where=where, max=Count(MAX_AMOUNT))
    return number


def check_day(text: object, *, where: str) -> date:
    """Parse a YYYY-MM-DD day in 1900..9998, or raise naming `where`."""
    try:
        return parse_day(text)
    except ValueError:
        pass
    if not isinstance(text, str) or not _DAY_SHAPE.fullmatch(text):
        raise ImportFailed("{where}: expected a day as YYYY-MM-DD, got {value}.", where=where,
                           value=repr(str(text)[:20]))
    try:
        year = date.fromisoformat(text).year
    except ValueError:
        raise ImportFailed("{where}: {value} is not a real calendar day.", where=where, value=repr(text)) from None
    raise ImportFailed("{where}: year must be between {min} and {max}, got {year}.", where=where, min=MIN_YEAR,
                       max=MAX_YEAR, year=year)


def check_day_ordinal(day_number: int, *, where: str) -> date:
    """Return the day `day_number` days after 1970-01-01, if it lies in 1900..9998."""
    low, high = date(1900, 1, 1).toordinal(), date(9998, 12, 31).toordinal()
    ordinal = date(1970, 1, 1).toordinal() + day_number
    if not low <= ordinal <= high:
        raise ImportFailed("{where}: a day outside the years 1900 to 9998.", where=where)
    return date.fromordinal(ordinal)
