"""Owns tiny, offline-built Argos Translate packages (`.argosmodel`) for translation tests.

`build_argosmodel` writes a structurally real package: one top folder holding `metadata.json`,
`README.md`, a SentencePiece `sentencepiece.model` trained here on a few dozen lines, and
`model/`, a one-layer CTranslate2 Transformer with small random weights whose shared vocabulary
is the SentencePiece vocabulary. It translates into gibberish, quickly and deterministically.
`build_invalid_models` writes broken packages for validation tests, `build_zip_bomb` a package
whose model.bin is a few MB that expand to GBs (written without ever holding the GBs).
Nothing is downloaded.
"""

from __future__ import annotations

import io
import json
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import TransformerSpec

__all__ = ["build_argosmodel", "build_invalid_models", "build_zip_bomb", "corrupt_package"]

D_MODEL = 16
FFN_DIM = 32
NUM_HEADS = 2
VOCAB_SIZE = 512  # byte_fallback needs 256 byte pieces + 3 specials + every corpus character
EOS_ID = 2
LENGTH_DIM = D_MODEL - 1  # residual channel carrying the decoding step (see _decoder_positions)
LENGTH_SLOPE = 0.5  # with EOS_WEIGHT: </s> wins after about 4-8 decoding steps
EOS_WEIGHT = 3.0
MAX_POSITIONS = 256  # enough for ctranslate2's default max_decoding_length (256)
ARGOS_VERSION = "1.9"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps keep the archive byte-for-byte deterministic

LANGUAGE_NAMES = {
    "zh": "Chinese",
    "zt": "Chinese (traditional)",
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ja": "Japanese",
    "ko": "Korean",
}

CORPUS = [
    "我今天早上去咖啡店喝了一杯拿铁。",
    "这家店的蛋糕很好吃，推荐给大家！",
    "周末我们一起去爬山吧，天气很好。",
    "上海的秋天特别舒服，适合散步。",
    "姐妹们，这个口红颜色真的绝了！",
    "今天的晚饭是妈妈做的红烧肉。",
    "我在小红书上看到了这家火锅店。",
    "坐地铁去公司大概要四十分钟。",
    "新买的衣服有点大，想换小一号。",
    "北京的烤鸭和上海的小笼包都很有名。",
    "这本书讲的是一个女孩的成长故事。",
    "明天下雨，记得带伞出门哦。",
    "朋友推荐的电影果然很好看。",
    "我们学校旁边新开了一家奶茶店。",
    "猫咪每天早上六点就叫我起床。",
    "周五晚上一起去吃烧烤怎么样？",
    "这次旅行的照片我都发在朋友圈了。",
    "学中文最难的是声调和汉字。",
    "I had a latte at the coffee shop this morning.",
    "The cake at this shop is delicious, highly recommended!",
    "Let's go hiking together this weekend, the weather is nice.",
    "Autumn in Shanghai is very pleasant for a walk.",
    "Girls, this lipstick color is absolutely amazing!",
    "Dinner today was braised pork made by my mother.",
    "I saw this hot pot restaurant on Xiaohongshu.",
    "It takes about forty minutes to get to the office by subway.",
    "The new clothes are a bit big, I want a smaller size.",
    "Beijing roast duck and Shanghai soup dumplings are both famous.",
    "This book tells the story of a girl growing up.",
    "It will rain tomorrow, remember to take an umbrella.",
    "The movie my friend recommended was really good.",
    "A new milk tea shop opened next to our school.",
    "My cat wakes me up at six every morning.",
    "How about a barbecue together on Friday night?",
    "I posted all the photos from this trip on my feed.",
    "The hardest part of learning Chinese is tones and characters.",
    "Ich habe heute Morgen einen Kaffee getrunken.",
    "Das Wetter ist schön, wir gehen wandern.",
]


def _language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _top_folder(from_code: str, to_code: str, version: str) -> str:
    return f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"


def _train_sentencepiece() -> bytes:
    """A unigram SentencePiece model with byte fallback, so any Unicode text encodes."""
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS),
        model_writer=buffer,
        model_type="unigram",
        vocab_size=VOCAB_SIZE,
        hard_vocab_limit=False,
        character_coverage=1.0,
        byte_fallback=True,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        num_threads=1,
        normalization_rule_name="identity",  # no NFKC table: keeps the model ~10 kB
        minloglevel=2,
    )
    return buffer.getvalue()


