"""How the engine reads everyday posts, on Companion's own sets in benchmarks/data/ (README there):
pinyin of everyday sentences (neutral tones, erhua and polyphones by the standard), everyday
polyphone traps, and internet expressions and Latin-letter slang found and glossed as one unit.

Every set has a dev split (for tuning) and a test split (only reported). Baselines on the same
items: plain pypinyin on the whole sentence, and the g2pM package.

Run ``python -m benchmarks.everyday_accuracy [--split dev|test] [--show N]``.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.pinyin_accuracy import MARK, _g2pm, _norm, _ours, _pypinyin

DATA = Path(__file__).resolve().parent / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _is_han(char: str) -> bool:
    from companion.language.characters import is_han

    return is_han(char)


@dataclass(frozen=True)
class Score:
    """Items right out of items checked, and the misses (for --show)."""

    right: int
    total: int
    misses: tuple[str, ...] = ()

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


def _engine() -> Any:
    from companion.language.annotate import Annotator

    return Annotator(Path(tempfile.mkdtemp(prefix="companion-bench-")))


def everyday_pinyin(split: str, engine: Any = None) -> dict[str, Score]:
    """Syllable accuracy on everyday sentences: ours, pypinyin, g2pM."""
    rows = _rows(DATA / f"everyday_pinyin_{split}.tsv")
    gold = [r["pinyin"].split() for r in rows]
    sentences = [r["sentence"] for r in rows]
    engine = engine or _engine()
    readers: dict[str, Callable[[str], list[str]]] = {
        "ours": lambda s: _ours_syllables(engine, s),
        "pypinyin": _pypinyin_syllables,
        "g2pm": _g2pm_syllables(),
    }
    scores = {}
    for name, read in readers.items():
        right = total = 0
        misses = []
        for sentence, want in zip(sentences, gold, strict=True):
            got = read(sentence)
            if len(got) != len(want):
                got = (got + [""] * len(want))[: len(want)]
            hits = sum(_same(g, w) for g, w in zip(got, want, strict=True))
            right += hits
            total += len(want)
            if hits < len(want):
                diff = [
                    f"{c}:{g}≠{w}"
                    for c, g, w in zip([c for c in sentence if _is_han(c)], got, want, strict=False)
                    if not _same(g, w)
                ]
                misses.append(f"{sentence}  {' '.join(diff)}")
        scores[name] = Score(right, total, tuple(misses))
    return scores


def _same(got: str, want: str) -> bool:
    return _norm(got).lower() == _norm(want).lower()


def _ours_syllables(engine: Any, sentence: str) -> list[str]:
    out = []
    for token in engine.annotate(sentence).tokens:
        for char, syllable in zip(
            token.text, token.syllables or ("",) * len(token.text), strict=False
        ):
            if _is_han(char):
                out.append(syllable)
    return out


def _pypinyin_syllables(sentence: str) -> list[str]:
    import pypinyin

    got = pypinyin.pinyin(
        sentence, style=pypinyin.Style.TONE3, neutral_tone_with_five=True, errors="ignore"
    )
    return [g[0] for g in got]


def _g2pm_syllables() -> Callable[[str], list[str]]:
    from g2pM import G2pM

    model = G2pM()

    def read(sentence: str) -> list[str]:
        out = model(sentence, char_split=True)
        return [_norm(o) for c, o in zip(sentence, out, strict=False) if _is_han(c)]

    return read


def polyphone_traps(split: str) -> dict[str, Score]:
    """The marked character's reading in everyday sentences: ours, pypinyin, g2pM."""
    items = []
    for row in _rows(DATA / f"polyphone_traps_{split}.tsv"):
        line = row["sentence"]
        at = line.index(MARK)
        items.append((line[:at] + line[at + 1] + line[at + 3 :], at, _norm(row["label"])))
    scores = {}
    for name, fn in (("ours", _ours), ("pypinyin", _pypinyin), ("g2pm", _g2pm)):
        got = fn(items)
        misses = tuple(
            f"{s[:at]}[{s[at]}]{s[at + 1 :]}  {g}≠{w}"
            for g, (s, at, w) in zip(got, items, strict=True)
            if g != w
        )
        scores[name] = Score(len(items) - len(misses), len(items), misses)
    return scores


