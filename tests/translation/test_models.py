"""Model packages: install from a file (validated, atomic), list, remove, install online."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.errors import InvalidInput, ResourceMissing
from companion.translation.models import (
    InvalidModel,
    ModelStore,
    check_package,
    package_version,
)
from tests.translation.argos_fixture import build_argosmodel, build_invalid_models


def test_install_list_remove(tmp_path: Path, zh_en_model: Path) -> None:
    store = ModelStore(tmp_path / "argos-packages")
    assert store.installed() == []
    progress: list[tuple[int, int | None]] = []
    model = store.install_file(zh_en_model, lambda d, t, m: progress.append((d, t)))
    assert (model.from_code, model.to_code, model.version) == ("zh", "en", "1.0")
    assert progress and progress[-1][0] == progress[-1][1]
    assert store.installed() == [model] and store.find("zh", "en") == model
    assert [p.name for p in (tmp_path / "argos-packages").iterdir()] == ["translate-zh_en"]
    store.remove("zh", "en")
    assert store.installed() == [] and list((tmp_path / "argos-packages").iterdir()) == []
    with pytest.raises(InvalidInput, match="no zh→en model is installed"):
        store.remove("zh", "en")


def test_en_zh_is_accepted_too(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "p")
    file = build_argosmodel(tmp_path / "en_zh.argosmodel", "en", "zh")
    assert store.install_file(file).pair == "en-zh"


def test_replacing_a_model_swaps_it_whole(tmp_path: Path, zh_en_model: Path) -> None:
    store = ModelStore(tmp_path / "p")
    first = store.install_file(zh_en_model)
    newer = build_argosmodel(tmp_path / "new.argosmodel", version="1.1", seed=3)
    second = store.install_file(newer)
    assert second.version == "1.1" and second.fingerprint != first.fingerprint
    assert [m.version for m in store.installed()] == ["1.1"]
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["translate-zh_en"]


EXPECTED_ERRORS = {
    "not a zip": "not a zip archive",
    "truncated zip": "damaged",
    "no metadata": "no metadata.json",
    "metadata without codes": "does not name the languages",
    "no model dir": "no model/ folder",
    "no tokenizer": "no tokenizer",
    "path traversal": "unsafe entry",
    "two top folders": "exactly one top folder",
    "wrong pair": "translates en→de; Companion needs",
}


def test_bad_files_are_refused_and_nothing_changes(tmp_path: Path, zh_en_model: Path) -> None:
    store = ModelStore(tmp_path / "argos-packages")
    installed = store.install_file(zh_en_model)
    bad = build_invalid_models(tmp_path / "bad")
    assert set(bad) == set(EXPECTED_ERRORS)
    before = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "argos-packages").rglob("*"))
    for kind, path in bad.items():
        with pytest.raises(InvalidModel, match=EXPECTED_ERRORS[kind]):
            store.install_file(path)
    after = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "argos-packages").rglob("*"))
    assert after == before
    assert store.installed() == [installed]
    assert not (Path("/tmp/evil.txt").exists() or (tmp_path / "evil.txt").exists())


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidModel, match="no such file"):
        check_package(tmp_path / "nope.argosmodel")


@pytest.fixture
def package_server(tmp_path: Path, zh_en_model: Path) -> Iterator[str]:
    """A loopback HTTP server with an Argos-style index.json and the fixture package."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "zh_en.argosmodel").write_bytes(zh_en_model.read_bytes())
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(root)),  # type: ignore[misc]
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = [
        {
            "from_code": "zh",
            "to_code": "en",
            "package_version": "0.9",
            "links": [f"{base}/missing.argosmodel"],
        },
        {
            "from_code": "zh",
            "to_code": "en",
            "package_version": "1.10",
            "links": [f"{base}/zh_en.argosmodel"],
        },
        {"from_code": "en", "to_code": "de", "package_version": "2.0", "links": [f"{base}/x"]},
    ]
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{base}/index.json"
    server.shutdown()
    server.server_close()


def test_online_install_from_an_index(
    tmp_path: Path, package_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http.server.SimpleHTTPRequestHandler, "log_message", lambda *a: None)
    store = ModelStore(tmp_path / "p")
    seen: list[str] = []
    model = store.install_online("zh", "en", lambda d, t, m: seen.append(m), package_server)
    assert model.pair == "zh-en"
    assert any(m.startswith("Downloading") for m in seen) and any("Unpacking" in m for m in seen)
    with pytest.raises(ResourceMissing, match="no en→zh model"):
        store.install_online("en", "zh", index_url=package_server)
    assert [p.name for p in (tmp_path / "p").iterdir()] == ["translate-zh_en"]


def test_online_install_offline_fails_fast(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "p")
    with pytest.raises(ResourceMissing, match="are you online"):
        store.install_online("zh", "en", index_url="http://127.0.0.1:9/index.json")
    assert store.installed() == []


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.9", "1.10"),  # numbers, not text
        ("1.0rc1", "1.0"),  # a release candidate comes before its release
        ("1.0", "1.0.1"),
        ("not a version", "0.1"),  # what does not parse counts as the oldest
        (None, "0.0.1"),  # no version at all likewise
    ],
)
def test_newest_package_version_wins(older: str | None, newer: str) -> None:
    def entry(version: str | None) -> dict[str, object]:
        return {} if version is None else {"package_version": version}

    assert package_version(entry(older)) < package_version(entry(newer))
