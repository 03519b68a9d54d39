"""House rule: the Library is the one writer. No module outside companion/library*.py and
companion/store/ writes SQL or opens a write transaction on the library."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import companion

PACKAGE = Path(companion.__file__).parent
WRITE_SQL = re.compile(
    r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|REPLACE\s+INTO"
    r"|CREATE\s+(TABLE|INDEX)|DROP\s+(TABLE|INDEX)|ALTER\s+TABLE)\b"
)
WRITE_NAMES = {"write_transaction", "executescript"}
OWN_FILES = {
    "language/dictionary.py": "builds CC-CEDICT into its own cache file, never companion.db",
}
"""Modules that write SQL to a database of their own (not the library), and why."""


def writer_module(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).as_posix()
    return relative.startswith(("store/", "library")) or relative in OWN_FILES


def writes(path: Path) -> list[str]:
    """Write SQL in string constants and write-transaction names, with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if WRITE_SQL.search(node.value):
                found.append(f"{node.lineno}: {node.value.strip()[:60]!r}")
        elif isinstance(node, ast.Name) and node.id in WRITE_NAMES:
            found.append(f"{node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in WRITE_NAMES:
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.alias) and node.name in WRITE_NAMES:
            found.append(f"{getattr(node, 'lineno', '?')}: import {node.name}")
    return found


def test_only_the_library_and_the_store_write() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 50
    offenders = {
        path.relative_to(PACKAGE).as_posix(): found
        for path in modules
        if not writer_module(path) and (found := writes(path))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        'conn.execute("INSERT INTO export_log (format) VALUES (?)", ("anki",))',
        'db.execute("UPDATE vocabulary SET notes = ? WHERE id = ?", (n, i))',
        'conn.execute("DELETE FROM word_status WHERE word = ?", (w,))',
        'conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", kv)',
        "with write_transaction(lib.db):\n    pass",
        "from companion.store.database import write_transaction",
    ],
)
def test_the_check_sees_a_write(tmp_path: Path, source: str) -> None:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert writes(path)


def test_the_check_ignores_reads_and_prose(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_text(
        '"""Delete words from the vocabulary; update the view."""\n'
        'conn.execute("SELECT word FROM word_status WHERE status = ?", (2,))\n',
        encoding="utf-8",
    )
    assert writes(path) == []
