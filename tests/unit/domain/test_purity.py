"""The domain imports nothing but the standard library and itself."""

import ast
import sys
from pathlib import Path

import easytrack.domain

DOMAIN = Path(easytrack.domain.__file__).parent
FORBIDDEN_ANYWHERE = {"reflex", "sqlmodel", "sqlalchemy"}


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.add("." * node.level + (node.module or ""))
            else:
                names.add(node.module or "")
    return names


def _allowed(name: str) -> bool:
    if name.startswith("easytrack.domain"):
        return True
    return name.split(".")[0] in sys.stdlib_module_names


def test_domain_modules_exist():
    assert len(list(DOMAIN.glob("*.py"))) >= 9


def test_domain_imports_only_stdlib_and_itself():
    offenders = {
        f"{path.name}: {name}"
        for path in sorted(DOMAIN.glob("*.py"))
        for name in _imported_modules(path)
        if not _allowed(name)
    }
    assert not offenders, f"domain must stay pure (stdlib only): {sorted(offenders)}"


def test_domain_uses_absolute_imports_and_no_orm_or_ui():
    for path in DOMAIN.glob("*.py"):
        names = _imported_modules(path)
        assert not any(n.startswith(".") for n in names), path.name
        assert not {n.split(".")[0] for n in names} & FORBIDDEN_ANYWHERE, path.name


def test_domain_never_reads_the_clock():
    for path in DOMAIN.glob("*.py"):
        text = path.read_text()
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert call not in text, f"{path.name} reads the clock via {call}"
