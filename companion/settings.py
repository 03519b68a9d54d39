"""The learner's preferences, saved as settings.json in the data dir (no Qt)."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE = "settings.json"
# The values each setting may take; anything else in the file falls back to the default.
CHOICES: dict[str, tuple[str, ...]] = {
    "theme": ("light", "dark", "system"),
    "pinyin_mode": ("all", "unknown", "off"),
    "tone_colors": ("pleco", "alt", "off"),
}
HANZI_SIZES = (14, 48)  # reading font size in px, smallest and largest
NEW_CARDS_PER_DAY = (0, 9999)  # new review cards a day, fewest and most


@dataclass(frozen=True)
class Settings:
    theme: str = "light"  # light | dark | system
    hanzi_size: float = 22.0
    pinyin_mode: str = "all"  # all | unknown | off
    tone_numbers: bool = False
    tone_colors: str = "pleco"  # pleco | alt | off
    show_translation: bool = True
    traditional: bool = False
    sandhi: bool = False
    new_cards_per_day: int = 20  # review: new cards shown a day (companion/review/queue.py)
    clipboard_reader: bool = False  # annotate Chinese text copied in any program

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _valid(name: str, default: object, value: object) -> object | None:
    """value as the setting's type if it is one the setting may take, else None."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else None
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        low, high = NEW_CARDS_PER_DAY
        return value if low <= value <= high else None
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        low, high = HANZI_SIZES
        return float(value) if math.isfinite(value) and low <= value <= high else None
    if isinstance(value, str) and value in CHOICES.get(name, (value,)):
        return value
    return None


def load_settings(root: Path) -> Settings:
    """Settings from the data dir. A missing file gives the defaults; a damaged one the
    defaults and one log line; each bad value its default (one line naming them); unknown keys
    (a newer version's) are ignored."""
    path = root / FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return Settings()
    if not isinstance(raw, dict):
        log.warning("ignoring %s: not a JSON object", path)
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    bad: list[str] = []
    for f in fields(Settings):
        if f.name not in raw:
            continue
        value = _valid(f.name, getattr(defaults, f.name), raw[f.name])
        if value is None:
            bad.append(f.name)
        else:
            values[f.name] = value
    if bad:
        log.warning("%s: using the default for %s (bad value)", path, ", ".join(bad))
    return Settings(**values)


def save_settings(root: Path, settings: Settings) -> None:
    path = root / FILE
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    partial.replace(path)
