"""settings.json: defaults, bad and unknown values, damaged files, round trip."""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from pathlib import Path

import pytest

from companion.settings import FILE, Settings, load_settings, save_settings

DEFAULTS = Settings()


def write(root: Path, content: str | bytes) -> None:
    path = root / FILE
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def test_no_file_gives_the_defaults(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert load_settings(tmp_path) == DEFAULTS
    assert caplog.records == []


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"theme": "dark"}, {"theme": "dark"}),
        ({"theme": "system"}, {"theme": "system"}),
        ({"hanzi_size": 30}, {"hanzi_size": 30.0}),  # an integer is a size too
        ({"hanzi_size": 14.5}, {"hanzi_size": 14.5}),
        ({"pinyin_mode": "unknown"}, {"pinyin_mode": "unknown"}),
        (
            {"tone_colors": "off", "tone_numbers": True},
            {"tone_colors": "off", "tone_numbers": True},
        ),
        ({"show_translation": False}, {"show_translation": False}),
        ({"traditional": True, "sandhi": True}, {"traditional": True, "sandhi": True}),
        ({"new_cards_per_day": 5}, {"new_cards_per_day": 5}),
        ({"new_cards_per_day": 0}, {"new_cards_per_day": 0}),  # reviews only
        ({"future_setting": 1, "theme": "dark"}, {"theme": "dark"}),  # a newer version's key
        ({}, {}),
    ],
)
def test_good_values_are_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, stored: dict[str, object], expected: dict
) -> None:
    write(tmp_path, json.dumps(stored))
    assert load_settings(tmp_path) == DEFAULTS.with_changes(**expected)
    assert caplog.records == []  # nothing to warn about, unknown keys included


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ({"theme": "purple"}, {}),  # not one of the choices
        ({"theme": 1}, {}),
        ({"theme": None}, {}),
        ({"pinyin_mode": "ALL"}, {}),
        ({"tone_colors": ""}, {}),
        ({"hanzi_size": "22"}, {}),
        ({"hanzi_size": True}, {}),  # a bool is not a size
        ({"hanzi_size": 0}, {}),  # outside what the settings page offers
        ({"hanzi_size": 1e9}, {}),
        ({"hanzi_size": -20.0}, {}),
        ({"tone_numbers": 1}, {}),  # 1 is not True here
        ({"sandhi": "yes"}, {}),
        ({"show_translation": None}, {}),
        ({"new_cards_per_day": -1}, {}),
        ({"new_cards_per_day": 2.5}, {}),  # a number of cards is whole
        ({"new_cards_per_day": True}, {}),
        ({"new_cards_per_day": "20"}, {}),
        ({"new_cards_per_day": 10**6}, {}),
        ({"theme": "purple", "sandhi": True}, {"sandhi": True}),  # the good ones are kept
    ],
)
def test_bad_values_fall_back_one_by_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, stored: dict[str, object], kept: dict
) -> None:
    write(tmp_path, json.dumps(stored))
    with caplog.at_level(logging.WARNING, logger="companion.settings"):
        assert load_settings(tmp_path) == DEFAULTS.with_changes(**kept)
    (record,) = caplog.records
    bad = [name for name in stored if name not in kept]
    assert all(name in record.getMessage() for name in bad)


@pytest.mark.parametrize(
    "content",
    [
        "{",  # cut short
        "",
        '{"theme": NaN',
        "[1, 2, 3]",  # JSON, but not an object
        '"dark"',
        "null",
        b"\xff\xfe\x00garbage",  # not UTF-8
        b"\x00" * 64,
    ],
)
def test_a_damaged_file_gives_defaults_and_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str | bytes
) -> None:
    write(tmp_path, content)
    with caplog.at_level(logging.WARNING, logger="companion.settings"):
        assert load_settings(tmp_path) == DEFAULTS
    (record,) = caplog.records
    assert str(tmp_path / FILE) in record.getMessage() and "\n" not in record.getMessage()


def test_a_folder_in_its_place_gives_defaults(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / FILE).mkdir()
    with caplog.at_level(logging.WARNING, logger="companion.settings"):
        assert load_settings(tmp_path) == DEFAULTS
    assert len(caplog.records) == 1


@pytest.mark.parametrize(
    "settings",
    [
        DEFAULTS,
        Settings(
            theme="dark",
            hanzi_size=48.0,
            pinyin_mode="off",
            tone_numbers=True,
            tone_colors="alt",
            show_translation=False,
            traditional=True,
            sandhi=True,
        ),
        DEFAULTS.with_changes(theme="system", hanzi_size=14.0, pinyin_mode="unknown"),
    ],
)
def test_round_trip(tmp_path: Path, settings: Settings) -> None:
    save_settings(tmp_path, settings)
    assert load_settings(tmp_path) == settings
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE]  # no partial file left
    assert set(json.loads((tmp_path / FILE).read_text(encoding="utf-8"))) == {
        f.name for f in fields(Settings)
    }


def test_every_default_is_a_valid_value(tmp_path: Path) -> None:
    """A settings file holding the defaults themselves loads without a warning."""
    save_settings(tmp_path, DEFAULTS)
    assert load_settings(tmp_path) == DEFAULTS
