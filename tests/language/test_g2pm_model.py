"""Our numpy BiLSTM reads as g2pM's own model does: same reading, same probability.

g2pM (its own code, its own forward pass) is the reference; the sentences are the CPP sample
shipped with the tests, each read in full at every polyphonic character."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from companion.language.g2pm_model import BiLSTM

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "cpp_sample.sent"
SENTENCES = [
    line.replace("▁", "") for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line
]


class Reference:
    """g2pM itself, with the logits of its last call kept (captured from its own fc_layer)."""

    def __init__(self) -> None:
        from g2pM import G2pM

        class Capturing(G2pM):  # type: ignore[misc]
            logits: np.ndarray

            def fc_layer(self, inputs: np.ndarray) -> np.ndarray:
                self.logits = super().fc_layer(inputs)
                return self.logits

        self.g2pm = Capturing()

    def read(self, sentence: str) -> tuple[list[str], np.ndarray]:
        """g2pM's reading of every character, and the logits of its polyphonic ones."""
        readings = self.g2pm(sentence, char_split=True)
        return [r.replace("u:", "v") for r in readings], np.atleast_2d(self.g2pm.logits)


@pytest.fixture(scope="module")
def model() -> BiLSTM:
    return BiLSTM()


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference()


def test_the_sample_is_large_enough() -> None:
    assert len(SENTENCES) >= 300


def test_readings_and_probabilities_match_g2pm(model: BiLSTM, reference: Reference) -> None:
    compared = agreed = 0
    worst = 0.0
    for sentence in SENTENCES:
        positions = [p for p, c in enumerate(sentence) if c in model.candidates]
        if not positions:
            continue
        expected, logits = reference.read(sentence)
        assert len(logits) == len(positions)
        ids = model.ids(sentence)  # start token first: character p is ids[p + 1]
        left = [ids[: p + 2] for p in positions]
        right = [ids[p + 1 :][::-1] for p in positions]
        ours = model.read([sentence[p] for p in positions], left, right)
        for p, row, (reading, probability) in zip(positions, logits, ours, strict=True):
            names, classes = model.candidates[sentence[p]]
            z = row[classes] - row[classes].max()
            shares = np.exp(z) / np.exp(z).sum()  # g2pM's logits, among this character's readings
            assert reading == names[int(shares.argmax())], (sentence, p)
            worst = max(worst, abs(probability - float(shares.max())))
            compared += 1
            agreed += reading == expected[p]  # g2pM's argmax runs over every class
    assert compared >= 300
    assert worst < 1e-4, f"probabilities differ by up to {worst}"
    assert agreed / compared > 0.99  # only where g2pM picks a reading the character lacks
    print(f"{compared} readings, {agreed} as g2pM's, probabilities within {worst:.1e}")
