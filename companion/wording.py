"""English wording shared by the CLI and the app (no Qt)."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` with its noun in the right number: 1 word, 2 words, 1,200 posts."""
    word = noun if count == 1 else plural or noun + "s"
    return f"{count:,} {word}"
