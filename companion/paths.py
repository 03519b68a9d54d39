"""Where Companion keeps its data: --data-dir, else $COMPANION_HOME, else the platform dir."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from companion.errors import StorageError

APP_NAME = "Companion"
ENV_HOME = "COMPANION_HOME"


@dataclass(frozen=True)
class DataDir:
    """The resolved data directory and the well-known places inside it."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "companion.db"

    @property
    def argos_packages(self) -> Path:
        return self.root / "argos-packages"

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def cache(self) -> Path:
        """Derived files that can always be rebuilt (compiled dictionary, jieba model cache)."""
        return self.root / "cache"

    def ensure(self) -> DataDir:
        """Create the directory tree; raise StorageError with a clear message if we cannot."""
        try:
            for path in (self.root, self.cache, self.images, self.backups):
                path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create data directory {self.root}: {exc.strerror}") from exc
        return self


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataDir:
    """Pick the data dir: an explicit path wins, then $COMPANION_HOME, then the platform default."""
    if explicit:
        return DataDir(Path(explicit).expanduser().resolve())
    env = os.environ.get(ENV_HOME)
    if env:
        return DataDir(Path(env).expanduser().resolve())
    return DataDir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
