"""Hostile imports at small scale: each attack is refused (or parsed) within a bound of CPU time and memory.

Each case runs in a fresh Python process, so the peak resident memory it reports is the attack's own:
the file is built first, then `ru_maxrss` and the CPU clock are read around parsing it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
_RUNNER = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from easytrack.services.errors import ValidationError
from easytrack.services.transfer import importer
{build}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
try:
    parsed = importer._parse(data)
    outcome = "parsed %d days" % sum(len(h.checkins) for h in parsed.habits)
except ValidationError as exc:
    outcome = "refused: " + exc.message
cpu = time.process_time() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({{"outcome": outcome, "cpu": cpu, "mb": grown, "size": len(data)}}))
"""


def _attack(build: str, tmp_path: Path) -> dict:
    """Run `build` (which sets `data` to the file's bytes; `tmp` is a scratch folder), then parse `data`."""
    code = _RUNNER.format(root=str(ROOT), build=f"tmp = Path({str(tmp_path)!r})\n" + textwrap.dedent(build))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


_LOOP_DB = """
import sqlite3
from tests.fixtures.transfer import loop_db_v25
loop_db_v25(tmp)
conn = sqlite3.connect(tmp / "backup.db")
conn.executescript(
    "DROP TABLE Repetitions;"
    "CREATE TABLE Repetitions (id INTEGER PRIMARY KEY, habit INTEGER, timestamp INTEGER, value INTEGER);"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) "
    "INSERT INTO Repetitions (habit, timestamp, value) SELECT 1, -2208988800000 + i * 86400000, 2 FROM n;"
    "ALTER TABLE Repetitions ADD COLUMN notes TEXT DEFAULT '" + {default} + "';"
)
conn.commit()
conn.execute("VACUUM")
conn.close()
data = (tmp / "backup.db").read_bytes()
"""


def test_loop_db_with_a_1_mb_column_default_is_refused_at_once(tmp_path):
    # The attack of the issue: a small file whose every row reads a 1 MB DEFAULT (44.5 s and +198 MB before).
    result = _attack(_LOOP_DB.format(rows=2000, default='"x" * (1 << 20)'), tmp_path)
    assert result["size"] < 2 << 20
    assert result["outcome"].startswith("refused: The database holds a value longer than 64 KB")
    assert result["cpu"] < 0.5 and result["mb"] < 20, result


def test_loop_db_with_a_default_under_the_value_limit_is_refused_by_the_text_budget(tmp_path):
    result = _attack(_LOOP_DB.format(rows=100_000, default='"x" * 60_000'), tmp_path)
    assert result["outcome"].startswith("refused: The database holds more than 10,000,000 characters of text")
    assert result["cpu"] < 2 and result["mb"] < 40, result


def test_loop_db_with_more_days_than_the_row_limit_is_refused_before_reading_them(tmp_path):
    result = _attack(_LOOP_DB.format(rows=260_000, default='""'), tmp_path)
    assert result["outcome"] == "refused: The database holds more than 250,000 days of history; split it into smaller files."
    assert result["cpu"] < 0.5 and result["mb"] < 10, result


def test_the_largest_loop_db_allowed_parses_within_its_bound(tmp_path):
    result = _attack(_LOOP_DB.format(rows=240_000, default='"a short note"'), tmp_path)
    assert result["outcome"] == "parsed 240000 days"
    assert result["cpu"] < 10 and result["mb"] < 120, result


def test_json_with_millions_of_values_is_refused_before_it_is_parsed(tmp_path):
    result = _attack('data = b\'{"format": "easytrack", "version": 1, "habits": [\' + b"[]," * 2_500_000 + b"[]]}"',
                     tmp_path)
    assert result["outcome"].startswith("refused: The file holds more than 2,000,000 values")
    assert result["cpu"] < 0.5 and result["mb"] < 10, result


def test_beaver_json_with_a_20_mb_note_costs_no_more_than_a_short_one(tmp_path):
    build = """
    doc = {"user_email": "x", "habits": [{"id": "1", "name": "Gym", "records": [
        {"day": "2024-01-01", "done": True, "text": "long " * 3_900_000}]}]}
    data = json.dumps(doc).encode()
    """
    result = _attack(build, tmp_path)
    assert result["outcome"] == "parsed 1 days"
    assert result["cpu"] < 0.5 and result["mb"] < 60, result


def test_beaver_json_with_more_days_than_the_row_limit_is_refused(tmp_path):
    build = """
    records = [{"day": "2024-01-01"}] * 260_000
    data = json.dumps({"user_email": "x", "habits": [{"id": "1", "name": "Gym", "records": records}]}).encode()
    """
    result = _attack(build, tmp_path)
    assert result["outcome"] == "refused: The file holds more than 250,000 days of history; split it into smaller files."


def test_loop_csv_zip_with_more_days_than_the_row_limit_is_refused(tmp_path):
    build = """
    from tests.fixtures.transfer import LOOP_CURRENT, make_zip
    from datetime import date, timedelta
    rows = "".join(f"{date(1900, 1, 1) + timedelta(days=i)},YES_MANUAL,\\n" for i in range(260_000))
    data = make_zip({**LOOP_CURRENT, "001 Floss/Checkmarks.csv": "Date,Value,Notes\\n" + rows})
    """
    result = _attack(build, tmp_path)
    assert result["outcome"] == "refused: The zip file holds more than 250,000 days of history; split it into smaller files."
    assert result["cpu"] < 1, result


def test_loop_csv_with_long_notes_on_every_day_is_cut_within_its_bound(tmp_path):
    build = """
    from datetime import date, timedelta
    from tests.fixtures.transfer import LOOP_CURRENT, make_zip
    import random
    note = "".join(random.Random(1).choices("abcdefghijklmnopqrstuvwxyz ", k=100_000))  # no zip bomb
    rows = "".join(f"{date(2000, 1, 1) + timedelta(days=i)},YES_MANUAL,{note}\\n" for i in range(200))
    data = make_zip({**LOOP_CURRENT, "001 Floss/Checkmarks.csv": "Date,Value,Notes\\n" + rows})
    """
    result = _attack(build, tmp_path)  # 20 MB of notes read; each is cut to 1,000 characters
    assert result["outcome"] == "parsed 205 days"
    assert result["cpu"] < 2 and result["mb"] < 150, result