def _decoder_positions() -> np.ndarray:
    """Sinusoidal position encodings whose last channel ramps up with the decoding step.

    Random weights alone rarely predict </s>, so every hypothesis would run to the maximum
    length. Only </s> reads the ramp channel (see `EOS_WEIGHT`) and no layer writes to it, so
    the </s> logit grows with each step and outputs stay a few tokens long.
    """
    positions = np.arange(MAX_POSITIONS, dtype=np.float32)[:, None]
    half = D_MODEL // 2
    inv_freq = np.exp(-np.log(10000.0) * np.arange(half, dtype=np.float32) / (half - 1))
    table = np.concatenate([np.sin(positions * inv_freq), np.cos(positions * inv_freq)], axis=1)
    table[:, LENGTH_DIM] = positions[:, 0] * LENGTH_SLOPE
    return table.astype(np.float32)


class _RandomTransformerConverter(Converter):
    """Fills a one-layer Transformer spec with seeded random weights over a shared vocabulary."""

    def __init__(self, vocabulary: list[str], seed: int) -> None:
        self._vocabulary = vocabulary
        self._rng = np.random.default_rng(seed)

    def _random(self, *shape: int) -> np.ndarray:
        return (self._rng.standard_normal(shape) * 0.2).astype(np.float32)

    def _layer_norm(self, spec: Any) -> None:
        spec.gamma = np.ones(D_MODEL, dtype=np.float32)
        spec.beta = np.zeros(D_MODEL, dtype=np.float32)

    def _linear(self, spec: Any, out_dim: int, in_dim: int, *, to_residual: bool = False) -> None:
        spec.weight = self._random(out_dim, in_dim)
        spec.bias = np.zeros(out_dim, dtype=np.float32)
        if to_residual:  # keep the length channel of the residual stream clean
            spec.weight[LENGTH_DIM] = 0.0

    def _self_attention(self, spec: Any) -> None:
        self._layer_norm(spec.layer_norm)
        self._linear(spec.linear[0], 3 * D_MODEL, D_MODEL)  # fused query/key/value
        self._linear(spec.linear[1], D_MODEL, D_MODEL, to_residual=True)

    def _ffn(self, spec: Any) -> None:
        self._layer_norm(spec.layer_norm)
        self._linear(spec.linear_0, FFN_DIM, D_MODEL)
        self._linear(spec.linear_1, D_MODEL, FFN_DIM, to_residual=True)

    def _load(self) -> TransformerSpec:
        spec = TransformerSpec.from_config(num_layers=1, num_heads=NUM_HEADS)
        # One tied embedding (encoder, decoder, output projection): CTranslate2 stores it once.
        embedding = self._random(len(self._vocabulary), D_MODEL)
        embedding[:, LENGTH_DIM] = 0.0
        embedding[EOS_ID, LENGTH_DIM] = EOS_WEIGHT

        encoder = spec.encoder
        encoder.embeddings[0].weight = embedding
        self._layer_norm(encoder.layer_norm)
        for layer in encoder.layer:
            self._self_attention(layer.self_attention)
            self._ffn(layer.ffn)

        decoder = spec.decoder
        decoder.embeddings.weight = embedding
        decoder.position_encodings.encodings = _decoder_positions()
        self._layer_norm(decoder.layer_norm)
        decoder.projection.weight = embedding
        decoder.projection.bias = np.zeros(len(self._vocabulary), dtype=np.float32)
        for layer in decoder.layer:
            self._self_attention(layer.self_attention)
            cross = layer.attention
            self._layer_norm(cross.layer_norm)
            self._linear(cross.linear[0], D_MODEL, D_MODEL)  # query
            self._linear(cross.linear[1], 2 * D_MODEL, D_MODEL)  # fused key/value
            self._linear(cross.linear[2], D_MODEL, D_MODEL, to_residual=True)
            self._ffn(layer.ffn)

        spec.register_source_vocabulary(self._vocabulary)
        spec.register_target_vocabulary(self._vocabulary)
        return spec


