"""The error every importer raises for a file it refuses, with where and why."""

from __future__ import annotations

from pathlib import Path

from companion.errors import InvalidInput


class ImportFormatError(InvalidInput):
    """A file that cannot be imported; nothing from it was saved."""

    def __init__(
        self, path: Path | str, reason: str, *, record: int | None = None, line: int | None = None
    ) -> None:
        self.path = Path(path)
        self.reason = reason
        self.record = record
        self.line = line
        where = ""
        if line is not None:
            where = f", line {line}"
        elif record is not None:
            where = f", record {record}"
        super().__init__(f"{self.path.name}{where}: {reason}")
