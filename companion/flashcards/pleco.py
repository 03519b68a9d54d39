"""Pleco flashcard text: ``hanzi<TAB>pinyin<TAB>definition``, grouped under ``//Category`` lines.

Pleco reads tone-number pinyin most reliably, and takes ``simplified[traditional]`` in the
first column; a word's first tag names its category (untagged words go under //Companion).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from companion.flashcards.card import Card

DEFAULT_CATEGORY = "Companion"


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_pleco(
    cards: Iterable[Card], path: Path, progress: Callable[[int], None] = lambda n: None
) -> int:
    groups: dict[str, list[Card]] = {}
    count = 0
    for card in cards:
        category = card.tags[0] if card.tags else DEFAULT_CATEGORY
        groups.setdefault(_clean(category).replace("/", "-"), []).append(card)
        count += 1
        progress(count)
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8", newline="\n") as fh:
        for category, members in groups.items():
            fh.write(f"//{category}\n")
            for card in members:
                headword = card.word
                if card.traditional and card.traditional != card.word:
                    headword += f"[{card.traditional}]"
                definition = card.definition
                if card.slang:
                    definition = f"{definition}; slang: {card.slang}" if definition else card.slang
                fh.write(f"{headword}\t{card.pinyin_numbers}\t{_clean(definition)}\n")
    partial.replace(path)
    return count