def _metadata(from_code: str, to_code: str, version: str, name: str | None) -> dict[str, object]:
    from_name, to_name = _language_name(from_code), _language_name(to_code)
    return {
        "package_version": version,
        "argos_version": ARGOS_VERSION,
        "from_code": from_code,
        "from_name": from_name,
        "to_code": to_code,
        "to_name": to_name,
        "name": name if name is not None else f"{from_name} → {to_name} (test fixture)",
        "type": "translate",
        "links": [],
    }


def _package_files(
    from_code: str, to_code: str, version: str, name: str | None, seed: int
) -> dict[str, bytes]:
    """The package's files keyed by path relative to its top folder."""
    sp_model = _train_sentencepiece()
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    metadata = _metadata(from_code, to_code, version, name)
    readme = (
        f"# {metadata['name']}\n\n"
        "A tiny randomly initialised model built offline by tests/translation/argos_fixture.py.\n"
        "It has the structure of a real Argos Translate package; its translations are gibberish.\n"
    )
    files = {
        "metadata.json": json.dumps(metadata, ensure_ascii=False, indent=2).encode(),
        "README.md": readme.encode(),
        "sentencepiece.model": sp_model,
    }
    with tempfile.TemporaryDirectory(prefix="argos-fixture-") as tmp:
        model_dir = Path(tmp) / "model"
        _RandomTransformerConverter(vocabulary, seed).convert(str(model_dir))
        for path in sorted(model_dir.iterdir()):
            files[f"model/{path.name}"] = path.read_bytes()
    return files


