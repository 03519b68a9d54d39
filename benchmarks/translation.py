"""Translation benchmarks: our per-post batch vs raw CTranslate2 on the same sentences; cache.

The model is the tests' tiny structurally real Argos package (no download), so the figures
measure our overhead around CTranslate2 rather than a real model's quality or speed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.report import Row
from benchmarks.text_engine import REDNOTE_STYLE
from benchmarks.timing import best_of


def run(root: Path) -> list[Row]:
    import ctranslate2
    import sentencepiece

    from companion.language.annotate import Annotator
    from companion.library import Library
    from companion.paths import DataDir
    from companion.translation import translator as tr
    from tests.translation.argos_fixture import build_argosmodel

    library = Library(DataDir(root / "home"), seed_samples=False)
    model = library.install_model(build_argosmodel(root / "zh_en.argosmodel")).value
    engine = Annotator(library.data.cache)
    post = (REDNOTE_STYLE * 3).replace("宝子们", "家人们", 1)
    sentences = [s.text.strip() for s in engine.annotate(post).sentences if s.text.strip()]
    sentences = list(dict.fromkeys(sentences))

    uncached = tr.ArgosTranslator(library.models)  # no cache: every call runs the model
    uncached.translate(sentences)
    ours = best_of(lambda: uncached.translate(sentences), repeat=7)

    raw = ctranslate2.Translator(str(model.path / "model"), device="cpu", inter_threads=1)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(model.tokenizer))

    def baseline() -> None:
        batch = [sp.encode(s, out_type=str) for s in sentences]
        results = raw.translate_batch(
            batch,
            beam_size=tr.BEAM_SIZE,
            max_batch_size=tr.MAX_BATCH_SIZE,
            max_decoding_length=tr.MAX_DECODING_LENGTH,
            replace_unknowns=True,
            length_penalty=0.2,
        )
        [sp.decode_pieces(r.hypotheses[0]) for r in results]

    baseline()
    base = best_of(baseline, repeat=7)
    rows = [
        Row(
            f"translate a post, {len(sentences)} sentences, one batch (ms)",
            ours * 1000,
            base * 1000,
            "raw ctranslate2",
            target="overhead <= 10%",
            ok=ours <= base * 1.10,
        ),
        Row(
            "sentences per second (tiny model)",
            len(sentences) / ours,
            len(sentences) / base,
            "raw ctranslate2",
            higher_is_better=True,
        ),
    ]
    cached = library.translator
    cached.translate(sentences)
    again = best_of(lambda: cached.translate(sentences), repeat=7)
    rows.append(
        Row(
            "re-translate the same post from the cache (ms)",
            again * 1000,
            ours * 1000,
            "uncached",
            target="< 5 ms",
            ok=again < 0.005,
        )
    )
    library.close()
    return rows


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))
