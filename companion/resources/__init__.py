"""Files shipped with Companion: slang glossary, sample posts, fonts, styles and icons."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Absolute path of a shipped resource file."""
    return RESOURCES.joinpath(*parts)
