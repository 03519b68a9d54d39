"""Translation models: validate, install, list and remove Argos ``.argosmodel`` packages.

An ``.argosmodel`` is a zip with one top folder holding ``metadata.json`` (from/to codes,
version), ``model/`` (a CTranslate2 model) and a tokenizer (``sentencepiece.model`` or
``bpe.model``). We check all of that, and that no entry escapes the folder, before anything is
written; the package is unpacked into a hidden temporary folder inside the packages dir and
renamed into place, so an installed model is never touched by a failed install and a replaced
one is swapped in one step. Before the swap the staged model is loaded and translates one
sentence, so a package whose ``model.bin`` or tokenizer is broken never replaces a working one.
Sizes are bounded before anything is unpacked: the total, and each entry's compression ratio
(a zip bomb expands a few MB into GBs; real model files barely compress).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.version import InvalidVersion, Version

from companion.errors import InvalidInput, ResourceMissing, StorageError
from companion.progress import Progress, no_progress

log = logging.getLogger(__name__)

SUPPORTED_PAIRS = {("zh", "en"), ("en", "zh")}
MAX_UNPACKED_BYTES = 2 * 1024**3
"""Real Argos packages unpack to a few hundred MB; nothing installs above this."""
MAX_RATIO = 50
"""Largest compression ratio of an entry over RATIO_FLOOR bytes: CTranslate2 weights barely
compress (about 1.1×), vocabularies and tokenizers 2-5×; a zip bomb is 100-1000×."""
RATIO_FLOOR = 1024**2
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")


class InvalidModel(InvalidInput):
    """A file that is not an installable translation model; nothing was written."""


@dataclass(frozen=True)
class ModelInfo:
    """An installed model package."""

    from_code: str
    to_code: str
    version: str
    name: str
    path: Path

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def fingerprint(self) -> str:
        """Changes whenever the model files change: part of every translation cache key."""
        model = self.path / "model" / "model.bin"
        try:
            info = model.stat()
        except OSError:
            return self.version
        return f"{self.version}:{info.st_size}:{int(info.st_mtime_ns)}"

    @property
    def tokenizer(self) -> Path:
        for name in TOKENIZER_FILES:
            if (self.path / name).is_file():
                return self.path / name
        raise ResourceMissing(f"the model in {self.path} has no tokenizer file")


@dataclass(frozen=True)
class PackageCheck:
    """What validation learned about a package file."""

    top: str
    metadata: dict[str, object]
    from_code: str
    to_code: str
    unpacked_bytes: int


def check_package(path: Path, *, pairs: set[tuple[str, str]] | None = None) -> PackageCheck:
    """Validate an .argosmodel file without unpacking it; raise InvalidModel saying why."""
    name = path.name
    if not path.is_file():
        raise InvalidModel(f"{name}: no such file")
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                raise InvalidModel(f"{name} is damaged or truncated; download it again")
        raise InvalidModel(f"{name} is not an Argos model file (it is not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            top = _single_top_folder(name, infos)
            names = {info.filename.rstrip("/") for info in infos}
            meta_name = f"{top}/metadata.json"
            if meta_name not in names:
                raise InvalidModel(f"{name} has no metadata.json: not an Argos model package")
            try:
                metadata = json.loads(archive.read(meta_name).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InvalidModel(f"{name}: metadata.json is not valid JSON") from exc
            if not isinstance(metadata, dict):
                raise InvalidModel(f"{name}: metadata.json is not a JSON object")
            codes = metadata.get("from_code"), metadata.get("to_code")
            if not all(isinstance(c, str) and c for c in codes):
                raise InvalidModel(f"{name}: metadata.json does not name the languages (from/to)")
            if f"{top}/model/model.bin" not in names:
                raise InvalidModel(f"{name} has no model/ folder with a CTranslate2 model.bin")
            if not any(f"{top}/{t}" in names for t in TOKENIZER_FILES):
                raise InvalidModel(f"{name} has no tokenizer (sentencepiece.model or bpe.model)")
            unpacked = _check_sizes(name, infos)
            bad = archive.testzip()
            if bad is not None:
                raise InvalidModel(f"{name} is damaged (bad data in {bad}); download it again")
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise InvalidModel(f"{name} is damaged or truncated ({exc}); download it again") from exc
    from_code, to_code = str(codes[0]), str(codes[1])
    allowed = SUPPORTED_PAIRS if pairs is None else pairs
    if (from_code, to_code) not in allowed:
        wanted = " or ".join(f"{a}→{b}" for a, b in sorted(allowed))
        raise InvalidModel(f"{name} translates {from_code}→{to_code}; Companion needs {wanted}")
    return PackageCheck(top, metadata, from_code, to_code, unpacked)


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> int:
    """The unpacked size, after refusing archives that would unpack to too much."""
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InvalidModel(
            f"{name} would unpack to {_size(unpacked)}, more than a translation model needs "
            f"({_size(MAX_UNPACKED_BYTES)} at most); refusing to unpack it"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size / max(info.compress_size, 1)
            raise InvalidModel(
                f"{name} is not a real model: {info.filename} would expand {ratio:.0f}× "
                f"(to {_size(info.file_size)}); refusing to unpack it"
            )
    return unpacked


def _single_top_folder(name: str, infos: list[zipfile.ZipInfo]) -> str:
    tops = set()
    for info in infos:
        entry = info.filename
        pure = PurePosixPath(entry)
        unsafe = entry.startswith("/") or "\\" in entry or ".." in pure.parts
        if unsafe or ":" in pure.parts[0]:
            raise InvalidModel(f"{name} has an unsafe entry {entry!r}; refusing to unpack it")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InvalidModel(f"{name} contains a symbolic link {entry!r}; refusing to unpack it")
        tops.add(pure.parts[0])
        if len(pure.parts) == 1 and not info.is_dir():
            raise InvalidModel(f"{name} must hold one folder, but {entry!r} is at the top level")
    if len(tops) != 1:
        raise InvalidModel(f"{name} must hold exactly one top folder (found {len(tops)})")
    return tops.pop()


class ModelStore:
    """The packages dir (``<data>/argos-packages``): one folder per installed language pair."""

    def __init__(self, packages_dir: Path) -> None:
        self.packages_dir = packages_dir

    def installed(self) -> list[ModelInfo]:
        """Installed models, sorted by pair."""
        if not self.packages_dir.is_dir():
            return []
        found = []
        for folder in sorted(self.packages_dir.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            info = _read_info(folder)
            if info is not None:
                found.append(info)
        return found

    def find(self, from_code: str, to_code: str) -> ModelInfo | None:
        return next(
            (m for m in self.installed() if (m.from_code, m.to_code) == (from_code, to_code)),
            None,
        )

    def install_file(
        self,
        path: Path,
        progress: Progress = no_progress,
        verify: Callable[[ModelStore, ModelInfo], None] | None = None,
    ) -> ModelInfo:
        """Validate and install a package file; an existing model of the pair is replaced,
        only once the new one has loaded and translated a sentence (``verify``, by default
        :func:`companion.translation.translator.probe_model`)."""
        check = check_package(path)
        if verify is None:
            from companion.translation.translator import probe_model as verify
        try:
            self.packages_dir.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=self.packages_dir))
        except OSError as exc:
            raise _write_failed(path, self.packages_dir, exc) from exc
        try:
            self._unpack(path, check, staging, progress)
            staged = _read_info(staging / check.top)
            if staged is None:
                raise InvalidModel(f"{path.name}: the unpacked package cannot be read")
            progress(check.unpacked_bytes, check.unpacked_bytes, f"Testing {path.name}")
            try:
                verify(self, staged)
            except InvalidModel as exc:
                raise InvalidModel(
                    f"{path.name} was not installed: {exc}; the installed models are unchanged"
                ) from exc
            final = self.packages_dir / f"translate-{check.from_code}_{check.to_code}"
            _swap_in(staged.path, final)
        except zipfile.BadZipFile as exc:
            raise InvalidModel(f"{path.name} is damaged ({exc}); download it again") from exc
        except OSError as exc:
            raise _write_failed(path, self.packages_dir, exc) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        installed = _read_info(final)
        assert installed is not None
        log.info("installed translation model %s from %s", installed.pair, path)
        return installed

    @staticmethod
    def _unpack(path: Path, check: PackageCheck, staging: Path, progress: Progress) -> None:
        done = 0
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                target = staging / info.filename
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
                done += info.file_size
                progress(done, check.unpacked_bytes, f"Unpacking {path.name}")

    def install_online(
        self,
        from_code: str,
        to_code: str,
        progress: Progress = no_progress,
        index_url: str | None = None,
    ) -> ModelInfo:
        """Find the pair in the Argos index, download it, validate it and install it."""
        entry = find_online(from_code, to_code, index_url)
        self.packages_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".download-", dir=self.packages_dir) as tmp:
            file = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
            download(str(entry["links"][0]), file, progress)
            check = check_package(file)
            if (check.from_code, check.to_code) != (from_code, to_code):
                raise InvalidModel(
                    f"the index promised {from_code}→{to_code} but the file is "
                    f"{check.from_code}→{check.to_code}"
                )
            return self.install_file(file, progress)

    def remove(self, from_code: str, to_code: str) -> ModelInfo:
        """Uninstall the model for a pair; raise InvalidInput if there is none."""
        model = self.find(from_code, to_code)
        if model is None:
            raise InvalidInput(f"no {from_code}→{to_code} model is installed")
        trash = self.packages_dir / f".removing-{model.path.name}-{os.getpid()}"
        model.path.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)
        return model


def _swap_in(staged: Path, final: Path) -> None:
    """Rename the staged model into place; a model already there is put back if that fails."""
    old = None
    if final.exists():
        old = final.with_name(f".replaced-{final.name}-{os.getpid()}")
        final.rename(old)
    try:
        staged.rename(final)
    except OSError:
        if old is not None:
            old.rename(final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_failed(path: Path, folder: Path, exc: OSError) -> StorageError:
    """One line for a failed write while installing (full disk, file size limit, read-only)."""
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    hint = {28: "free some disk space and try again", 30: "the folder is read-only"}.get(
        exc.errno or 0, "nothing was changed"
    )
    return StorageError(
        f"cannot install {path.name}: {reason} while writing to {folder} ({hint}; "
        "the installed models are unchanged)"
    )


def bundled_models(extra: Path | None = None) -> list[Path]:
    """.argosmodel files shipped beside Companion: next to a one-folder app's executable (or
    one folder up), in the virtual environment an offline bundle made, or in
    $COMPANION_MODELS_DIR. The first run offers to install them."""
    import sys

    places = (
        [Path(os.environ["COMPANION_MODELS_DIR"])] if "COMPANION_MODELS_DIR" in os.environ else []
    )
    if getattr(sys, "frozen", False):
        executable = Path(sys.executable).resolve().parent
        places += [executable, executable.parent]
    places += [Path(sys.prefix), Path(sys.prefix) / "models"]
    if extra is not None:
        places.append(extra)
    found: dict[Path, None] = {}
    for place in places:
        if place.is_dir():
            for file in sorted(place.glob("*.argosmodel")):
                found.setdefault(file.resolve(), None)
    return list(found)


def _read_info(folder: Path) -> ModelInfo | None:
    """The model in folder, or None if it is not a readable package."""
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(metadata, dict) or not (folder / "model" / "model.bin").is_file():
        return None
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str):
        return None
    return ModelInfo(
        from_code=from_code,
        to_code=to_code,
        version=str(metadata.get("package_version", "0")),
        name=str(metadata.get("name") or folder.name),
        path=folder,
    )


# -- online install (only when the user asks) -----------------------------------------------

ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
"""The Argos package index; $COMPANION_ARGOS_INDEX overrides it."""
NETWORK_TIMEOUT = 15


def _fetch(url: str, *, what: str) -> Any:
    import urllib.error
    import urllib.request

    try:
        return urllib.request.urlopen(url, timeout=NETWORK_TIMEOUT)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        message = f"cannot download {what} from {url} ({reason}); are you online?"
        raise ResourceMissing(message) from exc


def find_online(from_code: str, to_code: str, index_url: str | None = None) -> dict[str, Any]:
    """The index entry of the newest package for a pair."""
    url = index_url or os.environ.get("COMPANION_ARGOS_INDEX") or ARGOS_INDEX_URL
    with _fetch(url, what="the Argos package index") as response:
        try:
            index = json.loads(response.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ResourceMissing(f"the Argos package index at {url} is not valid JSON") from exc
    candidates = [
        entry
        for entry in index
        if isinstance(entry, dict)
        and entry.get("from_code") == from_code
        and entry.get("to_code") == to_code
        and entry.get("links")
    ]
    if not candidates:
        raise ResourceMissing(f"the Argos package index has no {from_code}→{to_code} model")

    return max(candidates, key=package_version)


def package_version(entry: dict[str, Any]) -> Version:
    """An index entry's package version; one that does not parse counts as the oldest."""
    try:
        return Version(str(entry.get("package_version", "0")))
    except InvalidVersion:
        return Version("0")


def download(url: str, target: Path, progress: Progress = no_progress) -> Path:
    """Download url to target (through a .part file), reporting bytes as they arrive."""
    partial = target.with_name(target.name + ".part")
    with _fetch(url, what="the model") as response:
        total = response.headers.get("Content-Length")
        expected = int(total) if total and total.isdigit() else None
        done = 0
        with partial.open("wb") as sink:
            while chunk := response.read(1 << 16):
                sink.write(chunk)
                done += len(chunk)
                progress(done, expected, f"Downloading {target.name}")
    if expected is not None and done != expected:
        partial.unlink(missing_ok=True)
        raise InvalidModel(f"the download of {target.name} stopped early ({done}/{expected} bytes)")
    partial.replace(target)
    return target
