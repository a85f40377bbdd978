"""Importers (Loop CSV and SQLite, Beaver JSON, our own JSON) and exporters (JSON, CSV zip).

Decisions worth knowing:
- Loop `YES_AUTO`/`UNKNOWN` days are not stored (we derive auto days ourselves); notes on such days are
  dropped with a warning. `NO` on a measurable habit is stored as state "no" with amount 0.
- Loop targets sum the last `den` days; the value is kept unchanged and the period named by the window
  (1 → day, 7 → week, 30/31 → month; any other N → "days:N"), so strength scores stay Loop's.
- Legacy Loop CSV has no habit type: a habit whose values are amounts is imported as measurable.
- Beaver: the first tag becomes the group; `#skip` in a note → skip; `done: false` → no; W/M periods of
  one calendar week/month map exactly, other periods to the closest "times in days" (warned).
- Names over 100 characters (and over-long texts) are cut with a warning; empty names are errors.
- Re-importing never deletes and never renames; see `plan` for how habits are matched (by source key,
  Loop's uuid or its CSV key, then by name) and `apply_checkins` for how writes are batched.
- Limits (`limits`) are checked before the work they bound: 20 MB, 250,000 days, 64 KB a value.
"""

from easytrack.services.transfer.detect import detect_format
from easytrack.services.transfer.export import export_csv_zip, export_json
from easytrack.services.transfer.importer import import_file
from easytrack.services.transfer.importer import preview_file
from easytrack.services.transfer.types import (
    Action,
    FileTooLarge,
    Format,
    HabitPlan,
    ImportBusy,
    ImportFailed,
    ImportPreview,
    ImportSummary,
)

__all__ = [
    "Action",
    "FileTooLarge",
    "Format",
    "HabitPlan",
    "ImportBusy",
    "ImportFailed",
    "ImportPreview",
    "ImportSummary",
    "detect_format",
    "export_csv_zip",
    "export_json",
    "import_file",
    "preview_file",
]
