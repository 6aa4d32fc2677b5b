"""Units a maintainer can read: no function in book/ over 60 lines, no module over 400.

The limits are the issue's ("about 60", "about 400"); a longer unit is split by job
(see the module maps in book/charts, book/compare, book/rules, book/sphinxext ...).
"""

from __future__ import annotations

import ast

from conftest import ROOT

FUNCTION_LINES = 60
MODULE_LINES = 400
MODULES = sorted((ROOT / "book").rglob("*.py"))


def test_no_function_is_longer_than_a_screen() -> None:
    long = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > FUNCTION_LINES:
                    where = path.relative_to(ROOT)
                    long.append(f"{where}:{node.lineno} {node.name}: {lines} lines")
    assert len(MODULES) > 50
    assert not long, "split these functions:\n" + "\n".join(long)


def test_no_module_is_longer_than_it_needs_to_be() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in MODULES
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]
    assert not long, "split these modules by job:\n" + "\n".join(long)
