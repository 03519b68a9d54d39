"""Images an import copies into the data dir: staged, named by content, undone if the import is.

A copy is written to a staging folder first, then renamed into place under a name made from its
content (``images/<source>/<post>/<sha256>.<kind>``), so a file at a final path never changes:
re-importing a post never overwrites the images the library already points at. Copies move into
place before the import's transaction commits (a crash leaves at most an unreferenced file, never
a reference to a missing one). If the import fails or is cancelled, exactly the files this import
created are removed; files that were there before stay, whatever the database rolls back to.
After the commit, images of the imported posts that nothing points at any more are swept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


class ImageCopies:
    """The image copies of one import (one file, one transaction): use as a context manager
    around the transaction; call ``committed()`` once it has committed."""

    def __init__(self, images_root: Path) -> None:
        self._root = images_root
        self._staging: Path | None = None
        self._created: list[Path] = []
        self._folders: dict[Path, set[str]] = {}

    def __enter__(self) -> ImageCopies:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            self._undo()
        self._drop_staging()

    def copy(self, source: Path, folder: Path, suffix: str) -> Path:
        """Copy source into folder (relative to the images root) under its content's name;
        returns the final path. Raises OSError if it cannot be read or written."""
        final_dir = self._root / folder
        final_dir.mkdir(parents=True, exist_ok=True)
        staged, digest = self._stage(source)
        final = final_dir / f"{digest}.{suffix}"
        if final.exists():
            staged.unlink(missing_ok=True)  # the same picture, already in place
        else:
            os.replace(staged, final)
            self._created.append(final)
        self._folders.setdefault(final_dir, set()).add(final.name)
        return final

    @property
    def folders(self) -> list[Path]:
        """The folders this import copied images into."""
        return list(self._folders)

    def committed(self, referenced: dict[Path, set[str]]) -> None:
        """The transaction committed: this import's copies stay, and each folder it wrote to
        is swept of files that no post points at any more (referenced: folder -> the names
        the database still points at there; an older copy replaced by this import goes)."""
        self._created.clear()
        for folder, names in self._folders.items():
            wanted = names | referenced.get(folder, set())
            try:
                for old in folder.iterdir():
                    if old.is_file() and old.name not in wanted:
                        old.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("could not tidy %s after an import: %s", folder, exc)
        self._folders.clear()

    def _stage(self, source: Path) -> tuple[Path, str]:
        if self._staging is None:
            base = self._root / ".staging"
            base.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(dir=base))
        digest = hashlib.sha256()
        fd, name = tempfile.mkstemp(dir=self._staging)
        staged = Path(name)
        try:
            with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        return staged, digest.hexdigest()[:32]

    def _undo(self) -> None:
        for path in self._created:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("could not remove image %s after a failed import: %s", path, exc)
        self._created.clear()
        self._folders.clear()

    def _drop_staging(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
