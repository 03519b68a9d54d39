"""g2pM's polyphone BiLSTM, run as our own batched numpy forward pass (no torch).

g2pM's own call costs about 1.6 ms a sentence; this pass steps each direction only from the
window's end to the target, about 45 µs a read, and reads a whole sentence's open characters in
one batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_HIDDEN = 32


class BiLSTM:
    """g2pM's BiLSTM as a batched numpy forward pass over precomputed input projections."""

    def __init__(self) -> None:
        import numpy as np
        from g2pM import G2pM

        self.np = np
        g2pm = G2pM()  # loads four small pickles, ~15 ms
        self.char2idx: dict[str, int] = g2pm.char2idx
        self.unk = g2pm.char2idx["<UNK>"]
        self.bos = g2pm.char2idx["시"]  # g2pM's own sentence start and end tokens
        self.eos = g2pm.char2idx["끝"]
        classes = [g2pm.idx2class[i].replace("u:", "v") for i in range(len(g2pm.idx2class))]
        class_index = {c: i for i, c in enumerate(classes)}
        # Polyphonic characters and their readings, CC-CEDICT's as g2pM digests them.
        self.candidates: dict[str, tuple[tuple[str, ...], list[int]]] = {}
        for char, readings in g2pm.cedict.items():
            if len(readings) > 1:
                names = tuple(r.replace("u:", "v") for r in readings)
                self.candidates[char] = (names, [class_index[n] for n in names])

        h = _HIDDEN
        f32 = np.float32

        # Columns are laid out gate-major, [i_fw i_bw | f_fw f_bw | o_fw o_bw | g_fw g_bw], so
        # each gate is one contiguous slice for both directions. PyTorch orders gates i, f, g, o.
        # sigmoid(x) = (tanh(x / 2) + 1) / 2, so halving the i, f, o pre-activations lets one
        # tanh call serve all four gates.
        def place(out: np.ndarray, block: np.ndarray, direction: int) -> None:
            for slot, gate in enumerate((0, 1, 3, 2)):
                col = (2 * slot + direction) * h
                out[:, col : col + h] = block[:, gate * h : (gate + 1) * h] * (
                    1.0 if gate == 2 else 0.5
                )

        emb = g2pm.embeddings.astype(f32)
        # Input projections of every character, one table per direction with the other
        # direction's columns zero, so table_fw[a] + table_bw[b] is the input of a step that
        # reads a forwards and b backwards. The last row, `pad`, is all zeros: from a zero
        # state a zero pre-activation keeps the state exactly zero (c = 0.5 * 0 + 0.5 * tanh(0),
        # h = 0.5 * tanh(0)), so rows padded at the front start cleanly at their real start.
        self.pad = emb.shape[0]
        self.table_fw = np.zeros((self.pad + 1, 8 * h), dtype=f32)
        self.table_bw = np.zeros((self.pad + 1, 8 * h), dtype=f32)
        place(self.table_fw[:-1], emb @ g2pm.weight_ih.T + (g2pm.bias_ih + g2pm.bias_hh), 0)
        place(
            self.table_bw[:-1],
            emb @ g2pm.weight_ih_reverse.T + (g2pm.bias_ih_reverse + g2pm.bias_hh_reverse),
            1,
        )
        rec = np.zeros((2 * h, 8 * h), dtype=f32)  # rows: [h_fw, h_bw]
        place(rec[:h], g2pm.weight_hh.T, 0)
        place(rec[h:], g2pm.weight_hh_reverse.T, 1)
        # Column-major batches (features x batch) keep every gate slice contiguous.
        self.recurrent_t = np.ascontiguousarray(rec.T, dtype=np.float32)  # (8h, 2h)
        self.w0 = g2pm.hidden_weight_l0.astype(np.float32)  # (32, 2h)
        self.b0 = g2pm.hidden_bias_l0.astype(np.float32)[:, None]
        self.w1 = g2pm.hidden_weight_l1.astype(np.float32)  # (classes, 32)
        self.b1 = g2pm.hidden_bias_l1.astype(np.float32)
        self.heads: dict[str, tuple[tuple[str, ...], np.ndarray, np.ndarray]] = {}

    def ids(self, text: str) -> list[int]:
        """Model input for one piece of text, with start and end tokens."""
        get, unk = self.char2idx.get, self.unk
        return [self.bos, *[get(c, unk) for c in text], self.eos]

    def read(
        self, chars: Sequence[str], left: Sequence[Sequence[int]], right: Sequence[Sequence[int]]
    ) -> list[tuple[str, float]]:
        """The most probable reading of chars[b] and its probability among that character's
        readings, for a batch of targets. left[b] is row b's input up to and including its
        target, right[b] its input from the target on, read backwards (target last).

        Both directions run only up to the target, in step: the forward pass over left[b], the
        backward pass over right[b]. Shorter rows are padded at the front with the zero row,
        which leaves the zero starting state exactly zero."""
        np = self.np
        batch = len(left)
        steps = max(max(len(r) for r in left), max(len(r) for r in right))
        pad = self.pad
        # xin[t] is the (8h, batch) input of step t.
        if batch == 1:
            fw, bw = left[0], right[0]
            xin = self.table_fw[[pad] * (steps - len(fw)) + list(fw)]
            xin += self.table_bw[[pad] * (steps - len(bw)) + list(bw)]
            xin = xin.reshape(steps, 8 * _HIDDEN, 1)
        else:
            fws = [[pad] * (steps - len(r)) + list(r) for r in left]
            bws = [[pad] * (steps - len(r)) + list(r) for r in right]
            xin = self.table_fw[np.array(fws, dtype=np.intp).T]
            xin += self.table_bw[np.array(bws, dtype=np.intp).T]
            xin = np.ascontiguousarray(xin.transpose(0, 2, 1))
        h = _HIDDEN
        hid = np.zeros((2 * h, batch), dtype=np.float32)
        c = np.zeros((2 * h, batch), dtype=np.float32)
        tmp = np.empty_like(c)
        gates = np.empty((8 * h, batch), dtype=np.float32)
        sigm = gates[: 6 * h]
        i_gate, f_gate = gates[: 2 * h], gates[2 * h : 4 * h]
        o_gate, g_gate = gates[4 * h : 6 * h], gates[6 * h :]
        recurrent = self.recurrent_t
        matmul, tanh, multiply = np.matmul, np.tanh, np.multiply
        for t in range(steps):
            matmul(recurrent, hid, out=gates)
            gates += xin[t]
            tanh(gates, out=gates)
            sigm *= 0.5
            sigm += 0.5
            c *= f_gate
            multiply(i_gate, g_gate, out=tmp)
            c += tmp
            tanh(c, out=tmp)
            multiply(o_gate, tmp, out=hid)
        hidden = self.w0 @ hid
        hidden += self.b0
        np.maximum(hidden, 0, out=hidden)
        out = []
        for b, char in enumerate(chars):
            head = self.heads.get(char)
            if head is None:
                names, idx = self.candidates[char]
                head = self.heads[char] = (names, self.w1[idx], self.b1[idx])
            z = (head[1] @ hidden[:, b] + head[2]).tolist()
            top = max(z)
            total = 0.0
            for v in z:
                total += math.exp(v - top)
            out.append((head[0][z.index(top)], 1.0 / total))
        return out
