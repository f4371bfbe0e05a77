"""A BiLSTM tagger run in plain numpy (no deep-learning framework at inference).

The network: one embedding per feature field (the token features of ``features.py``),
concatenated -> one bidirectional LSTM layer -> a linear
layer to the BIO labels -> log-softmax; tags come from a Viterbi pass that only allows
``I-X`` after ``B-X`` or ``I-X``. Trained with PyTorch by ``tools/train_tagger.py``; the
weights ship as float16 arrays in ``tagger.npz`` plus ``vocab.json``.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from rashomon.attribution.tagger.decode import LABELS
from rashomon.attribution.tagger.features import TokenFeatures, Value

FloatArray = NDArray[np.float32]
PAD, UNK = 0, 1
CHUNK = 160  # the network reads windows of whole sentences of about this many tokens


def windows(ends: Sequence[bool], size: int = CHUNK) -> list[tuple[int, int]]:
    """Cut a document into windows [start, end): each ends at the first sentence end
    (``ends[i]``: a period, question or exclamation mark, or a line break; see
    ``TokenFeatures.ends``) once ``size`` tokens are in. Training and inference cut the
    same way; the LSTM state starts afresh in each window."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, end in enumerate(ends):
        if end and i - start >= size:
            out.append((start, i + 1))
            start = i + 1
    out.append((start, len(ends)))
    return [(a, b) for a, b in out if b > a]


def _by_value(vocabulary: Mapping[str, int]) -> dict[str | float | None, int]:
    """``vocabulary`` keyed by feature value: its strings, plus the float each numeric
    string is written from (``str(1.0) == "1.0"``), plus None (an absent feature) -> PAD."""
    out: dict[str | float | None, int] = {key: index for key, index in vocabulary.items()}
    for key, index in vocabulary.items():
        try:
            number = float(key)
        except ValueError:
            continue
        if str(number) == key:
            out[number] = index
    out[None] = PAD
    return out


def _allowed() -> FloatArray:
    n = len(LABELS)
    trans = np.zeros((n, n), dtype=np.float32)
    for a, la in enumerate(LABELS):
        for b, lb in enumerate(LABELS):
            if lb.startswith("I-") and la[2:] != lb[2:]:
                trans[a, b] = -1e9
    return trans


TRANSITIONS = _allowed()
START = np.array([-1e9 if lab.startswith("I-") else 0.0 for lab in LABELS], dtype=np.float32)


# For each label, the labels that may precede it (all, or for I-X only B-X and I-X).
_BEFORE = [[a for a in range(len(LABELS)) if TRANSITIONS[a, b] == 0] for b in range(len(LABELS))]
# Labels any label may precede, and (I-X, B-X, I-X) for those only B-X or I-X may precede.
_FREE = [b for b, before in enumerate(_BEFORE) if len(before) == len(LABELS)]
_PAIRS = [(b, before[0], before[1]) for b, before in enumerate(_BEFORE) if len(before) == 2]
if len(_FREE) + len(_PAIRS) != len(LABELS):
    raise RuntimeError("viterbi expects BIO labels: O, B-X and I-X")
# Below this lower bound on path scores a forbidden transition (-1e9) could win a maximum.
_SAFE_BOUND = -1e8


def viterbi(log_probs: FloatArray) -> list[str]:
    """The best BIO-valid label sequence for per-token label log-probabilities.

    Runs in plain Python over the rows, in float32 arithmetic: each sum of two float32
    values is taken in double precision and stored in a float32 array, which rounds it to
    the float32 sum exactly (double rounding is exact for addition); ties go to the lower
    label, as ``argmax`` does. So the result is ``_viterbi_numpy``'s, label for label, about
    twice as fast. Only a forbidden transition is never taken, which the numpy version
    takes only when every allowed path scores below -1e9: where the scores could come near
    that (``_SAFE_BOUND``), the numpy version runs.
    """
    n = log_probs.shape[0]
    if n == 0:
        return []
    if float(log_probs.min(1).sum(dtype=np.float64)) < _SAFE_BOUND:
        return _viterbi_numpy(log_probs)
    rows: list[list[float]] = log_probs.tolist()
    store = array("f", [0.0] * len(LABELS))  # assigning rounds to float32
    for b, start in enumerate(START.tolist()):
        store[b] = rows[0][b] + start
    score = store.tolist()
    back: list[list[int]] = []
    for row in rows[1:]:
        top = max(score)
        pointers = [score.index(top)] * len(LABELS)  # any label may precede these
        for b in _FREE:
            store[b] = top + row[b]
        for b, x, y in _PAIRS:  # I-X: after B-X (x) or I-X (y); a tie goes to x
            best = y if score[y] > score[x] else x
            pointers[b] = best
            store[b] = score[best] + row[b]
        back.append(pointers)
        score = store.tolist()
    path = [score.index(max(score))]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    return [LABELS[k] for k in reversed(path)]


