"""The settings page offers exactly the values settings.json accepts, and round-trips them."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from companion.settings import CHOICES, HANZI_SIZES, Settings
from companion.ui.settings_page import SettingsPage


@pytest.mark.parametrize(
    ("widget", "setting"),
    [("theme", "theme"), ("pinyin", "pinyin_mode"), ("colors", "tone_colors")],
)
def test_choices_are_the_ones_settings_accept(
    qtbot: QtBot, ui_app: object, widget: str, setting: str
) -> None:
    page = SettingsPage()
    qtbot.addWidget(page)
    combo = getattr(page, widget)
    assert [combo.itemData(i) for i in range(combo.count())] == list(CHOICES[setting])


def test_size_range_and_round_trip(qtbot: QtBot, ui_app: object) -> None:
    page = SettingsPage()
    qtbot.addWidget(page)
    assert (page.size.minimum(), page.size.maximum()) == HANZI_SIZES
    chosen = Settings(
        theme="dark",
        hanzi_size=30.0,
        pinyin_mode="unknown",
        tone_numbers=True,
        tone_colors="alt",
        show_translation=False,
        traditional=True,
        sandhi=True,
    )
    page.set_settings(chosen)
    emitted: list[Settings] = []
    page.settings_changed.connect(emitted.append)
    page.numbers.setChecked(False)
    assert emitted == [chosen.with_changes(tone_numbers=False)]
