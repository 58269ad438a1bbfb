"""The model classifier: encoder + head, raised (never lowered) by the lexicon."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bot.domain import Assessment, Category, RuleHit, Severity
from classifiers.encoder.load import Encoder
from classifiers.head import Head, hits_features, sigmoid, softmax
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS
from classifiers.rules import categories_of, scan

CATEGORY_THRESHOLD = 0.5
_HIGH = SEVERITY_LABELS.index("high")
_CRITICAL = SEVERITY_LABELS.index("critical")


class ModelClassifier:
    """`SeverityClassifier` backed by a transformer (ONNX Runtime) and a numpy head.

    Thread-safe: ONNX Runtime sessions may run from several threads, and the
    head holds no state.
    """

    def __init__(self, encoder: Encoder, head: Head, meta: dict[str, Any]) -> None:
        self.encoder = encoder
        self.head = head
        self.meta = meta
        self.name = f"model:{encoder.encoder_id}"
        self.guard = float(meta.get("guard_threshold", 0.0))
        self.rule_ids: list[str] = list(meta.get("rule_ids", []))

    def predict(
        self, texts: Sequence[str], hits: Sequence[Sequence[RuleHit]] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Severity probabilities (n, 5) and category probabilities (n, 10)."""
        return self.predict_features(self.encoder.embed(texts), texts, hits)

    def predict_features(
        self,
        emb: np.ndarray,
        texts: Sequence[str],
        hits: Sequence[Sequence[RuleHit]] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """As `predict`, from precomputed embeddings (training reuses them)."""
        x = emb
        if self.rule_ids:
            if hits is None:
                hits = [scan(t) for t in texts]
            x = np.concatenate([emb, hits_features(hits, self.rule_ids)], axis=1)
        sev, cat = self.head(x)
        return softmax(sev), sigmoid(cat)

    def classify(self, texts: Sequence[str]) -> list[Assessment]:
        if not texts:
            return []
        hits = [tuple(scan(t)) for t in texts]
        sev_p, cat_p = self.predict(texts, hits)
        return [combine(h, s, c, self.guard) for h, s, c in zip(hits, sev_p, cat_p, strict=True)]

    def warm_up(self) -> None:
        """First calls pay for lazy init (allocator, kernels): run a few lengths."""
        self.classify(["warm up", "zagrijavanje modela"])
        self.classify(["He said he would post my photos if I don't answer him tonight " * 3])
        self.classify(["ok"] * 4)


def guarded(sev_p: np.ndarray, has_hits: bool, threshold: float, critical_hit: bool = False) -> int:
    """The model's grade, kept from grading danger on its own.

    `critical` belongs to the lexicon and the structured answers: the model
    alone never grades it. A frozen-embedding head reacts to words ("kill",
    "tonight", "13 years old") and is most confident on exactly the figures of
    speech the lexicon knows to ignore ("this exam will kill me"), so a
    model-only `critical` becomes `high` when some (lower) rule fired and the
    most probable grade below high otherwise. With no lexicon hit, the model
    grades `high` only when that grade's probability reaches `threshold`
    (tuned on dev); otherwise the most probable grade below high is taken.
    """
    best = int(sev_p.argmax())
    if best == _CRITICAL and not critical_hit:
        best = _HIGH if has_hits else int(sev_p[:_HIGH].argmax())
    if best >= _HIGH and not has_hits and sev_p[best] < threshold:
        return int(sev_p[:_HIGH].argmax())
    return best


def combine(
    hits: Sequence[RuleHit], sev_p: np.ndarray, cat_p: np.ndarray, threshold: float = 0.0
) -> Assessment:
    """Model grade (guarded), then the lexicon: its hits can only raise the severity."""
    hits = tuple(hits)
    critical_hit = any(h.severity is Severity.CRITICAL for h in hits)
    model_sev = Severity(SEVERITY_LABELS[guarded(sev_p, bool(hits), threshold, critical_hit)])
    severity = Severity.highest(model_sev, *(h.severity for h in hits))
    found = {Category(CATEGORY_LABELS[i]) for i, p in enumerate(cat_p) if p >= CATEGORY_THRESHOLD}
    if model_sev is Severity.NONE:
        found = set()
    found |= set(categories_of(hits))
    categories = tuple(c for c in Category if c in found)
    scores = {label: round(float(p), 4) for label, p in zip(SEVERITY_LABELS, sev_p, strict=True)}
    return Assessment(severity, scores, categories, hits)
