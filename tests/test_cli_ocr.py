"""`companion ocr IMAGE [--json]` and `companion posts import shot.png` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.cli import main
from companion.paths import DataDir
from tests.ocr.pictures import encoded, text_picture

LINES = ["今天的晚饭", "番茄炒蛋配米饭"]


def test_ocr_json_lines_in_reading_order(
    session_data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cover.jpg"
    path.write_bytes(encoded(text_picture(LINES), "JPEG", quality=92))
    assert main(["--data-dir", str(session_data_dir.root), "ocr", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [line["text"] for line in payload["lines"]] == LINES
    first = payload["lines"][0]
    assert set(first) == {"text", "box", "confidence"} and len(first["box"]) == 4
    assert 0 < first["confidence"] <= 1
    assert main(["--data-dir", str(session_data_dir.root), "ocr", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == LINES


@pytest.mark.parametrize(
    ("data", "message"),
    [("这是文字".encode(), "not a picture"), (encoded(text_picture([]), "PNG"), "no text found")],
)
def test_ocr_refuses_with_one_line(
    session_data_dir: DataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    message: str,
) -> None:
    path = tmp_path / "picture.png"
    path.write_bytes(data)
    assert main(["--data-dir", str(session_data_dir.root), "ocr", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_posts_import_a_screenshot_with_no_post_text(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shot.png"
    path.write_bytes(encoded(text_picture([]), "PNG"))
    assert main(["--data-dir", str(data_dir.root), "posts", "import", str(path)]) == 1
    assert "shot.png: no text found" in capsys.readouterr().err
