"""The session file: what was saved comes back; a damaged or foreign one is a fresh start."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.session import FILE, MAX_BYTES, ReadingPlace, Session, load_session, save_session


def test_round_trip(tmp_path: Path) -> None:
    session = Session("reader", ReadingPlace(7, 2, 140, -12.5, False), "AAEC", "AwQ=")
    save_session(tmp_path, session)
    assert load_session(tmp_path) == session
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Session()),
        ("{not json", Session()),
        ("[1, 2]", Session()),
        ('{"page": 3, "geometry": null}', Session()),
        ('{"page": "vocab", "place": {"post_id": -1}}', Session("vocab")),
        ('{"page": "vocab", "place": {"post_id": true}}', Session("vocab")),
        ('{"place": {"post_id": 3, "shift": "far"}}', Session()),
        ('{"place": {"post_id": 3, "shift": 1e300}}', Session()),
        ('{"place": {"post_id": 3}, "newer": 1}', Session(place=ReadingPlace(3))),
        ('"x"' + " " * MAX_BYTES, Session()),
    ],
)
def test_a_bad_file_is_a_fresh_start(tmp_path: Path, text: str, expected: Session) -> None:
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    assert load_session(tmp_path) == expected


def test_no_file(tmp_path: Path) -> None:
    assert load_session(tmp_path) == Session()
