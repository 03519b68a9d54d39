"""Split a post into paragraphs and sentences whose spans cover the text exactly.

Chinese sentence punctuation is reliable, so we split on it ourselves (Argos' MiniSBD would need a
download). Rules, with markup spans (topics, stickers, emoji, URLs) treated as atoms:

- a sentence ends after a run of 。！？!?… (or a Latin full stop before a space), the closing
  quotes or brackets after it, then any emoji, stickers and spaces that trail it;
- a line break always ends a sentence and its paragraph; blank lines join the sentence before;
- an emoji or sticker followed by a space ends a sentence (RedNote writers use them as full stops);
- whitespace never starts a sentence of its own: it trails the sentence before it (or, at the very
  start of the text, leads the first one).

So ``"好吃！😋 下次还来\\n#美食[话题]#"`` gives paragraphs ``[["好吃！😋 ", "下次还来\\n"],
["#美食[话题]#"]]``, and joining every sentence gives the input back.
"""

from __future__ import annotations

from collections.abc import Sequence

from companion.language.rednote import MarkupKind, MarkupSpan

TERMINATORS = frozenset("。！？!?…")
CLOSERS = frozenset("”’」』）)】》\"'")
_TRAILING_MARKUP = (MarkupKind.EMOJI, MarkupKind.STICKER)

Span = tuple[int, int]


def _is_period(text: str, i: int) -> bool:
    """A Latin full stop ends a sentence only before a space or the end, and not after a digit."""
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    return after.isspace() and not before.isdigit()


def split_paragraphs(text: str, markup: Sequence[MarkupSpan] = ()) -> list[list[Span]]:
    """Paragraphs of sentence spans (start, end); the spans tile text from 0 to len(text)."""
    atoms = {span.start: span for span in markup}
    paragraphs: list[list[Span]] = []
    sentences: list[Span] = []
    start = 0
    content = False  # has the current sentence anything but whitespace yet?
    n = len(text)
    i = 0

    def skip_trailing(j: int, *, markup_too: bool) -> int:
        while j < n:
            atom = atoms.get(j)
            if atom is not None and markup_too and atom.kind in _TRAILING_MARKUP:
                j = atom.end
            elif text[j] in " \t\u3000\r\n\u00a0":
                j += 1
            else:
                break
        return j

    def cut(end: int) -> None:
        nonlocal start, content, sentences
        sentences.append((start, end))
        start, content = end, False
        if "\n" in text[max(end - 1, 0) : end] or end == n:
            paragraphs.append(sentences)
            sentences = []

    while i < n:
        atom = atoms.get(i)
        if atom is not None:
            i = atom.end
            content = True
            if atom.kind in _TRAILING_MARKUP and i < n and text[i] in " \t\u3000":
                end = skip_trailing(i, markup_too=True)
                cut(_end_at_line_break(text, i, end))
                i = start
            continue
        char = text[i]
        if char == "\n":
            if content:
                cut(_end_at_line_break(text, i, skip_trailing(i, markup_too=False)))
                i = start
            else:
                i += 1
            continue
        if char in TERMINATORS or (char == "." and _is_period(text, i)):
            j = i + 1
            while j < n and (text[j] in TERMINATORS or text[j] in CLOSERS):
                j += 1
            end = skip_trailing(j, markup_too=True)
            cut(_end_at_line_break(text, j, end))
            i = start
            continue
        if not char.isspace():
            content = True
        i += 1
    if start < n:
        if not content and (sentences or paragraphs):
            # Only whitespace is left: it trails the last sentence.
            last = sentences or paragraphs[-1]
            last[-1] = (last[-1][0], n)
        else:
            sentences.append((start, n))
    if sentences:
        paragraphs.append(sentences)
    return paragraphs


def _end_at_line_break(text: str, begin: int, end: int) -> int:
    """Trailing whitespace from begin to end stops after the last line break (blank lines join)."""
    last_newline = text.rfind("\n", begin, end)
    if last_newline == -1:
        return end
    return last_newline + 1
