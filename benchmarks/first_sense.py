"""First-sense accuracy: does the first definition shown fit the word in its sentence?

Each line of ``data/first_sense_{dev,test}.tsv`` (header ``sentence word accept label``) holds an
everyday sentence, a word in it, ``|``-separated keywords one of which must appear in the first
definition of the first token equal to the word, and the Leipzig label expected on it (or
empty). Ours is the annotator's fitted first sense (``senses.py``); the baseline is CC-CEDICT's
first line for the reading the sentence uses, which is what the app showed before.

Run ``python -m benchmarks.first_sense [--set dev|test] [--file PATH] [--misses]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.report import Row

DATA_DIR = Path(__file__).resolve().parent / "data"


def load(path: Path) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(sentence, word, accepted keywords, expected label) rows of a first-sense set."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["sentence", "word", "accept"]:
            raise ValueError(f"{path}: not a first-sense set (header {header!r})")
        for row in reader:
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            row = [*row, "", ""][:4]
            accept = tuple(k.strip().lower() for k in row[2].split("|") if k.strip())
            rows.append((row[0].strip(), row[1].strip(), accept, row[3].strip()))
    return rows


def _fits(definition: str, accept: tuple[str, ...]) -> bool:
    """A keyword occurs as a whole word or phrase (``cl`` does not match "clean")."""
    text = definition.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", text) for k in accept)


def evaluate(path: Path, engine: Any = None) -> dict[str, Any]:
    """Accuracy of our first sense (on the token equal to the word, and on the word wherever
    the sentence cuts it, as the lookup and ``vocab add`` read it), of CC-CEDICT's first line,
    and of our labels."""
    from companion.language.annotate import Annotator
    from companion.language.details import word_in_sentence

    rows = load(path)
    with tempfile.TemporaryDirectory() as cache:
        engine = engine or Annotator(Path(cache))
        ours = base = labelled = labels_ok = anywhere = 0
        misses = []
        for sentence, word, accept, label in rows:
            token = next((t for t in engine.annotate(sentence).tokens if t.text == word), None)
            first = token.definitions[0] if token is not None and token.definitions else ""
            raw = engine.dictionary.senses(word, token.pinyin_numbers if token else None)
            ok = _fits(first, accept)
            ours += ok
            placed = token or word_in_sentence(engine, word, sentence)
            anywhere += bool(placed.definitions) and _fits(placed.definitions[0], accept)
            base += bool(raw) and _fits(raw[0], accept)
            if label:
                labelled += 1
                labels_ok += token is not None and token.info.label == label
            if not ok or (label and (token is None or token.info.label != label)):
                got = token.info.label if token is not None else None
                misses.append((sentence, word, "|".join(accept), label, first, got))
    n = len(rows) or 1
    return {
        "n": len(rows),
        "ours": ours / n,
        "cedict": base / n,
        "anywhere": anywhere / n,
        "labelled": labelled,
        "labels": labels_ok / labelled if labelled else float("nan"),
        "misses": misses,
    }


def rows(which: str = "dev", path: Path | None = None) -> list[Row]:
    """Benchmark rows for one set (skipped, with a note, when the set is absent)."""
    path = path or DATA_DIR / f"first_sense_{which}.tsv"
    if not path.is_file():
        import sys

        print(f"(first-sense accuracy skipped: no {path})", file=sys.stderr)
        return []
    result = evaluate(path)
    out = [
        Row(
            f"first sense fits, {which} {result['n']} words (%)",
            result["ours"] * 100,
            result["cedict"] * 100,
            "CC-CEDICT 1st line",
            higher_is_better=True,
            target=">= 90 %",
            ok=result["ours"] >= 0.90,
        )
    ]
    out.append(
        Row(
            f"first sense fits, {which}, word wherever the cut puts it (%)",
            result["anywhere"] * 100,
            result["cedict"] * 100,
            "CC-CEDICT 1st line",
            higher_is_better=True,
        )
    )
    if result["labelled"]:
        out.append(
            Row(
                f"Leipzig label right, {which} {result['labelled']} grammar words (%)",
                result["labels"] * 100,
                0.0,
                "no labels",
                higher_is_better=True,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", choices=("dev", "test"))
    parser.add_argument("--file", type=Path, help="a first-sense TSV file (default: data/)")
    parser.add_argument("--misses", action="store_true", help="list the words we got wrong")
    args = parser.parse_args(argv)
    path = args.file or DATA_DIR / f"first_sense_{args.set}.tsv"
    result = evaluate(path)
    print(
        f"n={result['n']}  ours={result['ours']:.1%}  anywhere={result['anywhere']:.1%}"
        f"  cedict-first-line={result['cedict']:.1%}"
        f"  labels={result['labels']:.1%} of {result['labelled']}"
    )
    if args.misses:
        for sentence, word, accept, label, first, got in result["misses"]:
            print(
                f"{word}\t{sentence}\twant {accept} {label or ''}\tgot {first[:60]!r} {got or ''}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
