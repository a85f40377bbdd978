"""Our strength scores reproduce Loop's own Scores.csv, every habit and every day, to 4 decimals."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from easytrack.domain.frequency import Schedule
from easytrack.domain.marks import State
from easytrack.domain.scores import score_series

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
SAMPLES = SHARED / "samples"
EXPORTS = [SAMPLES / "loop-csv", SAMPLES / "loop-real" / "csv_export"]
WORDS = {"YES_MANUAL": State.DONE, "NO": State.NO, "SKIP": State.SKIP}  # YES_AUTO, UNKNOWN: nothing

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"shared Loop samples not found at {SAMPLES} (fresh clone)"
)


def _habits() -> list[tuple[Path, dict]]:
    found = []
    for export in EXPORTS:
        if not export.is_dir():
            continue
        with open(export / "Habits.csv", newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                folder = next(export.glob(f"{row['Position']}*"))  # matched by 3-digit position
                found.append((folder, row))
    return found


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _entries(folder: Path, measurable: bool) -> dict[date, State | float]:
    entries: dict[date, State | float] = {}
    for row in _read(folder / "Checkmarks.csv"):
        day, value = date.fromisoformat(row["Date"]), row["Value"]
        if value in WORDS:
            entries[day] = 0.0 if measurable and value == "NO" else WORDS[value]
        elif value.lstrip("-").isdigit():
            entries[day] = int(value) / 1000
    return entries


def _ours(folder: Path, habit: dict, start: date, end: date) -> dict[date, float]:
    measurable = habit["Type"] == "NUMERICAL"
    num, den = int(habit["FrequencyNumerator"]), int(habit["FrequencyDenominator"])
    num, den = Schedule.from_loop(num, den).as_fraction()  # what we store must score the same
    series = score_series(
        _entries(folder, measurable),
        num=num,
        den=den,
        start=start,
        end=end,
        measurable=measurable,
        target_value=float(habit["Target Value"] or 0),
        at_most=habit["Target Type"] == "AT_MOST",
    )
    return dict(series)


HABITS = _habits() if SAMPLES.is_dir() else []


@pytest.mark.parametrize(
    ("folder", "habit"), HABITS, ids=[str(f.relative_to(SAMPLES)) for f, _ in HABITS]
)
def test_score_matches_loop_every_day(folder, habit):
    loop = {date.fromisoformat(r["Date"]): r["Score"] for r in _read(folder / "Scores.csv")}
    ours = _ours(folder, habit, min(loop), max(loop))
    assert sorted(ours) == sorted(loop)
    mismatches = {d: (f"{ours[d]:.4f}", s) for d, s in loop.items() if f"{ours[d]:.4f}" != s}
    assert not mismatches
    assert max(abs(ours[d] - float(s)) for d, s in loop.items()) <= 0.00005


def test_loop_samples_were_found():
    assert len(HABITS) == 5


def test_score_on_export_day_matches_expected_json():
    expected = json.loads((SAMPLES / "loop-csv.expected.json").read_text())
    export_day = date.fromisoformat(expected["export_day"])
    by_position = {int(h["Position"]): (f, h) for f, h in HABITS if f.parent.name == "loop-csv"}
    for item in expected["habits"]:
        folder, habit = by_position[item["position"]]
        start = min(date.fromisoformat(r["Date"]) for r in _read(folder / "Scores.csv"))
        ours = _ours(folder, habit, start, export_day)[export_day]
        assert round(ours, 4) == item["score_on_export_day"], item["name"]
