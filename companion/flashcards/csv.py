"""CSV (every field, header row) and an Anki-ready TSV (Anki's own text import reads it as is)."""

from __future__ import annotations

import csv
import html
from collections.abc import Callable, Iterable
from pathlib import Path

from companion.flashcards.card import Card, highlighted_sentence, pinyin_html

CSV_COLUMNS = (
    "simplified",
    "traditional",
    "pinyin",
    "pinyin_numbers",
    "definition",
    "hsk",
    "slang",
    "sentence",
    "sentence_pinyin",
    "sentence_translation",
    "source",
    "tags",
    "status",
)


# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection"): = + - @, tab, CR.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates: a leading formula character
    gets a single quote in front, as OWASP's CSV-injection guidance recommends."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def card_row(card: Card) -> list[str]:
    return [
        card.word,
        card.traditional,
        card.pinyin,
        card.pinyin_numbers,
        card.definition,
        str(card.hsk) if card.hsk is not None else "",
        card.slang,
        card.sentence,
        card.sentence_pinyin,
        card.sentence_translation,
        card.source,
        " ".join(card.tags),
        card.status,
    ]


def write_csv(
    cards: Iterable[Card], path: Path, progress: Callable[[int], None] = lambda n: None
) -> int:
    """UTF-8 CSV with a header row (a BOM, so spreadsheet apps pick UTF-8); returns rows.
    Cells that a spreadsheet would read as a formula are written as text (see
    :func:`spreadsheet_safe`)."""
    count = 0
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for card in cards:
            writer.writerow([spreadsheet_safe(value) for value in card_row(card)])
            count += 1
            progress(count)
    partial.replace(path)
    return count


def write_anki_tsv(
    cards: Iterable[Card],
    path: Path,
    *,
    deck: str = "Companion",
    tags: Iterable[str] = (),
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Tab-separated notes with Anki's header lines (#separator, #html, #columns, #deck,
    #tags column), so File → Import maps every column without questions."""
    extra = " ".join("_".join(t.split()) for t in tags if t.strip())
    columns = [
        "Simplified",
        "Traditional",
        "Pinyin",
        "Meaning",
        "HSK",
        "Sentence",
        "SentenceTranslation",
        "Source",
        "Tags",
    ]
    count = 0
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8", newline="") as fh:
        fh.write("#separator:tab\n#html:true\n")
        fh.write(f"#deck:{deck}\n#columns:{chr(9).join(columns)}\n#tags column:{len(columns)}\n")
        for card in cards:
            card_tags = " ".join(["companion", *("_".join(t.split()) for t in card.tags), extra])
            values = [
                html.escape(card.word),
                html.escape(card.traditional),
                pinyin_html(card),
                html.escape(card.definition),
                card.hsk_label,
                highlighted_sentence(card),
                html.escape(card.sentence_translation),
                html.escape(card.source),
                card_tags.strip(),
            ]
            fh.write("\t".join(v.replace("\t", " ").replace("\n", "<br>") for v in values) + "\n")
            count += 1
            progress(count)
    partial.replace(path)
    return count
