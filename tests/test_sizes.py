"""House rule: no module in companion/ over 600 lines, no function over 100."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import companion

PACKAGE = Path(companion.__file__).resolve().parent
ROOT = PACKAGE.parent
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 100

MODULES = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py"))


def _long_functions(source: str) -> list[str]:
    return [
        f"{node.name} (line {node.lineno}, {node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


@pytest.mark.parametrize("module", MODULES)
def test_module_and_its_functions_are_short(module: str) -> None:
    source = (ROOT / module).read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    assert _long_functions(source) == []


@pytest.mark.parametrize(
    ("source", "long"),
    [
        ("def f():\n" + "    x = 1\n" * 99, []),  # 100 lines: allowed
        ("def f():\n" + "    x = 1\n" * 100, ["f (line 1, 101 lines)"]),
        ("class C:\n    async def g(self):\n" + "        x = 1\n" * 100, ["g (line 2, 101 lines)"]),
        (
            "def outer():\n    def inner():\n" + "        x = 1\n" * 100,
            ["outer (line 1, 102 lines)", "inner (line 2, 101 lines)"],
        ),
    ],
)
def test_long_functions_are_found(source: str, long: list[str]) -> None:
    assert _long_functions(source) == long
