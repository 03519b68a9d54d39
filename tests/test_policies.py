"""One definition for each policy: a second hand-written copy anywhere in companion/ fails.

Each row names a policy, a pattern that only a copy of it would contain, the module that owns
it, and copies still waiting in modules other work is restructuring (take them out when moved).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import companion
from companion.progress import Progress, no_progress

PACKAGE = Path(companion.__file__).resolve().parent
ROOT = PACKAGE.parent

POLICIES = [
    (
        "the Progress callback type",
        r"Callable\[\[int, int \| None, str\], None\]",
        "companion/progress.py",
        set(),
    ),
    (
        "the Han character ranges",
        r"\\u4e00|\\u9fff|\\u9fa5|\\u3400|一-龥",
        "companion/language/characters.py",
        set(),
    ),
    ("the encodings of user text", r"(?i)gb18030|utf-8-sig\"\)", "companion/textio.py", set()),
    (
        "the HSK band label",
        r"\"7-9\"",
        "companion/language/hsk.py",
        set(),
    ),
    (
        "building an imported Post",
        r"\bPost\(\s*\n?\s*source=",
        "companion/importers/build.py",
        set(),
    ),
    (
        "decoding an image file",
        r"\bQImageReader\(",
        "companion/ui/image_decode.py",  # at the sizes companion/importers/images.py decides
        set(),
    ),
]

SOURCES = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


@pytest.mark.parametrize(
    ("policy", "pattern", "owner", "waiting"), POLICIES, ids=[p[0] for p in POLICIES]
)
def test_one_definition(policy: str, pattern: str, owner: str | None, waiting: set[str]) -> None:
    copies = {m for m, text in SOURCES.items() if re.search(pattern, text)}
    assert copies - {owner} <= waiting, f"{policy} is defined again; use {owner}"
    if owner is not None:
        assert owner in copies, f"{owner} no longer defines {policy}"


def test_no_progress_is_a_progress() -> None:
    report: Progress = no_progress
    assert report(1, None, "Importing…") is None
