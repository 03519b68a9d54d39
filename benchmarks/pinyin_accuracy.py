"""Polyphone accuracy of the pinyin engine on the CPP set, against plain pypinyin and g2pM.

Each line of ``*.sent`` holds one sentence with the polyphonic character to check wrapped in
``▁`` marks; the same line of ``*.lb`` holds its reading in tone numbers (neutral tone 5,
CC-CEDICT's ``u:`` for ü). We remove the marks, annotate the sentence with the app's own
pipeline (segmentation, slang readings, pinyin engine) and compare the syllable at the marked
character. Baselines: ``pypinyin.pinyin`` on the whole sentence
(``Style.TONE3``, neutral tone as 5) and the g2pM package on the whole sentence.

Run ``python -m benchmarks.pinyin_accuracy [--limit N]``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# Everyday polyphones, most frequent first (the learner traps among them): the per-character
# table shows these, then any class where we fall below pypinyin.
FREQUENT = "的了和在还都得地着为只要会说上中大看过把给好行长重种发便差数觉当应将调数教"
EVAL_DIR = REPO.parent / "shared" / "eval" / "cpp"
MARK = "▁"


def load(
    sent_path: Path | str, label_path: Path | str, limit: int | None = None
) -> list[tuple[str, int, str]]:
    """(sentence without marks, index of the marked character, reading with ü as 'v')."""
    sents = Path(sent_path).read_text(encoding="utf-8").splitlines()
    labels = Path(label_path).read_text(encoding="utf-8").splitlines()
    if len(sents) != len(labels):
        raise ValueError(f"{sent_path} and {label_path} differ in length")
    out = []
    for line, label in zip(sents[:limit], labels[:limit], strict=True):
        at = line.index(MARK)
        if line[at + 2] != MARK:
            raise ValueError(f"bad mark in {line!r}")
        out.append((line[:at] + line[at + 1] + line[at + 3 :], at, _norm(label)))
    return out


def _norm(syllable: str) -> str:
    return syllable.strip().replace("u:", "v")


def _ours(items: list[tuple[str, int, str]]) -> list[str]:
    """The app's real pipeline: Annotator (our segmentation, slang readings, pinyin engine)."""
    import tempfile

    from companion.language.annotate import Annotator

    with tempfile.TemporaryDirectory() as cache:
        engine = Annotator(Path(cache))
        out = []
        for sentence, at, _ in items:
            token = next(t for t in engine.annotate(sentence).tokens if t.start <= at < t.end)
            syllables = token.syllables
            out.append(syllables[at - token.start] if syllables else "")
    return out


def _pypinyin(items: list[tuple[str, int, str]]) -> list[str]:
    import pypinyin

    out = []
    for sentence, at, _ in items:
        got = pypinyin.pinyin(
            sentence,
            style=pypinyin.Style.TONE3,
            neutral_tone_with_five=True,
            errors=lambda chars: ["" for _ in chars],
        )
        out.append(got[at][0] if len(got) == len(sentence) else "")
    return out


def _g2pm(items: list[tuple[str, int, str]]) -> list[str]:
    from g2pM import G2pM

    model = G2pM()
    return [_norm(model(sentence, char_split=True)[at]) for sentence, at, _ in items]


def evaluate(
    sent_path: Path | str, label_path: Path | str, limit: int | None = None
) -> dict[str, Any]:
    """Accuracy of ours, plain pypinyin and g2pM on the first `limit` items (all if None).

    Returns {"n", "ours", "pypinyin", "g2pm", "per_char", "seconds"}; per_char maps each
    checked character to {"n", "ours", "pypinyin", "g2pm"} accuracies."""
    items = load(sent_path, label_path, limit)
    preds: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    for name, fn in (("ours", _ours), ("pypinyin", _pypinyin), ("g2pm", _g2pm)):
        start = time.perf_counter()
        preds[name] = fn(items)
        seconds[name] = time.perf_counter() - start
    n = len(items)
    correct: dict[str, Counter[str]] = defaultdict(Counter)
    for k, (sentence, at, label) in enumerate(items):
        char = sentence[at]
        correct[char]["n"] += 1
        for name in preds:
            correct[char][name] += preds[name][k] == label
    per_char = {
        char: {"n": c["n"], **{name: c[name] / c["n"] for name in preds}}
        for char, c in sorted(correct.items(), key=lambda kv: (-kv[1]["n"], kv[0]))
    }
    result: dict[str, Any] = {"n": n}
    for name, got in preds.items():
        result[name] = sum(p == item[2] for p, item in zip(got, items, strict=True)) / max(n, 1)
    # CPP writes full tones where the standard (CC-CEDICT, the 现代汉语词典) has a neutral one
    # (衣服 fu2, 认识 shi2); we follow the standard. This figure counts those as agreement.
    result["ours_standard"] = sum(
        p == item[2] or (p.endswith("5") and p[:-1] == item[2][:-1])
        for p, item in zip(preds["ours"], items, strict=True)
    ) / max(n, 1)
    result["per_char"] = per_char
    result["seconds"] = seconds
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N sentences only")
    parser.add_argument("--dir", type=Path, default=EVAL_DIR, help="folder with dev.sent/dev.lb")
    parser.add_argument("--chars", type=int, default=40, help="per-character rows to show")
    args = parser.parse_args(argv)
    r = evaluate(args.dir / "dev.sent", args.dir / "dev.lb", args.limit)
    print(f"{'figure':<34}{'ours':>9}{'baseline':>10}{'ratio':>8}")
    for name in ("pypinyin", "g2pm"):
        label = f"accuracy, {r['n']:,} chars, vs {name} (%)"
        print(
            f"{label:<34}{r['ours'] * 100:>9.2f}{r[name] * 100:>10.2f}{r['ours'] / r[name]:>8.3f}"
        )
    print(f"{'seconds, ours vs g2pm':<34}{r['seconds']['ours']:>9.1f}{r['seconds']['g2pm']:>10.1f}")
    per_char = r["per_char"]
    big = {c: v for c, v in per_char.items() if v["n"] >= 20}
    worse = [c for c, v in big.items() if v["ours"] < v["pypinyin"]]
    better = sum(v["ours"] > v["pypinyin"] for v in big.values())
    print(
        f"\nclasses with >= 20 items: {len(big)}; ours above pypinyin in {better}, "
        f"below in {len(worse)}: {' '.join(worse) or 'none'}"
    )
    print(f"\n{'char':<6}{'n':>4}{'ours':>8}{'pypinyin':>10}{'g2pm':>8}")
    shown = [c for c in dict.fromkeys(FREQUENT) if c in per_char][: args.chars]
    shown += [c for c in worse if c not in shown]
    for char in shown:
        v = per_char[char]
        print(
            f"{char:<5}{v['n']:>5}{v['ours'] * 100:>8.1f}{v['pypinyin'] * 100:>10.1f}"
            f"{v['g2pm'] * 100:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(REPO))  # run as a script: make `companion` importable
    raise SystemExit(main())
