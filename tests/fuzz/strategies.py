"""Hypothesis strategies for what a crafted websocket message can carry (any JSON, and then some)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

NASTY_TEXT = [
    "", " ", "\u200b", "\u202eevil\u202c", "שלום עולם", "مرحبا", "👩‍👩‍👧‍👦🔥", "\ud800", "a\udfffb", "\x00", "\n\r\t",
    "²", "٣", "1e309", "nan", "-inf", "Infinity", "0x10", "1_000", " 7 ", "DELETE", "<script>alert(1)</script>",
    "' OR 1=1 --", "%s%n", "x" * 101, "x" * 1001, "y" * 100_000, "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "İ", "ß" * 60,
]
NASTY_DAYS = ["0001-01-01", "1899-12-31", "1900-01-01", "9998-12-31", "9999-12-31", "2026-02-29", "2024-02-29",
              "2026-13-01", "2026-00-10", "+2026-01-01", "2026-1-1", "２０２６-０１-０１", "2026-01-01T00:00"]
NUMBERS = [0, -1, 1, 2**31, 2**63, -(2**63), 10**30, 1.5, -0.0, float("inf"), float("-inf"), float("nan"), 1e308]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(NUMBERS), st.floats(allow_nan=True),
    st.text(st.characters(exclude_categories=()), max_size=40),  # every code point, lone surrogates too
    st.sampled_from(NASTY_TEXT), st.sampled_from(NASTY_DAYS),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def form(keys: list[str], plausible: dict[str, object]) -> st.SearchStrategy:
    """A form dict with the expected keys: each a plausible value or anything, sometimes with extra keys."""
    fields = {k: st.one_of(st.just(plausible.get(k, "")), anything) for k in keys}
    return st.one_of(
        st.fixed_dictionaries(fields),
        st.fixed_dictionaries(fields, optional={"__extra__": anything}),
        anything,
    )
