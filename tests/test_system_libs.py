"""The programs ``./dev`` installs on Debian for speech: found on the search path or named."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from companion.system_libs import main, missing_programs


def programs(folder: Path, *names: str) -> str:
    folder.mkdir()
    for name in names:
        program = folder / name
        program.write_text("#!/bin/sh\n")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return str(folder)


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ((), ["espeak-ng", "alsa-utils"]),
        (("espeak-ng",), ["alsa-utils"]),
        (("espeak-ng", "paplay"), []),
        (("pw-play",), ["espeak-ng"]),
    ],
)
def test_missing_programs(tmp_path: Path, present: tuple[str, ...], missing: list[str]) -> None:
    assert missing_programs(programs(tmp_path / "bin", *present)) == missing


def test_packages_speech_lists_one_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", programs(tmp_path / "bin", "aplay"))
    assert main(["packages", "speech"]) == 0
    assert capsys.readouterr().out == "espeak-ng\n"
    assert main(["packages", "sound"]) == 2
