"""Batched sentence translation through an installed Argos model, with a persistent cache.

We never call ``argostranslate.translate.translate()``: it runs MiniSBD sentence splitting,
which downloads a model on first use and fails offline. The text engine has already split the
sentences; we encode them with the package's own tokenizer (``argostranslate.tokenizer``),
translate all of a post's uncached sentences in **one** ``ctranslate2.Translator.translate_batch``
call, and decode. The CTranslate2 model loads once per model fingerprint, lazily, under a lock;
``translate()`` is safe to call from several threads.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from companion.errors import CompanionError, ResourceMissing
from companion.store.translation_cache import TranslationCache
from companion.translation.models import ModelInfo, ModelStore

log = logging.getLogger(__name__)

BEAM_SIZE = 4
MAX_BATCH_SIZE = 32
MAX_DECODING_LENGTH = 256


class NoModelInstalled(ResourceMissing):
    """No model for the requested pair; the message says how to install one."""

    def __init__(self, from_code: str, to_code: str) -> None:
        names = {"zh": "Chinese", "en": "English"}
        super().__init__(
            f"no {names.get(from_code, from_code)} → {names.get(to_code, to_code)} translation"
            f" model is installed; install one with `companion models install FILE.argosmodel`"
            f" (a downloaded Argos package), or `companion models install --online"
            f" {from_code} {to_code}` when online"
        )


class TranslationFailed(CompanionError):
    """The model could not be loaded or run (damaged files, out of memory)."""


@dataclass
class _Loaded:
    fingerprint: str
    translator: Any
    tokenizer: Any
    target_prefix: str


class ArgosTranslator:
    """Translates sentences with the installed model of a language pair."""

    def __init__(
        self, models: ModelStore, cache: TranslationCache | None = None, *, threads: int = 0
    ) -> None:
        self.models = models
        self.cache = cache
        self.threads = threads
        self._loaded: dict[str, _Loaded] = {}
        self._lock = threading.Lock()

    def model(self, from_code: str = "zh", to_code: str = "en") -> ModelInfo:
        """The installed model for a pair, or NoModelInstalled."""
        model = self.models.find(from_code, to_code)
        if model is None:
            raise NoModelInstalled(from_code, to_code)
        return model

    def available(self, from_code: str = "zh", to_code: str = "en") -> bool:
        return self.models.find(from_code, to_code) is not None

    def warm_up(self, from_code: str = "zh", to_code: str = "en") -> None:
        """Load the model now (call from a worker thread)."""
        self._load(self.model(from_code, to_code))

    def translate(
        self, sentences: Sequence[str], from_code: str = "zh", to_code: str = "en"
    ) -> list[str]:
        """One translation per sentence, in order; blank sentences translate to ''."""
        model = self.model(from_code, to_code)
        key = model.fingerprint
        texts = [s.strip() for s in sentences]
        wanted = [t for t in dict.fromkeys(texts) if t]
        known = self.cache.get_many(model.pair, key, wanted) if self.cache and wanted else {}
        missing = [t for t in wanted if t not in known]
        if missing:
            fresh = self._translate_batch(model, missing)
            if self.cache is not None:
                self.cache.put_many(model.pair, key, fresh.items())
            known.update(fresh)
        return [known.get(t, "") if t else "" for t in texts]

    def forget(self, model: ModelInfo) -> None:
        """Drop the loaded model and cached translations of a pair (model removed or replaced)."""
        with self._lock:
            self._loaded.pop(model.pair, None)
        if self.cache is not None:
            self.cache.forget(model.pair)

    # -- internals --------------------------------------------------------------------------

    def _translate_batch(self, model: ModelInfo, sentences: list[str]) -> dict[str, str]:
        loaded = self._load(model)
        tokenized = [loaded.tokenizer.encode(s) for s in sentences]
        prefix = [[loaded.target_prefix]] * len(tokenized) if loaded.target_prefix else None
        try:
            results = loaded.translator.translate_batch(
                tokenized,
                target_prefix=prefix,
                beam_size=BEAM_SIZE,
                max_batch_size=MAX_BATCH_SIZE,
                max_decoding_length=MAX_DECODING_LENGTH,
                replace_unknowns=True,
                length_penalty=0.2,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationFailed(f"the {model.pair} model failed to translate: {exc}") from exc
        out = {}
        for sentence, result in zip(sentences, results, strict=True):
            text = loaded.tokenizer.decode(result.hypotheses[0]).strip()
            if loaded.target_prefix and text.startswith(loaded.target_prefix):
                text = text[len(loaded.target_prefix) :].strip()
            out[sentence] = text
        return out

    def _load(self, model: ModelInfo) -> _Loaded:
        with self._lock:
            loaded = self._loaded.get(model.pair)
            if loaded is not None and loaded.fingerprint == model.fingerprint:
                return loaded
            # argostranslate freezes its settings at first import: point it at our folder.
            os.environ["ARGOS_PACKAGES_DIR"] = str(self.models.packages_dir)
            import ctranslate2
            from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

            tokenizer_path = model.tokenizer
            if tokenizer_path.name == "bpe.model":
                tokenizer: Any = BPETokenizer(tokenizer_path, model.from_code, model.to_code)
            else:
                tokenizer = SentencePieceTokenizer(tokenizer_path)
            try:
                translator = ctranslate2.Translator(
                    str(model.path / "model"),
                    device="cpu",
                    inter_threads=1,
                    intra_threads=self.threads,
                )
                tokenizer.encode("测试")  # load the tokenizer now too, and fail early
            except (RuntimeError, ValueError, OSError) as exc:
                raise TranslationFailed(
                    f"the {model.pair} model in {model.path} cannot be loaded ({exc}); "
                    "install it again"
                ) from exc
            metadata = json.loads((model.path / "metadata.json").read_text(encoding="utf-8"))
            loaded = _Loaded(
                model.fingerprint, translator, tokenizer, str(metadata.get("target_prefix", ""))
            )
            self._loaded[model.pair] = loaded
            log.info("loaded translation model %s", model.pair)
            return loaded


PROBE_SENTENCES = {"zh": "今天天气很好。", "en": "The weather is nice today."}


def probe_model(store: ModelStore, model: ModelInfo) -> None:
    """Load a model (a staged one too) and translate one sentence; raise InvalidModel saying
    why if its weights or tokenizer are broken. Nothing is cached."""
    from companion.translation.models import InvalidModel

    sentence = PROBE_SENTENCES.get(model.from_code, PROBE_SENTENCES["en"])
    try:
        ArgosTranslator(store)._translate_batch(model, [sentence])
    except Exception as exc:  # the tokenizer and CTranslate2 raise assorted types
        cause = exc.__cause__ if isinstance(exc, TranslationFailed) and exc.__cause__ else exc
        reason = " ".join(str(cause).replace(f"{model.path}{os.sep}", "").split())
        reason = reason.split(". ")[0][:160] or type(cause).__name__
        raise InvalidModel(f"its model does not load or translate ({reason})") from exc
