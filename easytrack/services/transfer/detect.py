"""Which importer a file needs, told from its bytes (never from its name)."""

from __future__ import annotations

from easytrack.i18n import N_
from easytrack.services.transfer import beaver, native
from easytrack.services.transfer.limits import SafeZip, check_size, load_json
from easytrack.services.transfer.loop_csv import habits_header, is_legacy
from easytrack.services.transfer.types import Format, ImportFailed

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
UNKNOWN = N_(
    "This file's format is not recognised. easytrack imports Loop Habit Tracker exports (.zip or .db), "
    "Beaver Habit Tracker exports (.json) and its own JSON exports."
)
OUR_CSV = N_("This is an easytrack spreadsheet (CSV) export; to restore data, import the JSON export instead.")


def sniff(data: bytes) -> tuple[Format, object]:
    """Return the format and what its parser takes: the bytes, or the parsed JSON document."""
    if data.startswith(ZIP_MAGICS):
        z = SafeZip(data)
        if "habits.csv" in z.infos and "checkins.csv" in z.infos:
            raise ImportFailed(OUR_CSV)
        _, rows = habits_header(z)
        return (Format.LOOP_CSV_LEGACY if is_legacy(rows[0][1]) else Format.LOOP_CSV), data
    if data.startswith(SQLITE_MAGIC):
        return Format.LOOP_DB, data
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        doc = load_json(data)
        if native.looks_like(doc):
            return Format.NATIVE, doc
        if beaver.looks_like(doc):
            return Format.BEAVER, doc
        raise ImportFailed("This JSON file is not a Beaver Habit Tracker or easytrack export.")
    raise ImportFailed(UNKNOWN)


def detect_format(data: bytes) -> Format:
    """Return the format of an upload: a Loop CSV zip (current or legacy, by the Habits.csv header),
    a Loop SQLite backup, a Beaver JSON export or an easytrack JSON export.

    Raises:
        ImportFailed: for anything else (FileTooLarge over 20 MB), with a message for the user.
    """
    return sniff(check_size(data))[0]
