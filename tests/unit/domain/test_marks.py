"""Stored states and grid cells keep their storage values."""

from easytrack.domain.marks import Cell, State


def test_states_store_as_short_words():
    assert [s.value for s in State] == ["done", "skip", "no"]
    assert State("skip") is State.SKIP


def test_cells_are_single_distinct_characters():
    values = [c.value for c in Cell]
    assert all(len(v) == 1 for v in values)
    assert len(set(values)) == len(values)
    assert Cell.EMPTY == "0" and Cell.DONE == "1" and Cell.NOT_NEEDED == "-"
