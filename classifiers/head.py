"""The small trained head: severity (5 classes) and categories (multi-label).

Stored as safetensors weights plus JSON metadata that records the encoder it
was trained on, so a head is never silently used on other embeddings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from torch import nn

from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS

WEIGHTS = "head.safetensors"
META = "head.json"


class HeadMismatchError(RuntimeError):
    """The head was trained on embeddings from another encoder."""


class Head(nn.Module):
    """MLP on the mean-pooled sentence embedding."""

    def __init__(self, dim: int, hidden: int = 256, dropout: float = 0.1) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Dropout(dropout), nn.Linear(dim, hidden), nn.GELU())
        self.severity = nn.Linear(hidden, len(SEVERITY_LABELS))
        self.categories = nn.Linear(hidden, len(CATEGORY_LABELS))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.body(x)
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
    head = Head(int(meta["dim"]), int(meta["hidden"]))
    head.load_state_dict(load_file(str(folder / WEIGHTS)))
    head.eval()
    return head, meta
