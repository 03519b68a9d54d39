"""The learner's preferences, saved as settings.json in the data dir (no Qt)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE = "settings.json"


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

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def load_settings(root: Path) -> Settings:
    """Settings from the data dir; unknown keys and bad values fall back to defaults."""
    path = root / FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return Settings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        value = raw.get(f.name) if isinstance(raw, dict) else None
        default = getattr(defaults, f.name)
        number = isinstance(default, float) and isinstance(value, int)
        if isinstance(value, type(default)) or number:
            values[f.name] = type(default)(value)
    return Settings(**values)


def save_settings(root: Path, settings: Settings) -> None:
    path = root / FILE
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    partial.replace(path)
