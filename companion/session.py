"""Where the learner left off, kept between runs as session.json in the data dir (no Qt): the
page, the open post and the place in it, and the window's size and position.

This is state, not a preference: it changes every run, so it lives apart from settings.json
and is written when the window closes. Reading it never fails: a missing, damaged or foreign
file gives a fresh start (and one log line), never an error in the learner's way.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE = "session.json"
MAX_BYTES = 64 * 1024
"""A session file is a few hundred bytes; anything much larger is not ours and is ignored."""


@dataclass(frozen=True)
class ReadingPlace:
    """A place in a post, as the words at the top of the reader: the text part (0 the title,
    1 the body, 2… the comments), the character offset of the first word in view there, and
    how far that word's top is below the top of the view, in pixels (negative: above it)."""

    post_id: int
    part: int = 0
    offset: int = 0
    shift: float = 0.0
    at_top: bool = True
    """Scrolled to the very top (then part, offset and shift are not used)."""


@dataclass(frozen=True)
class Session:
    page: str = "feed"
    place: ReadingPlace | None = None
    geometry: str = ""
    """QMainWindow.saveGeometry(), base64."""
    window_state: str = ""
    """QMainWindow.saveState(), base64."""


def _place(raw: object) -> ReadingPlace | None:
    if not isinstance(raw, dict):
        return None
    post_id, part, offset = raw.get("post_id"), raw.get("part", 0), raw.get("offset", 0)
    shift, at_top = raw.get("shift", 0.0), raw.get("at_top", True)
    ints = (post_id, part, offset)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in ints):
        return None
    if isinstance(shift, bool) or not isinstance(shift, int | float) or abs(shift) > 1e6:
        return None
    return ReadingPlace(post_id, part, offset, float(shift), at_top is not False)  # type: ignore[arg-type]


def load_session(root: Path) -> Session:
    """The session saved in the data dir, or a fresh one (a bad value: its default)."""
    path = root / FILE
    try:
        if path.stat().st_size > MAX_BYTES:
            log.warning("ignoring %s: too large to be a session file", path)
            return Session()
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Session()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return Session()
    if not isinstance(raw, dict):
        log.warning("ignoring %s: not a JSON object", path)
        return Session()
    texts = {k: raw.get(k) for k in ("page", "geometry", "window_state")}
    page, geometry, state = (v if isinstance(v, str) else "" for v in texts.values())
    return Session(page or "feed", _place(raw.get("place")), geometry, state)


def save_session(root: Path, session: Session) -> None:
    """Write the session atomically (raises OSError if the data dir is not writable)."""
    path = root / FILE
    partial = path.with_name(FILE + ".part")
    partial.write_text(json.dumps(asdict(session), indent=1), encoding="utf-8")
    partial.replace(path)