def as_one_unit(kind: str, split: str, engine: Any = None) -> Score:
    """Expressions found as one token with a gloss (slang or a dictionary sense), in their
    sentence: kind is "internet_expr" or "latin_slang"."""
    engine = engine or _engine()
    rows = _rows(DATA / f"{kind}_{split}.tsv")
    misses = []
    for row in rows:
        expression, sentence = row["expression"], row["sentence"]
        at = sentence.lower().find(expression.lower())
        tokens = engine.annotate(sentence).tokens
        token = next((t for t in tokens if t.start == at and t.end == at + len(expression)), None)
        if token is None or not (token.slang or token.definitions) or not token.is_chinese:
            cut = " | ".join(
                t.text for t in tokens if t.end > at and t.start < at + len(expression)
            )
            misses.append(f"{expression}: {cut}  ({sentence})")
    return Score(len(rows) - len(misses), len(rows), tuple(misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "dev2", "test"))
    parser.add_argument("--show", type=int, default=0, help="print up to N misses of ours")
    args = parser.parse_args(argv)
    engine = _engine()
    results: list[tuple[str, dict[str, Score]]] = [
        ("everyday pinyin (syllables)", everyday_pinyin(args.split, engine)),
        ("everyday polyphone traps", polyphone_traps(args.split)),
    ]
    if args.split != "dev2":  # the second dev split has pinyin sets only
        results += [
            ("internet expressions", {"ours": as_one_unit("internet_expr", args.split)}),
            ("Latin-letter and digit slang", {"ours": as_one_unit("latin_slang", args.split)}),
        ]
    for title, scores in results:
        line = ", ".join(
            f"{name} {s.rate * 100:.1f}% ({s.right}/{s.total})" for name, s in scores.items()
        )
        print(f"{title} [{args.split}]: {line}")
        for miss in scores["ours"].misses[: args.show]:
            print(f"    {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _bare_unit(kind: str, split: str) -> Score:
    """Baseline for one-unit coverage: plain jieba cuts the expression as one word that
    CC-CEDICT has (what a reader without our glossary could gloss)."""
    import jieba

    from companion.language.dictionary import Dictionary

    dictionary = Dictionary(Path(tempfile.mkdtemp(prefix="companion-bench-")))
    rows = _rows(DATA / f"{kind}_{split}.tsv")
    right = 0
    for row in rows:
        words = jieba.lcut(row["sentence"])
        expression = row["expression"]
        right += any(w.lower() == expression.lower() and dictionary.lookup(w) for w in words)
    return Score(right, len(rows))


def rows(split: str) -> list[Any]:
    """Benchmark rows for ``./dev bench`` on one split (tune on dev, report test)."""
    from benchmarks.report import Row

    engine = _engine()
    pinyin = everyday_pinyin(split, engine)
    traps = polyphone_traps(split)
    out = [
        Row(
            f"everyday pinyin, {split}, {pinyin['ours'].total:,} syllables (%)",
            pinyin["ours"].rate * 100,
            pinyin["pypinyin"].rate * 100,
            "pypinyin",
            higher_is_better=True,
            target=">= 97 %",
            ok=pinyin["ours"].rate >= 0.97,
        ),
        Row(
            "everyday pinyin vs g2pM (%)",
            pinyin["ours"].rate * 100,
            pinyin["g2pm"].rate * 100,
            "g2pM",
            higher_is_better=True,
        ),
        Row(
            f"everyday polyphone traps, {split}, {traps['ours'].total} items (%)",
            traps["ours"].rate * 100,
            traps["pypinyin"].rate * 100,
            "pypinyin",
            higher_is_better=True,
            target=">= 97 %",
            ok=traps["ours"].rate >= 0.97,
        ),
        Row(
            "everyday polyphone traps vs g2pM (%)",
            traps["ours"].rate * 100,
            traps["g2pm"].rate * 100,
            "g2pM",
            higher_is_better=True,
        ),
    ]
    for kind, title, bar in (
        ("internet_expr", "internet expressions glossed as one unit", 0.85),
        ("latin_slang", "Latin-letter and digit slang glossed", 0.90),
    ):
        ours, bare = as_one_unit(kind, split, engine), _bare_unit(kind, split)
        out.append(
            Row(
                f"{title}, {split}, {ours.total} items (%)",
                ours.rate * 100,
                bare.rate * 100,
                "jieba + CC-CEDICT",
                higher_is_better=True,
                target=f">= {bar * 100:.0f} %",
                ok=ours.rate >= bar,
            )
        )
    return out
