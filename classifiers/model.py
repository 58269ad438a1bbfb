"""The model classifier: encoder + head, raised (never lowered) by the lexicon."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.domain import Assessment, Category, RuleHit, Severity
from classifiers.encoder.load import Encoder
from classifiers.head import Head, hits_features, sigmoid, softmax
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS
from classifiers.ngrams import NgramModel
from classifiers.rules import categories_of, scan

CATEGORY_THRESHOLD = 0.5
NEVER = 1.01
"""A probability threshold no grade reaches."""
_HIGH = SEVERITY_LABELS.index("high")
_CRITICAL = SEVERITY_LABELS.index("critical")


class ModelClassifier:
    """`SeverityClassifier` backed by a transformer (ONNX Runtime) and a numpy head.

    Thread-safe: ONNX Runtime sessions may run from several threads, and the
    head holds no state.
    """

    def __init__(
        self,
        encoder: Encoder,
        head: Head,
        meta: dict[str, Any],
        ngrams: NgramModel | None = None,
    ) -> None:
        self.encoder = encoder
        self.head = head
        self.meta = meta
        self.ngrams = ngrams
        self.head_weight = float(meta.get("ngrams", {}).get("head_weight", 1.0)) if ngrams else 1.0
        self.name = f"model:{encoder.encoder_id}"
        self.policy = DecisionPolicy.from_meta(meta)
        thresholds = meta.get("category_thresholds", {})
        self.category_thresholds = [
            float(thresholds.get(c, CATEGORY_THRESHOLD)) for c in CATEGORY_LABELS
        ]
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
        sev_p = softmax(sev)
        if self.ngrams is not None:
            sev_p = blend(sev_p, softmax(self.ngrams.logits(texts)), self.head_weight)
        return sev_p, sigmoid(cat)

    def classify(self, texts: Sequence[str]) -> list[Assessment]:
        if not texts:
            return []
        hits = [tuple(scan(t)) for t in texts]
        sev_p, cat_p = self.predict(texts, hits)
        return [
            combine(h, s, c, self.policy, self.category_thresholds)
            for h, s, c in zip(hits, sev_p, cat_p, strict=True)
        ]

    def warm_up(self) -> None:
        """First calls pay for lazy init (allocator, kernels): run a few lengths."""
        self.classify(["warm up", "zagrijavanje modela"])
        self.classify(["He said he would post my photos if I don't answer him tonight " * 3])
        self.classify(["ok"] * 4)


def blend(head_p: np.ndarray, ngram_p: np.ndarray, head_weight: float) -> np.ndarray:
    """Stacked severity probabilities: the head's share chosen leave one writer out."""
    return np.asarray(head_weight * head_p + (1.0 - head_weight) * ngram_p, dtype=np.float32)


@dataclass(frozen=True)
class DecisionPolicy:
    """When the model's own grade stands (thresholds tuned out of fold by `train`).

    `guard`: with no lexicon hit, the model grades `high` or `critical` only when that
    grade's probability reaches it. `critical`: the model grades `critical` on its own
    only when that probability reaches it; above 1 it never does (the lexicon and the
    structured answers still can). `floor`: `high` and `critical` together at least
    this make a lower grade `high`. `confirm`: the model's `critical` at least this
    makes a lexicon `high` critical. Above 1, each is off.
    """

    guard: float = 0.0
    critical: float = NEVER
    floor: float = NEVER
    confirm: float = NEVER

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> DecisionPolicy:
        """The thresholds `train` wrote into head.json (a head without one: never)."""
        return cls(
            guard=float(meta.get("guard_threshold", 0.0)),
            critical=float(meta.get("critical_threshold", NEVER)),
            floor=float(meta.get("floor_threshold", NEVER)),
            confirm=float(meta.get("confirm_threshold", NEVER)),
        )


def decide(sev_p: np.ndarray, has_hits: bool, lexicon_grade: int, policy: DecisionPolicy) -> int:
    """The final grade index: the model's grade, kept in check, then raised by the lexicon.

    A model-only `critical` below `policy.critical` gives way to the most probable
    grade below critical. A grade below high whose `high` and `critical` together
    reach `policy.floor` becomes `high`: the model spread between two danger grades
    is not a harmless text. With no lexicon hit, a `high` (or `critical`) below
    `policy.guard` gives way to the most probable grade below high: a frozen-embedding
    head reacts to words ("kill", "tonight") and is most confident on exactly the
    figures of speech the lexicon knows to ignore. The lexicon's grade is a floor;
    a lexicon `high` (a threat, a weapon) becomes `critical` when the model's
    `critical` reaches `policy.confirm` (two witnesses, each short of critical alone).
    """
    best = int(sev_p.argmax())
    if best == _CRITICAL and sev_p[_CRITICAL] < policy.critical:
        best = int(sev_p[:_CRITICAL].argmax())
    if best < _HIGH and sev_p[_HIGH] + sev_p[_CRITICAL] >= policy.floor:
        best = _HIGH
    if best >= _HIGH and not has_hits and sev_p[best] < policy.guard:
        best = int(sev_p[:_HIGH].argmax())
    grade = max(best, lexicon_grade)
    if grade == _HIGH and lexicon_grade == _HIGH and sev_p[_CRITICAL] >= policy.confirm:
        grade = _CRITICAL
    return grade


def combine(
    hits: Sequence[RuleHit],
    sev_p: np.ndarray,
    cat_p: np.ndarray,
    policy: DecisionPolicy | None = None,
    category_thresholds: Sequence[float] | None = None,
) -> Assessment:
    """Model grade (kept in check by `policy`), then the lexicon, which only raises it.

    Categories: the model's (each above its threshold) unless the model graded the
    text `none`, and always the lexicon's; so a crisis the lexicon or the model
    recognises carries `self_harm`, which lets the bot answer with crisis lines.
    """
    hits = tuple(hits)
    policy = policy or DecisionPolicy()
    lexicon = Severity.highest(*(h.severity for h in hits))
    grade = decide(sev_p, bool(hits), SEVERITY_LABELS.index(lexicon.value), policy)
    severity = Severity(SEVERITY_LABELS[grade])
    thresholds = category_thresholds or [CATEGORY_THRESHOLD] * len(CATEGORY_LABELS)
    found = {
        Category(CATEGORY_LABELS[i])
        for i, p in enumerate(cat_p)
        if p >= thresholds[i] and severity is not Severity.NONE
    }
    found |= set(categories_of(hits))
    categories = tuple(c for c in Category if c in found)
    scores = {label: round(float(p), 4) for label, p in zip(SEVERITY_LABELS, sev_p, strict=True)}
    return Assessment(severity, scores, categories, hits)
