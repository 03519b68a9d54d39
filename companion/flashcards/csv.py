"""CSV (every field, header row) and an Anki-ready TSV (Anki's own text import maps it as is)."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import genanki

from companion.flashcards.card import Card, highlighted_sentence, pinyin_html, senses_html

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


_FORMULA_CELL = re.compile("\x00[=+\\-@\t\r]")
"""A cell starting with a formula character, in a row's cells joined after NUL: one C search
per row finds the rare row to make safe (a NUL inside a cell only sends a row to the exact,
cell-by-cell check)."""
PROGRESS_EVERY = 100


def _safe_rows(
    cards: Iterable[Card], progress: Callable[[int], None], done: list[int]
) -> Iterator[list[str]]:
    search, count = _FORMULA_CELL.search, 0
    for card in cards:
        row = card_row(card)
        if search("\x00" + "\x00".join(row)):
            row = [spreadsheet_safe(value) for value in row]
        yield row
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(count)
    done.append(count)


def write_csv(
    cards: Iterable[Card], path: Path, progress: Callable[[int], None] = lambda n: None
) -> int:
    """UTF-8 CSV with a header row (a BOM, so spreadsheet apps pick UTF-8); returns rows.
    Cells that a spreadsheet would read as a formula are written as text (see
    :func:`spreadsheet_safe`)."""
    partial = path.with_name(path.name + ".part")
    done: list[int] = []
    with partial.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_safe_rows(cards, progress, done))  # the loop in C
    count = done[0]
    progress(count)
    partial.replace(path)
    return count


ANKI_NOTETYPE = "Basic"
"""Anki's built-in note type (every collection has it): the text import needs one that exists,
and falls back to the default one, field by field in order, when the named one is missing."""


def anki_back_html(card: Card) -> str:
    """The answer side for Anki's Basic note type: everything the card knows, with inline
    styles (Basic's stylesheet knows nothing of ours); every piece of data is escaped."""
    e = html.escape
    parts = [f'<div style="font-size:1.4em">{pinyin_html(card, inline=True)}</div>']
    if card.traditional and card.traditional != card.word:
        parts.append(f'<div style="color:#8a8f98">{e(card.traditional)}</div>')
    if card.senses:
        parts.append(senses_html(card))
    if card.hsk_label:
        parts.append(f"<div><small>{e(card.hsk_label)}</small></div>")
    if card.slang:
        parts.append(f'<div style="background:#fff4d6;padding:4px 8px">{e(card.slang)}</div>')
    if card.sentence:
        parts.append(
            f'<div style="font-size:1.2em;margin-top:12px">{highlighted_sentence(card)}</div>'
        )
        if card.sentence_pinyin:
            parts.append(f'<div style="color:#6e7781">{e(card.sentence_pinyin)}</div>')
        if card.sentence_translation:
            parts.append(f"<div><i>{e(card.sentence_translation)}</i></div>")
    if card.source:
        parts.append(
            f'<div style="color:#8a8f98;margin-top:10px"><small>{e(card.source)}</small></div>'
        )
    return "".join(parts)


def _header_value(text: str) -> str:
    """A value for one ``#key:value`` header line: no tabs, no line breaks."""
    return " ".join(text.split())


def write_anki_tsv(
    cards: Iterable[Card],
    path: Path,
    *,
    deck: str = "Companion",
    tags: Iterable[str] = (),
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Notes for Anki's File → Import, mapped without questions by the file's header lines:
    the Basic note type (the word on the front, everything else on the back), the deck, the
    columns, a tags column and a GUID column (re-importing updates the notes it made)."""
    extra = " ".join("_".join(t.split()) for t in tags if t.strip())
    columns = ["Front", "Back", "Tags", "GUID"]
    count = 0
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8", newline="") as fh:
        fh.write("#separator:tab\n#html:true\n")
        fh.write(f"#notetype:{ANKI_NOTETYPE}\n#deck:{_header_value(deck) or 'Companion'}\n")
        fh.write(f"#columns:{chr(9).join(columns)}\n#tags column:3\n#guid column:4\n")
        for card in cards:
            card_tags = " ".join(["companion", *("_".join(t.split()) for t in card.tags), extra])
            values = [
                html.escape(card.word),
                anki_back_html(card),
                card_tags.strip(),
                genanki.guid_for("companion-tsv", card.word),
            ]
            fh.write("\t".join(v.replace("\t", " ").replace("\n", "<br>") for v in values) + "\n")
            count += 1
            progress(count)
    partial.replace(path)
    return count
