"""Whether this system can draw emoji: the one policy the feed and the reader share.

Without an emoji font, Qt draws emoji as tofu boxes, so the feed drops them from titles and the
reader shows a sticker's label instead of its emoji. A font counts only if it really draws emoji:
the well-known colour-emoji families first, then any family named "…Emoji…", each confirmed by a
glyph for 😂 in that very font (Qt silently substitutes another font for a family it lacks).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

COLOUR_EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Segoe UI Emoji",
    "Twemoji",
    "Twitter Color Emoji",
    "JoyPixels",
    "EmojiOne Color",
)
PROBE = 0x1F602  # 😂, in every emoji font since Unicode 6.0

_found: list[str | None] = []  # the answer, once a QGuiApplication could give it


def draws_emoji(family: str) -> bool:
    """True if the installed font `family` itself (not a substitute) has a glyph for 😂."""
    raw = QRawFont.fromFont(QFont(family))
    return raw.isValid() and raw.familyName() == family and raw.supportsCharacter(PROBE)


def emoji_family() -> str | None:
    """The family of the emoji font Qt will draw emoji with, or None if there is none.

    Needs a QGuiApplication; asked before one exists it answers None without remembering it."""
    if _found:
        return _found[0]
    if QGuiApplication.instance() is None:
        return None
    families = QFontDatabase.families()
    installed = set(families)
    known = [f for f in COLOUR_EMOJI_FAMILIES if f in installed]
    named = [f for f in families if "emoji" in f.lower() and f not in known]
    found = next((f for f in (*known, *named) if draws_emoji(f)), None)
    _found.append(found)
    return found


def has_emoji_font() -> bool:
    """Whether emoji can be drawn as emoji (otherwise they would render as tofu boxes)."""
    return emoji_family() is not None
