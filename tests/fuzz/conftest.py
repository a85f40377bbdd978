"""Report how many generated cases the fuzz suite ran."""

from __future__ import annotations

from tests.fuzz import stats


def pytest_terminal_summary(terminalreporter):
    if stats.cases:
        handlers = sum(n for k, n in stats.cases.items() if not k.startswith("domain:"))
        domain = sum(n for k, n in stats.cases.items() if k.startswith("domain:"))
        terminalreporter.write_line(
            f"fuzz: {handlers} handler cases over {sum(not k.startswith('domain:') for k in stats.cases)} handlers, "
            f"{domain} domain property cases"
        )