def _viterbi_numpy(log_probs: FloatArray) -> list[str]:
    """``viterbi`` in numpy, one step per token: the reference it is tested against."""
    n = log_probs.shape[0]
    if n == 0:
        return []
    score = log_probs[0] + START
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + TRANSITIONS
        back[i] = cand.argmax(0)
        score = cand.max(0) + log_probs[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return [LABELS[k] for k in reversed(best)]


class BiLSTM:
    """Numpy forward pass of the trained network."""

    def __init__(
        self, arrays: Mapping[str, NDArray[np.generic]], vocab: Mapping[str, object]
    ) -> None:
        fields = vocab["fields"]
        maps = vocab["vocab"]
        assert isinstance(fields, list) and isinstance(maps, dict)
        self.fields: list[str] = [str(f) for f in fields]
        self.maps: list[dict[str, int]] = [dict(maps[f]) for f in self.fields]
        # the same maps read by value: a flag's float (1.0) as its string ("1.0") and an
        # absent feature (None) as PAD, so encoding needs no str() per value
        self._ids: list[dict[str | float | None, int]] = [_by_value(m) for m in self.maps]
        self.emb = [
            np.asarray(arrays[f"emb{j}"], dtype=np.float32) for j in range(len(self.fields))
        ]
        self.dirs = []
        for suffix in ("", "_reverse"):
            w_ih = np.asarray(arrays[f"w_ih{suffix}"], dtype=np.float32)
            w_hh = np.asarray(arrays[f"w_hh{suffix}"], dtype=np.float32)
            bias = np.asarray(arrays[f"b_ih{suffix}"], dtype=np.float32) + np.asarray(
                arrays[f"b_hh{suffix}"], dtype=np.float32
            )
            # The input, forget and output gates (PyTorch's order: i, f, g, o) are halved,
            # so one tanh over all four gates gives tanh(x / 2) for those three, and
            # sigmoid(x) = (tanh(x / 2) + 1) / 2. Halving is exact in binary floating
            # point, so every value equals the unhalved computation's bit for bit.
            half = np.ones(w_hh.shape[0], dtype=np.float32)
            hid = w_hh.shape[1]
            half[: 2 * hid] = half[3 * hid :] = 0.5
            self.dirs.append(
                (
                    np.ascontiguousarray((w_ih * half[:, None]).T),
                    np.ascontiguousarray((w_hh * half[:, None]).T),
                    bias * half,
                )
            )
        self.hidden = self.dirs[0][1].shape[0]
        self.out_w = np.ascontiguousarray(np.asarray(arrays["out_w"], dtype=np.float32).T)
        self.out_b = np.asarray(arrays["out_b"], dtype=np.float32)

    def encode(self, feats: TokenFeatures) -> NDArray[np.int64]:
        """Vocabulary ids, (tokens, fields): PAD where a feature is absent, UNK where its
        value is unknown."""
        empty: list[Value] = [None] * feats.size
        columns = []
        for name, ids in zip(self.fields, self._ids, strict=True):
            get = ids.get
            columns.append([get(value, UNK) for value in feats.columns.get(name, empty)])
        out = np.array(columns, dtype=np.int64).reshape(len(self.fields), feats.size)
        return np.ascontiguousarray(out.T)

    def _lstm(self, x: FloatArray, spans: list[tuple[int, int]]) -> FloatArray:
        """Both directions over every window at once: (tokens, 2 * hidden)."""
        hid = self.hidden
        n_win = len(spans)
        longest = max(b - a for a, b in spans)
        # time first, then direction and window: windows left-aligned, the backward
        # direction reading each window reversed
        pre = np.zeros((longest, 2, n_win, 4 * hid), dtype=np.float32)
        for d, (w_ih, _, bias) in enumerate(self.dirs):
            proj = x @ w_ih + bias
            for k, (a, b) in enumerate(spans):
                pre[: b - a, d, k] = proj[a:b] if d == 0 else proj[a:b][::-1]
        w_hh = np.stack([self.dirs[0][1], self.dirs[1][1]])  # (2, hid, 4 hid)
        h = np.zeros((2, n_win, hid), dtype=np.float32)
        c = np.zeros((2, n_win, hid), dtype=np.float32)
        states = np.empty((longest, 2, n_win, hid), dtype=np.float32)
        for t in range(longest):
            g = pre[t] + h @ w_hh
            np.tanh(g, out=g)  # tanh(x / 2) for the halved gates i, f, o; tanh(x) for g
            s = (g + 1.0) * 0.5  # the sigmoid of gates i, f, o (the g block unused)
            c = s[..., hid : 2 * hid] * c + s[..., :hid] * g[..., 2 * hid : 3 * hid]
            h = s[..., 3 * hid :] * np.tanh(c)
            states[t] = h
        out = np.empty((x.shape[0], 2 * hid), dtype=np.float32)
        for k, (a, b) in enumerate(spans):
            out[a:b, :hid] = states[: b - a, 0, k]
            out[a:b, hid:] = states[: b - a, 1, k][::-1]
        return out

    def log_probs(self, feats: TokenFeatures) -> FloatArray:
        ids = self.encode(feats)
        x = np.concatenate([e[ids[:, j]] for j, e in enumerate(self.emb)], axis=1)
        h = self._lstm(x, windows(feats.ends))
        logits = h @ self.out_w + self.out_b
        logits -= logits.max(1, keepdims=True)
        out: FloatArray = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        return out

    def tag(self, feats: TokenFeatures) -> list[str]:
        if not feats.size:
            return []
        return viterbi(self.log_probs(feats))
