"""Train the head on frozen sentence embeddings; reproduces classifiers/weights.

Model selection is on the dev split only (a small grid: logistic regression
or an MLP, weight decay, label smoothing), then the guard threshold is tuned
on dev; the test split is scored once, with the chosen head, for the record.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from classifiers.dataset import DEFAULT_PUBLIC, Example, read_public, read_split
from classifiers.encoder.load import Encoder, load_encoder
from classifiers.head import Head, hits_features, rule_ids, save_head, softmax
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS
from classifiers.metrics import evaluate, macro_f1
from classifiers.model import ModelClassifier, guarded
from classifiers.rules import scan

OWN_WEIGHT = 4.0
EPOCHS = 300
SEED = 0
# (hidden, weight decay, label smoothing); hidden 0 is logistic regression
GRID: tuple[tuple[int, float, float], ...] = tuple(
    product((0, 128), (1e-3, 3e-2, 3e-1), (0.0, 0.1))
)
GUARD_GRID = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def embed_all(
    encoder: Encoder, texts: Sequence[str], cache_dir: Path, batch: int = 32
) -> np.ndarray:
    """Embeddings with a progress bar, cached on disk by encoder and texts."""
    variant = "onnx-int8"
    key = hashlib.sha256(("\n".join([encoder.encoder_id, variant, *texts])).encode()).hexdigest()
    key = key[:16]
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


def features(emb: np.ndarray, examples: Sequence[Example], ids: Sequence[str]) -> torch.Tensor:
    """Embedding, then one 0/1 column per safety rule (in the order of `ids`)."""
    rules = hits_features([scan(e.text) for e in examples], ids)
    return torch.from_numpy(np.concatenate([emb, rules], axis=1))


class TorchHead(torch.nn.Module):
    """The trainable twin of `head.Head`; its state dict is what `Head` loads."""

    mean: torch.Tensor
    std: torch.Tensor

    def __init__(self, width: int, hidden: int, dropout: float) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(width))
        self.register_buffer("std", torch.ones(width))
        if hidden:
            self.body: torch.nn.Module = torch.nn.Sequential(
                torch.nn.Dropout(dropout),
                torch.nn.Linear(width, hidden),
                torch.nn.GELU(),
                torch.nn.Dropout(dropout),
            )
            out = hidden
        else:
            self.body = torch.nn.Dropout(dropout)
            out = width
        self.severity = torch.nn.Linear(out, len(SEVERITY_LABELS))
        self.categories = torch.nn.Linear(out, len(CATEGORY_LABELS))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.body((x - self.mean) / self.std)
        return self.severity(h), self.categories(h)

    def weights(self) -> dict[str, np.ndarray]:
        return {k: v.detach().numpy().copy() for k, v in self.state_dict().items()}


def fit_head(
    x: torch.Tensor,
    examples: Sequence[Example],
    hidden: int,
    weight_decay: float,
    smoothing: float,
    progress: bool = False,
) -> Head:
    """Full-batch AdamW, class-weighted cross-entropy (+ BCE for the categories)."""
    torch.manual_seed(SEED)
    y_sev = torch.tensor([SEVERITY_LABELS.index(e.severity) for e in examples])
    y_cat = torch.zeros(len(examples), len(CATEGORY_LABELS))
    for i, e in enumerate(examples):
        for c in e.categories:
            y_cat[i, CATEGORY_LABELS.index(c)] = 1.0
    w = torch.tensor([e.weight for e in examples])
    mass: dict[str, float] = dict.fromkeys(SEVERITY_LABELS, 0.0)
    for e in examples:
        mass[e.severity] += e.weight
    class_w = torch.tensor(
        [
            sum(mass.values()) / (sum(1 for v in mass.values() if v) * mass[s]) if mass[s] else 0.0
            for s in SEVERITY_LABELS
        ]
    )
    head = TorchHead(x.shape[1], hidden, dropout=0.2)
    head.mean.copy_(x.mean(0))
    head.std.copy_(x.std(0).clamp(min=1e-3))
    opt = torch.optim.AdamW(head.parameters(), lr=3e-3, weight_decay=weight_decay)
    ce = torch.nn.CrossEntropyLoss(weight=class_w, reduction="none", label_smoothing=smoothing)
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")
    head.train()
    steps = range(EPOCHS)
    for _ in tqdm(steps, desc="training head", unit="epoch") if progress else steps:
        opt.zero_grad()
        sev, cat = head(x)
        loss = (ce(sev, y_sev) * w).sum() / w.sum()
        loss = loss + 0.5 * (bce(cat, y_cat).mean(1) * w).sum() / w.sum()
        loss.backward()
        opt.step()
    return Head(head.weights())


def _final_grades(
    head: Head, x: torch.Tensor, examples: Sequence[Example], guard: float
) -> list[str]:
    probs = softmax(head(x.numpy())[0])
    out = []
    for e, p in zip(examples, probs, strict=True):
        hits = scan(e.text)
        grade = guarded(p, bool(hits), guard, any(h.severity.value == "critical" for h in hits))
        lex = max((SEVERITY_LABELS.index(h.severity.value) for h in hits), default=0)
        out.append(SEVERITY_LABELS[max(grade, lex)])
    return out


def tune_guard(head: Head, x: torch.Tensor, examples: Sequence[Example]) -> tuple[float, float]:
    """The guard threshold, on dev: fewest `none` graded high/critical, then the
    best critical recall; among those, the highest threshold whose macro-F1 is
    within 0.01 of the best (dev rarely separates thresholds, and the guard
    only ever demotes model-only high/critical grades)."""
    gold = [e.severity for e in examples]
    rows = []
    for t in GUARD_GRID:
        pred = _final_grades(head, x, examples, t)
        none_high = sum(
            g == "none" and p in ("high", "critical") for g, p in zip(gold, pred, strict=True)
        )
        crit = [p for g, p in zip(gold, pred, strict=True) if g == "critical"]
        crit_recall = sum(p == "critical" for p in crit) / max(len(crit), 1)
        rows.append((t, none_high, crit_recall, macro_f1(gold, pred)))
    fewest = min(r[1] for r in rows)
    rows = [r for r in rows if r[1] == fewest]
    top_recall = max(r[2] for r in rows)
    rows = [r for r in rows if r[2] == top_recall]
    top_f1 = max(r[3] for r in rows)
    t, _, _, f1 = max((r for r in rows if r[3] >= top_f1 - 0.01), key=lambda r: r[0])
    return t, f1


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
    """Select on dev, tune the guard on dev, score dev and test, save to `out`."""
    encoder = load_encoder(encoder_name, cache_dir)
    own = [
        Example(e.text, e.lang, e.severity, e.categories, e.source, OWN_WEIGHT)
        for e in read_split("train")
    ]
    public = read_public(public_root) if use_public else []
    examples = own + public
    dev = read_split("dev")
    ids = rule_ids()
    x = features(embed_all(encoder, [e.text for e in examples], cache_dir), examples, ids)
    x_dev = features(embed_all(encoder, [e.text for e in dev], cache_dir), dev, ids)
    dim = encoder.dim
    results = []
    for hidden, wd, ls in tqdm(GRID, desc="model selection on dev", unit="config"):
        head = fit_head(x, examples, hidden, wd, ls)
        pred = _final_grades(head, x_dev, dev, 0.0)
        results.append((macro_f1([e.severity for e in dev], pred), hidden, wd, ls))
    f1, hidden, wd, ls = max(results, key=lambda r: (r[0], -r[1]))
    head = fit_head(x, examples, hidden, wd, ls, progress=True)
    guard, guard_f1 = tune_guard(head, x_dev, dev)
    meta: dict[str, Any] = {
        "encoder_id": encoder.encoder_id,
        "dim": dim,
        "hidden": hidden,
        "rule_ids": ids,
        "guard_threshold": guard,
        "severity_labels": list(SEVERITY_LABELS),
        "category_labels": list(CATEGORY_LABELS),
        "trained": date.today().isoformat(),
        "command": "python -m classifiers train",
        "selection": {
            "chosen": {"hidden": hidden, "weight_decay": wd, "label_smoothing": ls},
            "dev_macro_f1_unguarded": round(f1, 4),
            "dev_macro_f1_guarded": round(guard_f1, 4),
            "grid": [
                {
                    "dev_macro_f1": round(r[0], 4),
                    "hidden": r[1],
                    "weight_decay": r[2],
                    "label_smoothing": r[3],
                }
                for r in results
            ],
        },
        "train_examples": {"own": len(own), **dict(Counter(e.source for e in public))},
    }
    clf = ModelClassifier(encoder, head, meta)
    meta["metrics"] = {"dev": score_split(clf, dev), "test": score_split(clf, read_split("test"))}
    save_head(head.weights, out, meta)
    return meta
