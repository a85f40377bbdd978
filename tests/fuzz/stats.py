"""How many generated cases each fuzz test ran (reported at the end of the run, for docs/reliability.md)."""

from __future__ import annotations

from collections import Counter

cases: Counter[str] = Counter()


def count(key: str) -> None:
    cases[key] += 1
