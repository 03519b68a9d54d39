"""Run every benchmark and print one table: `./dev bench` (or `python -m benchmarks.run`)."""

from __future__ import annotations

import argparse
import sys

from benchmarks import (
    annotate_json,
    everyday_accuracy,
    first_sense,
    flashcards,
    library,
    ocr,
    open_library,
    scale,
    text_engine,
    translation,
    ui,
)
from benchmarks.report import Row, format_table


def pinyin_rows(limit: int | None) -> list[Row]:
    """Polyphone accuracy on the shared CPP dev set, ours vs plain pypinyin (whole sentence)."""
    from benchmarks import pinyin_accuracy

    sent = text_engine.EVAL_DIR / "dev.sent"
    label = text_engine.EVAL_DIR / "dev.lb"
    if not sent.is_file():
        print(f"(pinyin accuracy skipped: no eval set at {text_engine.EVAL_DIR})", file=sys.stderr)
        return []
    result = pinyin_accuracy.evaluate(sent, label, limit=limit)
    n = result["n"]
    return [
        Row(
            f"polyphone accuracy, CPP dev, {n:,} chars (%)",
            result["ours"] * 100,
            result["pypinyin"] * 100,
            "pypinyin",
            higher_is_better=True,
            target=">= 97.5 %",
            ok=result["ours"] >= 0.975,
        ),
        Row(
            "  same, a standard neutral tone where CPP has the full tone counted right (%)",
            result["ours_standard"] * 100,
            result["pypinyin"] * 100,
            "pypinyin",
            higher_is_better=True,
        ),
        Row(
            "polyphone accuracy vs g2pM (%)",
            result["ours"] * 100,
            result["g2pm"] * 100,
            "g2pM",
            higher_is_better=True,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="pinyin accuracy on 2,000 sentences")
    args = parser.parse_args(argv)
    rows = text_engine.main()
    rows += annotate_json.main()
    rows += library.main()
    rows += open_library.main()
    rows += scale.main()
    rows += translation.main()
    rows += flashcards.main()
    rows += ui.main()
    rows += ocr.main(["--posts", "4", "--covers", "4"] if args.quick else [])
    rows += pinyin_rows(2000 if args.quick else None)
    rows += first_sense.rows("dev") + first_sense.rows("test")
    rows += everyday_accuracy.rows("dev") + everyday_accuracy.rows("test")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
