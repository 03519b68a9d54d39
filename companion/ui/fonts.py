"""Fonts: Noto Sans SC (OFL, from the pylopdf-fonts-zh-cn package) for Chinese and pinyin alike.

Qt on a bare Linux machine has no CJK font, so Chinese would render as tofu boxes; Noto Sans SC
covers every HSK character and every tone-marked pinyin vowel (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ).
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

FAMILY = "Noto Sans SC"


@cache
def load_fonts() -> str:
    """Register the bundled font once; returns the family name to use (call after QApplication)."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:  # pragma: no cover - a hard dependency
        log.error("pylopdf-fonts-zh-cn is missing: Chinese may not render")
        return QFont().family()
    font_id = QFontDatabase.addApplicationFont(str(pylopdf_fonts_zh_cn.sans_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("could not load %s", pylopdf_fonts_zh_cn.sans_path())
        return QFont().family()
    return families[0]


def ui_font(point_size: float = 10.5) -> QFont:
    font = QFont(load_fonts())
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font
