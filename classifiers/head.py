"""The small trained head: severity (5 classes) and categories (multi-label).

Stored as safetensors weights plus JSON metadata that records the encoder it
was trained on, so a head is never silently used on other embeddings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from bot.domain import RuleHit
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS

WEIGHTS = "head.safetensors"
META = "head.json"


class HeadMismatchError(RuntimeError):
    """The head was trained on embeddings from another encoder."""


def rule_features(texts: Sequence[str]) -> torch.Tensor:
    """(n, len(RULES)) 0/1: which safety rules fire on each text."""
    from classifiers.rules import scan

    return hits_features([scan(t) for t in texts])


def _rule_ids() -> list[str]:
    from classifiers.rules import RULES

    return list(dict.fromkeys(r.rule_id for r in RULES))


def hits_features(hits: Sequence[Sequence[RuleHit]]) -> torch.Tensor:
    """(n, n_rule_features()) 0/1 from the rule hits of each text."""
    ids = _rule_ids()
    index = {rid: i for i, rid in enumerate(ids)}
    out = torch.zeros(len(hits), len(ids))
    for i, text_hits in enumerate(hits):
        for hit in text_hits:
            out[i, index[hit.rule_id]] = 1.0
    return out


def n_rule_features() -> int:
    return len(_rule_ids())


class Head(nn.Module):
    """Standardised features -> severity (5) and categories (10).

    `hidden=0` is multinomial logistic regression; otherwise a one-layer MLP.
    Features are the mean-pooled sentence embedding, optionally followed by
    the safety rules that fired (`extra` columns). The standardisation
    statistics are buffers, saved with the weights.
    """

    mean: torch.Tensor
    std: torch.Tensor

    def __init__(self, dim: int, hidden: int = 256, dropout: float = 0.1, extra: int = 0) -> None:
        super().__init__()
        width = dim + extra
        self.register_buffer("mean", torch.zeros(width))
        self.register_buffer("std", torch.ones(width))
        if hidden:
            self.body: nn.Module = nn.Sequential(
                nn.Dropout(dropout), nn.Linear(width, hidden), nn.GELU(), nn.Dropout(dropout)
            )
            out = hidden
        else:
            self.body = nn.Dropout(dropout)
            out = width
        self.severity = nn.Linear(out, len(SEVERITY_LABELS))
        self.categories = nn.Linear(out, len(CATEGORY_LABELS))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.body((x - self.mean) / self.std)
        return self.severity(h), self.categories(h)


def save_head(head: Head, folder: Path, meta: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous() for k, v in head.state_dict().items()}
    save_file(state, str(folder / WEIGHTS))
    (folder / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def load_head(folder: Path, encoder_id: str) -> tuple[Head, dict[str, Any]]:
    """Load a head, refusing one trained on another encoder."""
    from safetensors.torch import load_file

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
    head = Head(int(meta["dim"]), int(meta["hidden"]), extra=int(meta.get("rule_features", 0)))
    state = load_file(str(folder / WEIGHTS))
    state.setdefault("mean", head.mean)
    state.setdefault("std", head.std)
    head.load_state_dict(state)
    head.eval()
    return head, meta
