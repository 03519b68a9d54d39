"""Saved words for review tests, written through the store (fast) or the Library (real
readings), and times given explicitly."""

from __future__ import annotations

import datetime as dt

from companion.library import Library
from companion.settings import load_settings, save_settings
from companion.store.database import write_transaction

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
"""A Monday morning, UTC: every test's "now" is counted from here."""


def at(days: float = 0, *, hours: float = 0, minutes: float = 0) -> dt.datetime:
    return T0 + dt.timedelta(days=days, hours=hours, minutes=minutes)


def save(library: Library, *words: str, sentence: str | None = None) -> None:
    """Save words as the reader does, with a sentence each (default: one containing it)."""
    with write_transaction(library.db):
        for word in words:
            library.vocabulary.add(
                word,
                pinyin=f"{word}-pinyin",
                definition=f"{word}-meaning",
                sentence=sentence if sentence is not None else f"我今天学了{word}这个词。",
            )


def set_new_per_day(library: Library, count: int) -> None:
    root = library.data.root
    save_settings(root, load_settings(root).with_changes(new_cards_per_day=count))
