"""Owns the checks that tests/translation/argos_fixture.py builds real, installable Argos packages.

Argos Translate reads its settings (and creates folders under $HOME) when `argostranslate.settings`
is first imported, so installing runs in a subprocess whose HOME, XDG_* and ARGOS_PACKAGES_DIR
point into tmp_path, with socket connections disabled before anything is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sentencepiece as spm

from tests.translation.argos_fixture import build_argosmodel, build_invalid_models

TOP = "translate-zh_en-1_0"
EXPECTED_MEMBERS = {
    f"{TOP}/",
    f"{TOP}/metadata.json",
    f"{TOP}/README.md",
    f"{TOP}/sentencepiece.model",
    f"{TOP}/model/",
    f"{TOP}/model/config.json",
    f"{TOP}/model/model.bin",
    f"{TOP}/model/shared_vocabulary.json",
}

# Runs in a fresh interpreter: argv[1] is the .argosmodel; prints one JSON line.
INSTALL_AND_TRANSLATE = r"""
import json
import socket
import sys


class NetworkBlocked(RuntimeError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkBlocked(f"network access attempted: {args!r}")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse

from pathlib import Path

import ctranslate2
from argostranslate import package, settings

package.install_from_path(Path(sys.argv[1]))
installed = package.get_installed_packages()
pkg = next(p for p in installed if (p.from_code, p.to_code) == ("zh", "en"))
sources = ["我今天去咖啡店喝了一杯拿铁。", "周末一起去爬山吧！龘"]
tokens = [pkg.tokenizer.encode(text) for text in sources]
translator = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu")
results = translator.translate_batch(tokens, beam_size=2)
hypotheses = [result.hypotheses[0] for result in results]
try:
    socket.create_connection(("127.0.0.1", 9), timeout=0.1)
    guard_active = False
except NetworkBlocked:
    guard_active = True
print(json.dumps({
    "package_data_dir": str(settings.package_data_dir),
    "installed": [[p.from_code, p.to_code, p.package_path.name] for p in installed],
    "readme": pkg.get_readme(),
    "tokens": tokens,
    "hypotheses": hypotheses,
    "decoded": [pkg.tokenizer.decode(h) for h in hypotheses],
    "guard_active": guard_active,
}))
"""


@pytest.fixture(scope="module")
def zh_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One zh→en fixture package shared by this module's tests."""
    return build_argosmodel(tmp_path_factory.mktemp("argos") / "translate-zh_en.argosmodel")


def isolated_env(root: Path) -> dict[str, str]:
    """The environment with HOME, XDG_* and Argos settings pointed into root."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ARGOS_", "XDG_", "SNAP"))
    }
    env.update(
        HOME=str(root / "home"),
        XDG_DATA_HOME=str(root / "data"),
        XDG_CONFIG_HOME=str(root / "config"),
        XDG_CACHE_HOME=str(root / "cache"),
        ARGOS_PACKAGES_DIR=str(root / "packages"),
        ARGOS_DEVICE_TYPE="cpu",
    )
    return env


def test_archive_has_one_top_folder_with_the_expected_members(zh_en: Path) -> None:
    with zipfile.ZipFile(zh_en) as archive:
        names = set(archive.namelist())
        metadata = json.loads(archive.read(f"{TOP}/metadata.json"))
        config = json.loads(archive.read(f"{TOP}/model/config.json"))
        vocabulary = json.loads(archive.read(f"{TOP}/model/shared_vocabulary.json"))
        sp = spm.SentencePieceProcessor(model_proto=archive.read(f"{TOP}/sentencepiece.model"))
    assert names == EXPECTED_MEMBERS
    assert {name.split("/")[0] for name in names} == {TOP}
    assert metadata["from_code"] == "zh" and metadata["to_code"] == "en"
    assert metadata["from_name"] == "Chinese" and metadata["to_name"] == "English"
    assert metadata["type"] == "translate" and metadata["argos_version"] == "1.9"
    assert metadata["package_version"] == "1.0"
    assert vocabulary[:3] == ["<unk>", "<s>", "</s>"]
    assert vocabulary == [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    assert (config["unk_token"], config["bos_token"], config["eos_token"]) == (
        "<unk>",
        "<s>",
        "</s>",
    )
    # Byte fallback: characters never seen in training still encode without <unk>.
    assert sp.unk_id() not in sp.encode("龘靐齉 🎉")
    assert sp.decode(sp.encode("龘靐齉 🎉")) == "龘靐齉 🎉"


def test_build_is_deterministic_and_seeded(tmp_path: Path) -> None:
    first = build_argosmodel(tmp_path / "a.argosmodel").read_bytes()
    again = build_argosmodel(tmp_path / "b.argosmodel").read_bytes()
    reseeded = build_argosmodel(tmp_path / "c.argosmodel", seed=1).read_bytes()
    assert first == again
    assert first != reseeded


def test_other_pairs_versions_and_names(tmp_path: Path) -> None:
    path = build_argosmodel(tmp_path / "x.argosmodel", "en", "de", version="2.1", name="Test EN-DE")
    with zipfile.ZipFile(path) as archive:
        metadata = json.loads(archive.read("translate-en_de-2_1/metadata.json"))
    assert (metadata["from_code"], metadata["to_code"]) == ("en", "de")
    assert (metadata["package_version"], metadata["name"]) == ("2.1", "Test EN-DE")


def test_installs_and_translates_offline_in_an_isolated_argos(zh_en: Path, tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", INSTALL_AND_TRANSLATE, str(zh_en)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["guard_active"]
    assert report["package_data_dir"] == env["ARGOS_PACKAGES_DIR"]
    assert report["installed"] == [["zh", "en", TOP]]
    assert (tmp_path / "packages" / TOP / "model" / "model.bin").is_file()
    assert "test fixture" in report["readme"]
    assert all(tokens and "<unk>" not in tokens for tokens in report["tokens"])
    assert len(report["hypotheses"]) == 2
    assert all(0 < len(hypothesis) < 64 for hypothesis in report["hypotheses"])
    assert all(isinstance(text, str) for text in report["decoded"])
    # Argos created its folders under the isolated XDG dirs, not the real home.
    assert (tmp_path / "data" / "argos-translate").is_dir()
    assert (tmp_path / "config" / "argos-translate").is_dir()


def test_invalid_models_are_each_broken_in_the_named_way(tmp_path: Path) -> None:
    models = build_invalid_models(tmp_path / "bad")
    assert set(models) == {
        "not a zip",
        "truncated zip",
        "no metadata",
        "metadata without codes",
        "no model dir",
        "no tokenizer",
        "path traversal",
        "two top folders",
        "wrong pair",
    }
    assert all(path.is_file() and path.parent == tmp_path / "bad" for path in models.values())
    assert not zipfile.is_zipfile(models["not a zip"])
    assert not zipfile.is_zipfile(models["truncated zip"])

    def names(key: str) -> set[str]:
        with zipfile.ZipFile(models[key]) as archive:
            return set(archive.namelist())

    assert f"{TOP}/metadata.json" not in names("no metadata")
    assert not any(name.startswith(f"{TOP}/model/") for name in names("no model dir"))
    assert f"{TOP}/sentencepiece.model" not in names("no tokenizer")
    with zipfile.ZipFile(models["metadata without codes"]) as archive:
        metadata = json.loads(archive.read(f"{TOP}/metadata.json"))
    assert "from_code" not in metadata and "to_code" not in metadata
    assert {"../evil.txt", "/tmp/evil.txt"} <= names("path traversal")
    assert names("path traversal") >= EXPECTED_MEMBERS
    assert {name.split("/")[0] for name in names("two top folders")} == {TOP, "translate-zh_en-1_1"}
    with zipfile.ZipFile(models["wrong pair"]) as archive:
        metadata = json.loads(archive.read("translate-en_de-1_0/metadata.json"))
    assert (metadata["from_code"], metadata["to_code"]) == ("en", "de")
