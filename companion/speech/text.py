"""What a voice is given: the text made speakable, or our pinyin for it, within a bound."""

from __future__ import annotations

import re
import unicodedata

from companion.errors import InvalidInput
from companion.language.document import Document, TokenKind

MAX_CHARS = 4000
"""The longest text spoken at once (a long post is about 1,000 characters)."""

_PAUSES = {
    "。": ".", "．": ".", "！": "!", "？": "?", "；": ";", "：": ",", "，": ",", "、": ",",
    "…": ".", "～": ",", "~": ",", "\n": ".", ".": ".", "!": "!", "?": "?", ";": ";", ",": ",",
}  # fmt: skip
_MARKS = frozenset(_PAUSES.values())
_SILENT_KINDS = (TokenKind.EMOJI, TokenKind.STICKER, TokenKind.URL, TokenKind.SPACE)


def speakable(text: str) -> str:
    """text without what a voice should not read out (emoji, symbols, control and private-use
    characters), spaces collapsed and empty lines dropped; InvalidInput if nothing is left or
    it is too long."""
    kept = "".join(
        " " if unicodedata.category(c)[0] in "SCZ" and c not in "\n" else c for c in text
    )
    lines = (" ".join(line.split()) for line in kept.splitlines())
    spoken = "\n".join(line for line in lines if line)  # a line break is a pause
    if not spoken:
        raise InvalidInput("there is nothing to say: the text has no words")
    if len(spoken) > MAX_CHARS:
        raise InvalidInput(
            f"the text is too long to speak at once ({len(spoken):,} characters; "
            f"at most {MAX_CHARS:,})"
        )
    return spoken


def clip(text: str, limit: int = MAX_CHARS) -> str:
    """text cut to at most limit characters at the last sentence end before it (for a
    whole post); text itself when it fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(mark) for mark in "。！？!?.\n")
    return head[: cut + 1] if cut > limit // 2 else head


CHUNK_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[。！？!?…\n])")


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """text in the pieces it is spoken in: the first sentence alone (it plays while the rest
    is synthesized), then sentences joined up to about size characters."""
    out: list[str] = []
    current = ""
    for piece in _SENTENCE_END.split(text):
        if current.strip() and (len(out) == 0 or len(current) + len(piece) > size):
            out.append(current)
            current = ""
        current += piece
    if current.strip():
        out.append(current)
    return [part.strip() for part in out if part.strip()]


def spoken_pinyin(document: Document) -> str:
    """The document as tone-numbered pinyin for a voice that reads it (espeak-ng's
    cmn-latn-pinyin): each word's reading as our engine reads it in context, numbers and Latin
    words as written, punctuation as pauses; emoji, stickers and links left out."""
    items: list[str] = []  # readings, words and pause marks

    def pause(mark: str) -> None:
        if items and items[-1] not in _MARKS:
            items.append(mark)

    for sentence in document.sentences:
        for token in sentence.tokens:
            if token.pinyin_numbers:
                items.append(token.pinyin_numbers)
            elif token.kind is TokenKind.PUNCTUATION:
                for mark in filter(None, map(_PAUSES.get, token.text)):
                    pause(mark)
            elif token.kind not in _SILENT_KINDS and token.text.strip():
                items.append(" ".join(token.text.split()))
        pause(".")
    if items and items[-1] in ",;":
        items[-1] = "."  # the text ends here, whatever mark ended it
    return "".join(item if item in _MARKS else f" {item}" for item in items).strip()
