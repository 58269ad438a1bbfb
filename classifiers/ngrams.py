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

import math
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.rules.normalize import fold

WEIGHTS = "ngrams.safetensors"
BUCKETS = 1 << 16
MIN_N, MAX_N = 2, 5


def _grams(text: str) -> Counter[str]:
    folded = fold(text)
    grams: Counter[str] = Counter()
    for n in range(MIN_N, MAX_N + 1):
        for i in range(len(folded) - n + 1):
            gram = folded[i : i + n]
            if gram.strip():
                grams[gram] += 1
    grams.update("w:" + word for word in folded.split())
    return grams


def hashed_features(text: str, buckets: int = BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, values) of one text: log-scaled counts, L2-normalised."""
    counts: Counter[int] = Counter()
    for gram, count in _grams(text).items():
        counts[zlib.crc32(gram.encode()) % buckets] += count
    if not counts:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    idx = np.fromiter(counts.keys(), np.int64, len(counts))
    val = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
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
