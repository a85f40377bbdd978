"""Stored check-in states and the one-character cells of a grid row."""

from enum import Enum


class State(str, Enum):
    """What a user entered for one habit on one day (absence means nothing entered)."""

    DONE = "done"
    SKIP = "skip"
    NO = "no"


class Cell(str, Enum):
    """One character of a compact grid row, as the UI renders it."""

    EMPTY = "0"  # past or today, nothing entered, the schedule requires the day
    DONE = "1"
    SKIP = "s"
    NO = "x"
    NOT_NEEDED = "-"  # the schedule does not require the day and nothing was entered
    FUTURE = "f"
    PARTIAL = "p"  # measurable: an amount was entered but the day's target is not met
