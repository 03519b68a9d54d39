"""Export readers stream: memory stays bounded whatever the file size; encodings are sniffed."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.importers.errors import ImportFormatError
from companion.importers.streams import iter_json_array, sniff_encoding
from companion.library import Library
from tests.importers import exports


def test_json_array_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        for n in range(30_000):
            fh.write(("," if n else "") + json.dumps(exports.note(n), ensure_ascii=False) + "\n")
        fh.write("]\n")
    size = path.stat().st_size
    assert size > 20_000_000
    tracemalloc.start()
    count = sum(1 for _ in iter_json_array(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 30_000
    assert peak < 2_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),  # the parser's range
            st.text(max_size=30),
            st.floats(allow_nan=False, allow_infinity=False),
            st.dictionaries(
                st.text(max_size=5),
                st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),
                max_size=3,
            ),
        ),
        max_size=20,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_json_array_reader_matches_json_load(values: list, indent: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        path.write_text(json.dumps(values, ensure_ascii=False, indent=indent), encoding="utf-8")
        assert [v for _, v in iter_json_array(path)] == values


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "expected a JSON array"),
        ("[1, 2", "record 2: invalid JSON .the file ends in the middle"),
        ("[1 2]", "record 1: invalid JSON .after array element, I expect ','"),
        ("[1] [2]", "unexpected data after"),
    ],
)
def test_json_array_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=message):
        list(iter_json_array(path))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("标题".encode(), "utf-8-sig"),
        ("\ufeff标题".encode(), "utf-8-sig"),
        ("标题".encode("gb18030"), "gb18030"),
        (("字" * 40_000).encode()[:65537], "utf-8-sig"),
    ],
)
def test_sniff_encoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert sniff_encoding(path) == encoding


def test_huge_post_body_is_cut_and_reported(library: Library, tmp_path: Path) -> None:
    body = "今天去探店，真的绝绝子！" * 90_000  # about 1 MB of text in one note
    path = exports.write_json(tmp_path / "huge.json", [exports.note(1, desc=body)])
    report = library.import_paths([path])
    assert report.errors == [] and report.added == 1
    (note,) = report.files[0].notes
    assert exports.note(1)["note_id"] in note and "kept the first 100,000" in note
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None and stored.post.body == body[:100_000]
    assert stored.difficulty is not None and stored.difficulty.tokens > 40_000
