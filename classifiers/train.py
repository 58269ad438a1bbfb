"""Train the head on frozen sentence embeddings; reproduces classifiers/weights."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from classifiers.dataset import DEFAULT_PUBLIC, Example, read_public, read_split
from classifiers.encoder.load import Encoder, load_encoder
from classifiers.head import Head, save_head
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS
from classifiers.metrics import evaluate
from classifiers.model import ModelClassifier

OWN_WEIGHT = 4.0
EPOCHS = 200
HIDDEN = 64
SEED = 0


def embed_all(
    encoder: Encoder, texts: Sequence[str], cache_dir: Path, batch: int = 32
) -> np.ndarray:
    """Embeddings with a progress bar, cached on disk by encoder and texts."""
    key = hashlib.sha256(("\n".join([encoder.encoder_id, *texts])).encode()).hexdigest()[:16]
    cached = cache_dir / f"embeddings-{key}.npy"
    if cached.exists():
        return np.load(cached)
    parts = []
    for i in tqdm(range(0, len(texts), batch), desc="embedding", unit="batch"):
        parts.append(encoder.embed(texts[i : i + batch]))
    out = np.concatenate(parts) if parts else np.zeros((0, encoder.dim), np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(cached, out)
    return out


def fit_head(x: np.ndarray, examples: Sequence[Example], hidden: int = HIDDEN) -> Head:
    torch.manual_seed(SEED)
    y_sev = torch.tensor([SEVERITY_LABELS.index(e.severity) for e in examples])
    y_cat = torch.zeros(len(examples), len(CATEGORY_LABELS))
    for i, e in enumerate(examples):
        for c in e.categories:
            y_cat[i, CATEGORY_LABELS.index(c)] = 1.0
    w = torch.tensor([e.weight for e in examples])
    mass = Counter()
    for e in examples:
        mass[e.severity] += e.weight
    class_w = torch.tensor(
        [sum(mass.values()) / (len(mass) * mass[s]) if mass[s] else 0.0 for s in SEVERITY_LABELS]
    )
    head = Head(x.shape[1], hidden)
    opt = torch.optim.AdamW(head.parameters(), lr=2e-3, weight_decay=1e-2)
    xt = torch.from_numpy(x)
    ce = torch.nn.CrossEntropyLoss(weight=class_w, reduction="none")
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")
    head.train()
    for _ in tqdm(range(EPOCHS), desc="training head", unit="epoch"):
        opt.zero_grad()
        sev, cat = head(xt)
        loss = (ce(sev, y_sev) * w).sum() / w.sum()
        loss = loss + (bce(cat, y_cat).mean(1) * w).sum() / w.sum()
        loss.backward()
        opt.step()
    head.eval()
    return head


def score_split(clf: ModelClassifier, examples: Sequence[Example]) -> dict[str, Any]:
    preds = clf.classify([e.text for e in examples])
    rows = [
        {"text": e.text, "lang": e.lang, "severity": e.severity, "predicted": p.severity.value}
        for e, p in zip(examples, preds, strict=True)
    ]
    return evaluate(rows)


def train(
    encoder_name: str,
    cache_dir: Path,
    out: Path,
    public_root: Path = DEFAULT_PUBLIC,
    use_public: bool = False,
) -> dict[str, Any]:
    """Train, evaluate on dev and test (never trained on), save to `out`."""
    torch.set_num_threads(max(1, torch.get_num_threads()))
    encoder = load_encoder(encoder_name, cache_dir)
    own = [
        Example(e.text, e.lang, e.severity, e.categories, e.source, OWN_WEIGHT)
        for e in read_split("train")
    ]
    public = read_public(public_root) if use_public else []
    examples = own + public
    x = embed_all(encoder, [e.text for e in examples], cache_dir)
    head = fit_head(x, examples)
    meta: dict[str, Any] = {
        "encoder_id": encoder.encoder_id,
        "dim": encoder.dim,
        "hidden": HIDDEN,
        "severity_labels": list(SEVERITY_LABELS),
        "category_labels": list(CATEGORY_LABELS),
        "trained": date.today().isoformat(),
        "command": "python -m classifiers train",
        "train_examples": {"own": len(own), **dict(Counter(e.source for e in public))},
    }
    clf = ModelClassifier(encoder, head, meta)
    meta["metrics"] = {split: score_split(clf, read_split(split)) for split in ("dev", "test")}
    save_head(head, out, meta)
    return meta
