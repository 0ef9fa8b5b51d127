"""Every service that locks rows runs in a transaction of its own.

``select_for_update`` outside a transaction is an error on PostgreSQL, and SQLite ignores it: a service
that forgot its ``@transaction.atomic`` passes every test on SQLite and inside the test's own
transaction on PostgreSQL, and fails only when a view calls it. So the rule is read from the source:
a public function of a ``services`` module that locks (itself, or through a helper of the same module)
must be decorated with ``transaction.atomic`` or open one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import vielfalt

ROOT = Path(vielfalt.__file__).parent


def _calls(function: ast.FunctionDef) -> set[str]:
    return {
        node.func.id for node in ast.walk(function) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def _is_atomic(function: ast.FunctionDef) -> bool:
    if any("atomic" in ast.unparse(decorator) for decorator in function.decorator_list):
        return True
    return any(
        isinstance(node, ast.With) and any("atomic" in ast.unparse(item.context_expr) for item in node.items)
        for node in ast.walk(function)
    )


def _unprotected_locks(path: Path) -> list[str]:
    functions = {node.name: node for node in ast.parse(path.read_text()).body if isinstance(node, ast.FunctionDef)}
    locking = {name for name, function in functions.items() if "select_for_update" in ast.unparse(function)}
    grown = True
    while grown:  # a function that calls a locking helper without a transaction of its own locks too
        unprotected = {name for name in locking if not _is_atomic(functions[name])}
        more = {name for name, function in functions.items() if _calls(function) & unprotected} - locking
        locking |= more
        grown = bool(more)
    return [
        f"{path.relative_to(ROOT)}: {name}"
        for name in sorted(locking)
        if not name.startswith("_") and not _is_atomic(functions[name])
    ]


def test_services_that_lock_rows_are_atomic() -> None:
    modules = sorted(ROOT.rglob("services.py"))
    assert len(modules) > 15
    assert [problem for path in modules for problem in _unprotected_locks(path)] == []
