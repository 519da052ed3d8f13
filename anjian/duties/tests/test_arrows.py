"""The arrows point one way: the emergency and people apps call the duties' service when a drill or a training does a
duty (十个一次); the duties app imports neither of them, so there is no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import anjian.duties

CALLERS = ("anjian.emergency", "anjian.people")


def imported(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_the_duties_app_imports_neither_emergency_nor_people():
    root = Path(anjian.duties.__file__).parent
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        assert not [n for n in imported(path) if n.startswith(CALLERS)], path
