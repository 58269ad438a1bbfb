"""A small hashed character n-gram model of severity, stacked with the encoder's head.

Why: the encoder sees Cyrillic and Latin, diacritics or none, capitals or not,
as different texts, and colloquial spellings ("ubicu te", "UBIĆU TE",
"убићу те") fall apart in its embedding. This model reads the lexicon's folded
view of a text (`rules.normalize.fold`: lower case, no diacritics, Cyrillic
to Latin, doubled letters collapsed), so every such spelling gives the same
features, at training and at serving alike. Features: character 2- to
5-grams and whole words, hashed (crc32) into a fixed number of buckets,
log-scaled counts, L2-normalised; a linear layer gives severity logits.
Served with numpy; trained with torch (`classifiers.train`).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.rules.normalize import fold

WEIGHTS = "ngrams.safetensors"
BUCKETS = 1 << 16
MIN_N, MAX_N = 2, 5


_MULTIPLIER = np.uint64(1_000_003)
_MIX = np.uint64(0x45D9F3B)
_LOW32 = np.uint64(0xFFFFFFFF)


def _mix(h: np.ndarray) -> np.ndarray:
    """Spread every bit of a 32-bit hash into the low ones (buckets are low bits)."""
    h = ((h ^ (h >> np.uint64(16))) * _MIX) & _LOW32
    h = ((h ^ (h >> np.uint64(16))) * _MIX) & _LOW32
    return h ^ (h >> np.uint64(16))


def _char_gram_hashes(folded: str) -> np.ndarray:
    """A polynomial hash of every character n-gram, MIN_N to MAX_N, all at once in numpy
    (folded text is ASCII; no n-gram is only spaces, as `fold` leaves single spaces)."""
    chars = np.frombuffer(folded.encode("ascii"), np.uint8).astype(np.uint64)
    parts = []
    for n in range(MIN_N, MAX_N + 1):
        count = len(chars) - n + 1
        if count <= 0:
            break
        h = np.full(count, n, np.uint64)
        for k in range(n):
            h = (h * _MULTIPLIER + chars[k : k + count]) & _LOW32
        parts.append(h)
    return _mix(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)


def hashed_features(text: str, buckets: int = BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, values) of one text: log-scaled counts, L2-normalised."""
    folded = fold(text)
    if not folded.strip():
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    words = np.fromiter((zlib.crc32(b"w:" + w.encode("ascii")) for w in folded.split()), np.uint64)
    hashes = np.concatenate([_char_gram_hashes(folded), words])
    idx, counts = np.unique((hashes % np.uint64(buckets)).astype(np.int64), return_counts=True)
    val = (1.0 + np.log(counts)).astype(np.float32)
    return idx, val / np.float32(np.linalg.norm(val))


class NgramModel:
    """Hashed n-grams -> severity logits (numpy; thread-safe, no state)."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
        self.weight = np.asarray(weight, np.float32)
        """(buckets, severities)"""
        self.bias = np.asarray(bias, np.float32)
        self.buckets = int(self.weight.shape[0])

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.tile(self.bias, (len(texts), 1))
        for row, text in enumerate(texts):
            idx, val = hashed_features(text, self.buckets)
            if len(idx):
                out[row] += val @ self.weight[idx]
        return out


def save_ngrams(model: NgramModel, folder: Path) -> None:
    from safetensors.numpy import save_file

    arrays: dict[str, np.ndarray] = {
        "weight": model.weight.astype(np.float16),
        "bias": model.bias,
    }
    save_file(arrays, str(folder / WEIGHTS))


def load_ngrams(folder: Path, meta: dict[str, Any]) -> NgramModel | None:
    """The model the head's metadata names, or None when the head stands alone."""
    info = meta.get("ngrams")
    if not info or float(info.get("head_weight", 1.0)) >= 1.0:
        return None
    from safetensors.numpy import load_file

    arrays = load_file(str(folder / WEIGHTS))
    return NgramModel(arrays["weight"], arrays["bias"])
