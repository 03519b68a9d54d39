"""The items of one file, read and prepared before its write transaction begins.

Reading, parsing, bounding and copying images is CPU and disk work that needs no lock; doing it
first keeps the write lock for the statements alone. The items wait in memory up to BUDGET
(their text, counted by the caller), then in chunks in an unnamed temporary file of our own
(gone when closed or when the process ends), so a file of any size is read with memory bounded.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Generic, TypeVar

BUDGET = 8_000_000
"""Characters of text kept in memory before a chunk is written out (a few tens of MB)."""

T = TypeVar("T")


class Staged(Generic[T]):
    """Items in the order they were added; iterate once they are all in. A context manager
    (closing drops the temporary file)."""

    def __init__(self) -> None:
        self._pending: list[T] = []
        self._spill: IO[bytes] | None = None
        self._chunks = 0
        self._size = 0
        self.count = 0

    def add(self, item: T, size: int = 1) -> None:
        """Keep item; size is about how many characters of text it holds."""
        self._pending.append(item)
        self.count += 1
        self._size += size
        if self._size >= BUDGET:
            if self._spill is None:
                # Open while the items are staged; close() ends it.
                self._spill = tempfile.TemporaryFile(prefix="companion-import-")  # noqa: SIM115
            # Our own file, written and read by this process only.
            pickle.dump(self._pending, self._spill, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunks += 1
            self._pending = []
            self._size = 0

    def __iter__(self) -> Iterator[T]:
        if self._spill is not None:
            self._spill.seek(0)
            for _ in range(self._chunks):
                yield from pickle.load(self._spill)  # our own file, written above
        yield from self._pending

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        self._pending = []
        self._size = 0

    def __enter__(self) -> Staged[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
