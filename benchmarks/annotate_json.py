"""`companion annotate --json` on 1 MB of text against annotation alone, in the same run."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.report import Row
from benchmarks.text_engine import REDNOTE_STYLE, REPO, corpus_text

SIZE = 1_000_000  # bytes of UTF-8 text


def eval_sentences() -> list[str]:
    """The shared CPP dev sentences, wherever shared/ is beside the checkout (or above it)."""
    for parent in REPO.parents:
        found = parent / "shared" / "eval" / "cpp" / "dev.sent"
        if found.is_file():
            return found.read_text(encoding="utf-8").replace("▁", "").splitlines()
    return []


def megabyte() -> str:
    """About 1 MB of mixed text: the sample posts, then eval sentences (RedNote-style prose
    where there are none), line by line."""
    lines = [corpus_text()]
    size = len(lines[0].encode())
    extra = eval_sentences() or REDNOTE_STYLE.splitlines()
    n = 0
    while size < SIZE:
        line = extra[n % len(extra)]
        lines.append(line)
        size += len(line.encode()) + 1
        n += 1
    return "\n".join(lines)


def run(root: Path) -> list[Row]:
    from companion.cli import _print_document
    from companion.language.annotate import Annotator

    text = megabyte()
    annotator = Annotator(root / "cache")
    annotator.warm_up()
    annotator.annotate(REDNOTE_STYLE)
    start = time.perf_counter()
    document = annotator.annotate(text)  # as the command does: this text never seen before
    annotation = time.perf_counter() - start
    args = argparse.Namespace(json=True, sandhi=False, numbers=False)
    start = time.perf_counter()
    with (root / "out.json").open("w", encoding="utf-8") as out:
        _print_document(document, args, out)
    printing = time.perf_counter() - start
    megabytes = (root / "out.json").stat().st_size / 1e6
    ours = annotation + printing
    return [
        Row(
            f"annotate --json, 1 MB of text ({megabytes:.0f} MB of JSON) (s)",
            ours,
            annotation,
            "annotation alone",
            target="<= 1.5x",
            ok=ours <= 1.5 * annotation,
        )
    ]


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))
