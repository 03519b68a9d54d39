"""What the clipboard reader reads of a copied text (no Qt): Chinese text only, bounded."""

from __future__ import annotations

from dataclasses import dataclass

from companion.language.characters import has_han

MAX_CHARS = 2_000
"""A copied text is read up to this many characters (a whole web page copied stays quick)."""


@dataclass(frozen=True)
class Clipping:
    """A copied text as the reader shows it: the text, and whether it was cut short."""

    text: str
    cut: bool = False


def clipping(copied: str | None, limit: int = MAX_CHARS) -> Clipping | None:
    """The part of a copied text worth reading, or None for text without Chinese (a URL, a
    password, code) or with nothing but spaces. Long text is cut at the last line or sentence
    end before the limit (or at the limit when there is none)."""
    if not copied:
        return None
    text = copied.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    cut = len(text) > limit
    if cut:
        head = text[:limit]
        end = max(head.rfind(mark) for mark in ("\n", "。", "！", "？", "!", "?"))
        text = head[: end + 1].rstrip() if end > limit // 2 else head
    if not has_han(text):
        return None
    return Clipping(text, cut)
