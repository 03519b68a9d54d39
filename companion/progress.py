"""The progress callback every long operation takes, whichever layer reports it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

Progress: TypeAlias = Callable[[int, int | None, str], None]
"""``progress(done, total, message)``: ``done`` units of ``total`` (None while unknown), and
one line for the user about what is being done."""


def no_progress(done: int, total: int | None, message: str) -> None:
    """The Progress that reports nothing: the default of every operation that takes one."""
