"""The small trained head: severity (5 classes) and categories (multi-label), in numpy.

Stored as safetensors weights plus JSON metadata that records the encoder it
was trained on, so a head is never silently used on other embeddings. It is
trained with torch (`classifiers.train`) and served with numpy only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.domain import RuleHit
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS

WEIGHTS = "head.safetensors"
META = "head.json"
_ERF = np.frompyfunc(math.erf, 1, 1)


class HeadMismatchError(RuntimeError):
    """The head was trained on embeddings from another encoder."""


def rule_ids() -> list[str]:
    from classifiers.rules import rules

    return list(dict.fromkeys(r.rule_id for r in rules()))


def hits_features(hits: Sequence[Sequence[RuleHit]], ids: Sequence[str]) -> np.ndarray:
    """(n, len(ids)) float32 0/1: which of the rules `ids` fired on each text."""
    index = {rid: i for i, rid in enumerate(ids)}
    out = np.zeros((len(hits), len(ids)), dtype=np.float32)
    for i, text_hits in enumerate(hits):
        for hit in text_hits:
            if hit.rule_id in index:
                out[i, index[hit.rule_id]] = 1.0
    return out


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact GELU (erf), as torch's default `nn.GELU`."""
    erf = np.asarray(_ERF(x / math.sqrt(2.0)), dtype=np.float32)
    return np.asarray(0.5 * x * (1.0 + erf), dtype=np.float32)


class Head:
    """Standardised features -> severity (5) and categories (10) logits.

    Features are the sentence embedding, optionally followed by the safety
    rules that fired. With a hidden layer: Linear, GELU, then the two outputs;
    without: multinomial logistic regression. Weight names follow the torch
    module the head was trained as (`body.1` is the hidden Linear).
    """

    def __init__(self, weights: Mapping[str, np.ndarray]) -> None:
        w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self.weights = w
        self.mean, self.std = w["mean"], w["std"]
        self.hidden = (w["body.1.weight"], w["body.1.bias"]) if "body.1.weight" in w else None
        self.severity = (w["severity.weight"], w["severity.bias"])
        self.categories = (w["categories.weight"], w["categories.bias"])
        self.width = int(self.mean.shape[0])

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h = (x - self.mean) / self.std
        if self.hidden is not None:
            h = gelu(h @ self.hidden[0].T + self.hidden[1])
        return h @ self.severity[0].T + self.severity[1], h @ self.categories[0].T + (
            self.categories[1]
        )


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(-1, keepdims=True))
    return np.asarray(e / e.sum(-1, keepdims=True))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(np.exp(-np.logaddexp(0.0, -z)))


def save_head(weights: Mapping[str, np.ndarray], folder: Path, meta: dict[str, Any]) -> None:
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    arrays = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
    save_file(arrays, str(folder / WEIGHTS))
    (folder / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def load_head(folder: Path, encoder_id: str) -> tuple[Head, dict[str, Any]]:
    """Load a head, refusing one trained on another encoder or taxonomy."""
    from safetensors.numpy import load_file

    meta = json.loads((folder / META).read_text())
    if meta["encoder_id"] != encoder_id:
        raise HeadMismatchError(
            f"The classifier head in {folder} was trained on encoder {meta['encoder_id']!r}, "
            f"but the configured encoder is {encoder_id!r}. Embeddings differ between "
            "encoders, so its predictions would be meaningless. Retrain it with "
            "`python -m classifiers train --encoder <your encoder>` or set "
            "SAFE_REPORT_ENCODER back to the encoder it was trained on."
        )
    if (
        tuple(meta["severity_labels"]) != SEVERITY_LABELS
        or tuple(meta["category_labels"]) != CATEGORY_LABELS
    ):
        raise HeadMismatchError(f"The head in {folder} was trained on another taxonomy.")
    if "rule_ids" not in meta:  # heads trained before the ids were recorded: a count
        meta["rule_ids"] = rule_ids()[: int(meta.get("rule_features", 0))]
    head = Head(load_file(str(folder / WEIGHTS)))
    expected = int(meta["dim"]) + len(meta["rule_ids"])
    if head.width != expected:
        raise HeadMismatchError(
            f"The head in {folder} expects {head.width} features, not {expected}."
        )
    return head, meta