def _write_zip(target: Path, entries: dict[str, bytes]) -> Path:
    """Write entries (archive name → bytes; names ending in / are folders) as a zip."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry_name, data in entries.items():
            info = zipfile.ZipInfo(entry_name, date_time=ZIP_DATE)
            info.external_attr = (0o40755 << 16) | 0x10 if entry_name.endswith("/") else 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target


def _entries(top: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """Archive entries for files under the folder top, with folder entries like Argos zips."""
    entries: dict[str, bytes] = {f"{top}/": b""}
    for relative, data in files.items():
        if "/" in relative:
            entries.setdefault(f"{top}/{relative.rsplit('/', 1)[0]}/", b"")
        entries[f"{top}/{relative}"] = data
    return entries


def build_argosmodel(
    target: Path,
    from_code: str = "zh",
    to_code: str = "en",
    *,
    version: str = "1.0",
    name: str | None = None,
    seed: int = 0,
) -> Path:
    """Write a tiny .argosmodel zip at target (a file path) and return it.

    The archive holds one folder, `translate-{from}_{to}-{version with _}/`, as real packages do.
    `name` is the metadata's display name (default "Chinese → English (test fixture)").
    The same arguments always give the same bytes; `seed` varies the weights.
    """
    files = _package_files(from_code, to_code, version, name, seed)
    return _write_zip(Path(target), _entries(_top_folder(from_code, to_code, version), files))


def build_invalid_models(folder: Path) -> dict[str, Path]:
    """Write broken .argosmodel files into folder, keyed by what is wrong with each.

    Keys: "not a zip", "truncated zip", "no metadata", "metadata without codes",
    "no model dir", "no tokenizer", "path traversal" (a valid package plus entries
    `../evil.txt` and `/tmp/evil.txt`), "two top folders", "wrong pair" (a valid en→de package).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    top = _top_folder("zh", "en", "1.0")
    files = _package_files("zh", "en", "1.0", None, 0)
    without_codes = json.loads(files["metadata.json"])
    for key in ("from_code", "to_code", "from_codes", "to_codes"):
        without_codes.pop(key, None)

    def variant(slug: str, entries: dict[str, bytes]) -> Path:
        return _write_zip(folder / f"{slug}.argosmodel", entries)

    def minus(prefix: str) -> dict[str, bytes]:
        return {path: data for path, data in files.items() if not path.startswith(prefix)}

    valid = _entries(top, files)
    traversal = {**valid, "../evil.txt": b"escaped\n", "/tmp/evil.txt": b"escaped\n"}
    second_top = _entries(_top_folder("zh", "en", "1.1"), files)

    models: dict[str, Path] = {}
    not_a_zip = folder / "not-a-zip.argosmodel"
    not_a_zip.write_bytes(b"This is plain text pretending to be an Argos model.\n")
    models["not a zip"] = not_a_zip
    whole = _write_zip(folder / "whole.tmp.zip", valid).read_bytes()
    (folder / "whole.tmp.zip").unlink()
    truncated = folder / "truncated.argosmodel"
    truncated.write_bytes(whole[: len(whole) // 2])
    models["truncated zip"] = truncated
    models["no metadata"] = variant("no-metadata", _entries(top, minus("metadata.json")))
    models["metadata without codes"] = variant(
        "metadata-without-codes",
        _entries(top, {**files, "metadata.json": json.dumps(without_codes).encode()}),
    )
    models["no model dir"] = variant("no-model-dir", _entries(top, minus("model/")))
    models["no tokenizer"] = variant("no-tokenizer", _entries(top, minus("sentencepiece.model")))
    models["path traversal"] = variant("path-traversal", traversal)
    models["two top folders"] = variant("two-top-folders", {**valid, **second_top})
    models["wrong pair"] = build_argosmodel(folder / "wrong-pair.argosmodel", "en", "de")
    return models


def corrupt_package(target: Path, broken: str, data: bytes) -> Path:
    """A well-formed zh→en package (valid zip, every file present) whose file ``broken``
    (e.g. "model/model.bin" or "sentencepiece.model") holds ``data`` instead."""
    files = _package_files("zh", "en", "1.1", None, 1)
    assert broken in files, broken
    files[broken] = data
    return _write_zip(Path(target), _entries(_top_folder("zh", "en", "1.1"), files))


def _deflated_zeros(size: int) -> tuple[bytes, int]:
    """Raw deflate data for ``size`` zero bytes and their CRC-32, built 1 MiB at a time: after a
    full flush the compressor starts afresh, so one compressed MiB can simply be repeated."""
    mib = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(mib)) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(size, mib)
    crc = 0
    zeros = bytes(mib)
    for _ in range(whole):
        crc = zlib.crc32(zeros, crc)
    crc = zlib.crc32(bytes(rest), crc)
    tail = compressor.compress(bytes(rest)) + compressor.flush()
    return block * whole + tail, crc


def build_zip_bomb(target: Path, expanded: int) -> Path:
    """A zh→en package whose model/model.bin is ``expanded`` zero bytes (under 4 GiB, no zip64),
    deflated to about 1/1000 of that; the other files are the real fixture's. The zip is written
    by hand (zipfile cannot store precompressed data)."""
    assert expanded < 1 << 32
    top = _top_folder("zh", "en", "6.6")
    files = _package_files("zh", "en", "6.6", None, 0)
    entries: list[tuple[str, bytes, int, int, int]] = []  # name, data, crc, size, method
    for name, data in _entries(
        top, {k: v for k, v in files.items() if k != "model/model.bin"}
    ).items():
        if name.endswith("/"):
            entries.append((name, b"", 0, 0, 0))
        else:
            packed = zlib.compressobj(9, zlib.DEFLATED, -15)
            body = packed.compress(data) + packed.flush()
            entries.append((name, body, zlib.crc32(data), len(data), 8))
    body, crc = _deflated_zeros(expanded)
    entries.append((f"{top}/model/model.bin", body, crc, expanded, 8))
    dos_time, dos_date = 0, (2024 - 1980) << 9 | 1 << 5 | 1
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, crc32, size, method in entries:
        raw = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                dos_time,
                dos_date,
                crc32,
                len(data),
                size,
                len(raw),
                0,
            )
        )
        out.write(raw + data)
        attributes = (0o40755 << 16) | 0x10 if name.endswith("/") else 0o644 << 16
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                0x0314,
                20,
                0,
                method,
                dos_time,
                dos_date,
                crc32,
                len(data),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                attributes,
                offset,
            )
        )
        central.write(raw)
    start = out.tell()
    out.write(central.getvalue())
    out.write(
        struct.pack(
            "<IHHHHIIH",
            0x06054B50,
            0,
            0,
            len(entries),
            len(entries),
            len(central.getvalue()),
            start,
            0,
        )
    )
    Path(target).write_bytes(out.getvalue())
    return Path(target)
