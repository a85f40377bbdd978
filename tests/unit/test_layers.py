"""The layers import one way: domain is pure, services never import Reflex, components never touch the DB."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "easytrack"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: p.name)
def test_domain_imports_only_the_standard_library(path):
    foreign = {n for n in _imports(path) if _top(n) not in sys.stdlib_module_names and not n.startswith("easytrack.domain")}
    assert foreign == set()


@pytest.mark.parametrize("path", _modules("services"), ids=lambda p: p.name)
def test_services_never_import_reflex_or_ui_layers(path):
    bad = {n for n in _imports(path) if _top(n) == "reflex" or n.startswith(("easytrack.state", "easytrack.pages",
                                                                                "easytrack.components"))}
    assert bad == set()


@pytest.mark.parametrize("path", _modules("components"), ids=lambda p: p.name)
def test_components_never_query_the_database(path):
    bad = {n for n in _imports(path) if n.startswith(("easytrack.db", "easytrack.models", "easytrack.services",
                                                        "sqlalchemy", "sqlmodel"))}
    assert bad == set()
