"""Test factories: habit histories written as day offsets before a fixed today."""

from datetime import date, timedelta

from easytrack.domain.marks import State

TODAY = date(2025, 3, 12)  # a Wednesday


def ago(*offsets: int, today: date = TODAY) -> list[date]:
    """Return the days `offsets` days before `today` (0 = today)."""
    return [today - timedelta(days=o) for o in offsets]


def history(done=(), skip=(), no=(), *, today: date = TODAY) -> dict[date, State]:
    """Return entries with DONE/SKIP/NO on the given day offsets before `today`."""
    entries: dict[date, State] = {}
    for state, offsets in ((State.DONE, done), (State.SKIP, skip), (State.NO, no)):
        entries.update(dict.fromkeys(ago(*offsets, today=today), state))
    return entries


def amounts(by_offset: dict[int, float], *, today: date = TODAY) -> dict[date, float]:
    """Return measurable amounts keyed by the day `offset` days before `today`."""
    return {today - timedelta(days=o): v for o, v in by_offset.items()}
