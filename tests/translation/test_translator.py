"""Batched translation through the real tiny model: alignment, one batch, cache, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from companion.translation.translator import ArgosTranslator, NoModelInstalled


def test_translates_every_sentence_in_one_batch(
    library: Library, zh_en_model: Path, no_network: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    library.install_model(zh_en_model)
    translator = library.translator
    translator.warm_up()
    loaded = translator._load(translator.model())
    calls: list[int] = []
    real = loaded.translator.translate_batch

    class Spy:
        def translate_batch(self, batch: list[list[str]], **options: object) -> object:
            calls.append(len(batch))
            return real(batch, **options)

    monkeypatch.setattr(loaded, "translator", Spy())
    sentences = ["我去银行还钱了。", "", "今天天气很好！", "我去银行还钱了。", "  绝绝子😋 "]
    out = translator.translate(sentences)
    assert len(out) == 5 and out[1] == ""
    assert out[0] == out[3] and all(out[i] for i in (0, 2, 4))
    assert calls == [3]  # the three distinct sentences, one batch
    assert translator.translate(sentences) == out
    assert calls == [3]  # second time: all from the cache
    assert no_network == []


def test_cache_never_outlives_its_model(
    library: Library, zh_en_model: Path, tmp_path: Path
) -> None:
    from tests.translation.argos_fixture import build_argosmodel

    library.install_model(zh_en_model)
    cache = library.translator.cache
    assert cache is not None
    library.translator.translate(["你好。", "再见。"])
    assert cache.count("zh-en") == 2
    library.install_model(build_argosmodel(tmp_path / "v2.argosmodel", version="2.0", seed=5))
    assert cache.count("zh-en") == 0
    library.translator.translate(["你好。"])
    assert cache.count("zh-en") == 1
    library.remove_model("zh", "en")
    assert cache.count() == 0
    with pytest.raises(NoModelInstalled, match="companion models install"):
        library.translator.translate(["你好。"])


def test_threads_share_one_translator(library: Library, zh_en_model: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    library.install_model(zh_en_model)
    translator = ArgosTranslator(library.models)  # no cache: every call runs the model
    batches = [[f"第{n}句话。", f"第{n}个句子！"] for n in range(8)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(translator.translate, batches))
    assert [len(r) for r in results] == [2] * 8
    assert results == [translator.translate(b) for b in batches]


def test_corrupt_installed_model_is_a_clear_error(library: Library, zh_en_model: Path) -> None:
    from companion.translation.translator import TranslationFailed

    model = library.install_model(zh_en_model).value
    (model.path / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(TranslationFailed, match="cannot be loaded"):
        library.translator.translate(["你好。"])


def run_cli(data: DataDir, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data.root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_models_and_translate(
    data_dir: DataDir,
    zh_en_model: Path,
    capsys: pytest.CaptureFixture[str],
    no_network: list[object],
) -> None:
    code, _, err = run_cli(data_dir, capsys, "translate", "你好。")
    assert code == 1 and err.count("\n") == 1
    assert "no Chinese → English translation model is installed" in err
    assert "companion models install FILE.argosmodel" in err
    code, out, _ = run_cli(data_dir, capsys, "translate", "--gloss", "我去银行。")
    assert code == 0 and "gloss: I · go · bank" in out  # interlinear: no infinitive "to"
    code, out, _ = run_cli(data_dir, capsys, "models", "install", str(zh_en_model))
    assert code == 0 and "installed zh → en (version 1.0)" in out
    code, out, _ = run_cli(data_dir, capsys, "models", "list", "--json")
    assert [(m["from"], m["to"]) for m in json.loads(out)] == [("zh", "en")]
    code, out, _ = run_cli(data_dir, capsys, "translate", "--json", "我去银行还钱了。今天很好！")
    payload = json.loads(out)
    assert [s["text"] for s in payload["sentences"]] == ["我去银行还钱了。", "今天很好！"]
    assert all(s["translation"] and s["gloss"] for s in payload["sentences"])
    assert payload["sentences"][1]["start"] == 8
    code, _, err = run_cli(data_dir, capsys, "models", "install", str(data_dir.database))
    assert code == 1 and "not a zip archive" in err
    code, out, _ = run_cli(data_dir, capsys, "models", "remove", "zh", "en")
    assert code == 0 and "removed zh → en" in out
    assert no_network == []
