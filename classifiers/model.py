"""The model classifier: encoder + head, raised (never lowered) by the lexicon."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from bot.domain import Assessment, Category, Severity
from classifiers.encoder.load import Encoder
from classifiers.head import Head
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS
from classifiers.rules import categories_of, scan

CATEGORY_THRESHOLD = 0.5


class ModelClassifier:
    """`SeverityClassifier` backed by a transformer; thread-safe (one lock)."""

    def __init__(self, encoder: Encoder, head: Head, meta: dict[str, Any]) -> None:
        self.encoder = encoder
        self.head = head
        self.meta = meta
        self.name = f"model:{encoder.encoder_id}"
        self._lock = threading.Lock()

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Severity probabilities (n, 5) and category probabilities (n, 10)."""
        emb = self.encoder.embed(texts)
        with self._lock, torch.inference_mode():
            sev, cat = self.head(torch.from_numpy(emb))
        return sev.softmax(-1).numpy(), cat.sigmoid().numpy()

    def classify(self, texts: Sequence[str]) -> list[Assessment]:
        if not texts:
            return []
        sev_p, cat_p = self.predict(texts)
        return [combine(t, s, c) for t, s, c in zip(texts, sev_p, cat_p, strict=True)]

    def warm_up(self) -> None:
        self.classify(["warm up", "zagrijavanje modela"])


def combine(text: str, sev_p: np.ndarray, cat_p: np.ndarray) -> Assessment:
    """Model grade, then the lexicon: its hits can only raise the severity."""
    hits = tuple(scan(text))
    model_sev = Severity(SEVERITY_LABELS[int(sev_p.argmax())])
    severity = Severity.highest(model_sev, *(h.severity for h in hits))
    found = {Category(CATEGORY_LABELS[i]) for i, p in enumerate(cat_p) if p >= CATEGORY_THRESHOLD}
    if model_sev is Severity.NONE:
        found = set()
    found |= set(categories_of(hits))
    categories = tuple(c for c in Category if c in found)
    scores = {label: round(float(p), 4) for label, p in zip(SEVERITY_LABELS, sev_p, strict=True)}
    return Assessment(severity, scores, categories, hits)
