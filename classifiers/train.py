"""Train the head on frozen sentence embeddings; reproduces classifiers/weights.

Data: the independent writers' examples (classifiers/data/writers, writers with
different briefs), the evaluation sets already spent (classifiers/data/spent: read
and reported before they were trained on), the project's first examples
(classifiers/data/*.jsonl) and the mapped public sets (EDOS, HateCheck, Davidson;
English only). The live independent set (tests/classifiers/data) is never read here.

Split by writer: model selection is leave-one-writer-out over the writers and
the first examples (each fold trains on every other group and is scored on the
one left out), so the near-duplicates a writer produces (one scenario told in
eight languages) never sit on both sides. The out-of-fold grades then set the
thresholds of the final decision (`model.decide`): when the model may grade
`critical` on its own, when its `critical` confirms a lexicon `high`, when it may
grade `high` with no lexicon hit, and when `high` and `critical` together make a
text `high`; and the per-category thresholds. The final head is trained on everything.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from classifiers.dataset import (
    DEFAULT_PUBLIC,
    Example,
    read_public,
    read_spent,
    read_split,
    read_writers,
)
from classifiers.encoder.load import Encoder, load_encoder
from classifiers.head import Head, hits_features, rule_ids, save_head, sigmoid, softmax
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS
from classifiers.metrics import macro_f1
from classifiers.model import DecisionPolicy, blend, decide
from classifiers.ngrams import BUCKETS, NgramModel, hashed_features, save_ngrams
from classifiers.rules import scan

EPOCHS = 12
BATCH = 128
SEED = 0
PUBLIC_WEIGHT = 0.5
# (hidden, weight decay, label smoothing); hidden 0 is logistic regression
GRID: tuple[tuple[int, float, float], ...] = (
    (0, 1e-2, 0.0),
    (256, 1e-2, 0.0),
    (256, 1e-1, 0.1),
)
GUARD_GRID = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CRITICAL_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)
"""1.01: the model never grades critical on its own (only the lexicon does)."""
CRITICAL_PRECISION = 0.9
"""A model-only `critical` must be right this often out of fold ..."""
CRITICAL_ON_NONE = 0.05
"""... and fall on a `none` text at most this often (writers' labels are not perfect)."""
NONE_ALARM_COST = 0.25
"""Guard: macro-F1 minus this times the share of `none` texts graded high or critical."""
FLOOR_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
"""1.01: off. Chosen like the guard (macro-F1 less the cost of false alarms)."""
CONFIRM_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 1.01)
"""1.01: off. Chosen like the critical threshold (precision and share on `none`)."""
NGRAM_EPOCHS = 8
NGRAM_WEIGHT_DECAY = 1e-4
HEAD_WEIGHT_GRID = (1.0, 0.8, 0.7, 0.6, 0.5, 0.4)
"""The head's share in the stacked severity probabilities; 1.0: the n-gram model is unused."""


def embed_all(
    encoder: Encoder, texts: Sequence[str], cache_dir: Path, batch: int = 32
) -> np.ndarray:
    """Embeddings with a progress bar, cached on disk by encoder, per text.

    New training data embeds only the new texts. The cache of a whole list (the
    earlier form, `embeddings-<hash>.npy`) is still read, and fills the per-text store.
    Texts are embedded in batches of similar length; int8 quantisation of the
    activations is per batch, so a text's embedding can differ very slightly
    with its batch neighbours (as it did before this cache).
    """
    tag = "\n".join([encoder.encoder_id, "onnx-int8"])  # the id names the graph recipe
    key = hashlib.sha256(("\n".join([tag, *texts])).encode())
    whole = cache_dir / f"embeddings-{key.hexdigest()[:16]}.npy"
    store_path = cache_dir / f"embeddings-store-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.npz"
    store = _read_store(store_path)
    keys = [_text_key(t) for t in texts]
    if whole.exists():
        out = np.load(whole)
        if any(k not in store for k in keys):
            store.update(zip(keys, out, strict=True))
            _write_store(store_path, store)
        return out
    missing = sorted({k: i for i, k in enumerate(keys) if k not in store}.values())
    order = sorted(missing, key=lambda i: len(texts[i]))  # little padding
    for i in tqdm(range(0, len(order), batch), desc="embedding", unit="batch"):
        rows = order[i : i + batch]
        for j, row in zip(rows, encoder.embed([texts[j] for j in rows]), strict=True):
            store[keys[j]] = row
    if missing:
        _write_store(store_path, store)
    if not texts:
        return np.zeros((0, encoder.dim), np.float32)
    return np.stack([store[k] for k in keys]).astype(np.float32)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _read_store(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    with np.load(path) as data:
        return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))


def _write_store(path: Path, store: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(list(store)), vectors=np.stack(list(store.values())))
    tmp.replace(path)


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


@dataclass
class Features:
    """Everything the head and the decision need, computed once per example."""

    x: np.ndarray
    """Embedding, then one 0/1 column per safety rule (in `rule_ids` order)."""
    lex: np.ndarray
    """The lexicon's grade (index into SEVERITY_LABELS), 0 when no rule fired."""
    has_hits: np.ndarray
    lex_categories: list[set[str]]


def featurize(emb: np.ndarray, examples: Sequence[Example], ids: Sequence[str]) -> Features:
    hits = [scan(e.text) for e in examples]
    x = np.concatenate([emb, hits_features(hits, ids)], axis=1).astype(np.float32)
    lex = np.array(
        [max((SEVERITY_LABELS.index(h.severity.value) for h in hs), default=0) for hs in hits]
    )
    cats = [{c.value for h in hs for c in h.categories} for hs in hits]
    return Features(x, lex, np.array([bool(hs) for hs in hits]), cats)


def fit_head(
    x: np.ndarray,
    examples: Sequence[Example],
    hidden: int,
    weight_decay: float,
    smoothing: float,
    progress: bool = False,
) -> Head:
    """Mini-batch AdamW, class-weighted cross-entropy (+ BCE for the categories).

    One thread: on a shared 2-core machine, two torch threads spin against the other
    processes and run several times slower.
    """
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    xt = torch.from_numpy(x)
    y_sev = torch.tensor([SEVERITY_LABELS.index(e.severity) for e in examples])
    y_cat = torch.zeros(len(examples), len(CATEGORY_LABELS))
    for i, e in enumerate(examples):
        for c in e.categories:
            y_cat[i, CATEGORY_LABELS.index(c)] = 1.0
    w = torch.tensor([e.weight for e in examples])
    mass: dict[str, float] = dict.fromkeys(SEVERITY_LABELS, 0.0)
    for e in examples:
        mass[e.severity] += e.weight
    present = sum(1 for v in mass.values() if v)
    class_w = torch.tensor(
        [sum(mass.values()) / (present * mass[s]) if mass[s] else 0.0 for s in SEVERITY_LABELS]
    )
    head = TorchHead(x.shape[1], hidden, dropout=0.2)
    head.mean.copy_(xt.mean(0))
    head.std.copy_(xt.std(0).clamp(min=1e-3))
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=weight_decay)
    ce = torch.nn.CrossEntropyLoss(weight=class_w, reduction="none", label_smoothing=smoothing)
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")
    head.train()
    steps = range(EPOCHS)
    shuffle = torch.Generator().manual_seed(SEED)
    for _ in tqdm(steps, desc="training head", unit="epoch") if progress else steps:
        for batch in torch.randperm(len(examples), generator=shuffle).split(BATCH):
            opt.zero_grad()
            sev, cat = head(xt[batch])
            wb = w[batch]
            loss = (ce(sev, y_sev[batch]) * wb).sum() / wb.sum()
            loss = loss + 0.5 * (bce(cat, y_cat[batch]).mean(1) * wb).sum() / wb.sum()
            loss.backward()
            opt.step()
    head.eval()
    return Head(head.weights())


Hashed = list[tuple[np.ndarray, np.ndarray]]


def ngram_inputs(examples: Sequence[Example]) -> Hashed:
    return [hashed_features(e.text) for e in examples]


def fit_ngrams(feats: Hashed, examples: Sequence[Example]) -> NgramModel:
    """Class- and example-weighted multinomial logistic regression on hashed n-grams
    (an EmbeddingBag is a sparse linear layer)."""
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    y = torch.tensor([SEVERITY_LABELS.index(e.severity) for e in examples])
    w = torch.tensor([e.weight for e in examples])
    mass = torch.zeros(len(SEVERITY_LABELS)).index_add_(0, y, w)
    class_w = torch.where(mass > 0, mass.sum() / ((mass > 0).sum() * mass.clamp(min=1e-9)), 0.0)
    bag = torch.nn.EmbeddingBag(BUCKETS, len(SEVERITY_LABELS), mode="sum")
    torch.nn.init.zeros_(bag.weight)
    bias = torch.nn.Parameter(torch.zeros(len(SEVERITY_LABELS)))
    opt = torch.optim.AdamW([bag.weight, bias], lr=2e-2, weight_decay=NGRAM_WEIGHT_DECAY)
    ce = torch.nn.CrossEntropyLoss(weight=class_w, reduction="none")
    idx = [torch.from_numpy(i) for i, _ in feats]
    val = [torch.from_numpy(v) for _, v in feats]
    shuffle = torch.Generator().manual_seed(SEED)
    for _ in range(NGRAM_EPOCHS):
        for batch in torch.randperm(len(examples), generator=shuffle).split(BATCH):
            rows = batch.tolist()
            lengths = torch.tensor([len(idx[r]) for r in rows])
            offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)[:-1]])
            logits = bag(
                torch.cat([idx[r] for r in rows]),
                offsets,
                per_sample_weights=torch.cat([val[r] for r in rows]),
            )
            opt.zero_grad()
            loss = (ce(logits + bias, y[batch]) * w[batch]).sum() / w[batch].sum()
            loss.backward()
            opt.step()
    return NgramModel(bag.weight.detach().numpy().copy(), bias.detach().numpy().copy())


def ngram_out_of_fold(
    feats: Hashed,
    examples: Sequence[Example],
    groups: Sequence[str],
    keep: Callable[[int], bool] = lambda i: True,
) -> np.ndarray:
    """Severity probabilities of each example from an n-gram model that never saw its group."""
    sev = np.zeros((len(examples), len(SEVERITY_LABELS)), np.float32)
    for group in sorted(set(groups) - PUBLIC_GROUPS):
        train_idx = [i for i, g in enumerate(groups) if g != group and keep(i)]
        test_idx = [i for i, g in enumerate(groups) if g == group]
        model = fit_ngrams([feats[i] for i in train_idx], [examples[i] for i in train_idx])
        sev[test_idx] = softmax(model.logits([examples[i].text for i in test_idx]))
    return sev


def grades(
    sev_p: np.ndarray, f: Features, policy: DecisionPolicy, idx: Sequence[int] | None = None
) -> list[str]:
    """Final grades (model, guarded, then raised by the lexicon) for rows `idx`."""
    rows = range(len(sev_p)) if idx is None else idx
    return [
        SEVERITY_LABELS[decide(sev_p[j], bool(f.has_hits[i]), int(f.lex[i]), policy)]
        for j, i in enumerate(rows)
    ]


def out_of_fold(
    f: Features,
    examples: Sequence[Example],
    groups: Sequence[str],
    config: tuple[int, float, float],
    keep: Callable[[int], bool] = lambda i: True,
) -> tuple[np.ndarray, np.ndarray]:
    """Severity and category probabilities of each example from a head that never saw
    its group (leave one group out). `keep` filters the training rows (learning curve)."""
    sev = np.zeros((len(examples), len(SEVERITY_LABELS)), np.float32)
    cat = np.zeros((len(examples), len(CATEGORY_LABELS)), np.float32)
    for group in sorted(set(groups)):
        if group in PUBLIC_GROUPS:
            continue
        train_idx = [i for i, g in enumerate(groups) if g != group and keep(i)]
        test_idx = [i for i, g in enumerate(groups) if g == group]
        head = fit_head(f.x[train_idx], [examples[i] for i in train_idx], *config)
        s, c = head(f.x[test_idx])
        sev[test_idx], cat[test_idx] = softmax(s), sigmoid(c)
    return sev, cat


PUBLIC_GROUPS = {"edos", "hatecheck", "davidson"}
"""English public sets: always trained on, never a held-out fold (not our texts)."""


def _scored(groups: Sequence[str]) -> list[int]:
    return [i for i, g in enumerate(groups) if g not in PUBLIC_GROUPS]


def tune_policy(
    sev_p: np.ndarray, f: Features, examples: Sequence[Example], idx: Sequence[int]
) -> tuple[DecisionPolicy, dict[str, Any]]:
    """Thresholds from out-of-fold grades.

    Critical: the lowest threshold at which the model's own `critical` grades (where
    the lexicon said less) are right at least CRITICAL_PRECISION of the time and fall
    on a `none` text at most CRITICAL_ON_NONE of the time; 1.01 (never) if none
    qualifies. Confirm: the same rule for a model `critical` that turns a lexicon
    `high` critical. Then the guard, then the floor: each the best macro-F1, less
    NONE_ALARM_COST times the share of `none` texts graded high or critical.
    """
    gold = [examples[i].severity for i in idx]
    p = sev_p[idx]
    crit_rows, critical = _precise_threshold(
        CRITICAL_GRID,
        lambda t: [
            k for k, i in enumerate(idx) if p[k].argmax() == 4 and p[k][4] >= t and f.lex[i] < 4
        ],
        gold,
    )
    before = grades(p, f, DecisionPolicy(critical=critical), idx)
    confirm_rows, confirm = _precise_threshold(
        CONFIRM_GRID,
        lambda t: [
            k for k, i in enumerate(idx) if before[k] == "high" and f.lex[i] == 3 and p[k][4] >= t
        ],
        gold,
    )

    def scored(name: str, value: float, policy: DecisionPolicy) -> dict[str, Any]:
        pred = grades(p, f, policy, idx)
        none_high = sum(
            a == "none" and b in ("high", "critical") for a, b in zip(gold, pred, strict=True)
        )
        f1 = macro_f1(gold, pred)
        n_none = max(sum(g == "none" for g in gold), 1)
        return {
            name: value,
            "macro_f1": round(f1, 4),
            "none_graded_high_or_critical": none_high,
            "score": round(f1 - NONE_ALARM_COST * none_high / n_none, 4),
        }

    policy = DecisionPolicy(critical=critical, confirm=confirm)
    guard_rows = [scored("guard", g, replace(policy, guard=g)) for g in GUARD_GRID]
    guard = float(max(guard_rows, key=lambda r: (r["score"], r["guard"]))["guard"])
    policy = replace(policy, guard=guard)
    floor_rows = [scored("floor", t, replace(policy, floor=t)) for t in FLOOR_GRID]
    chosen = max(floor_rows, key=lambda r: (r["score"], r["floor"]))
    policy = replace(policy, floor=float(chosen["floor"]))
    facts = {
        "critical_candidates": crit_rows,
        "critical_threshold": critical,
        "confirm_candidates": confirm_rows,
        "confirm_threshold": confirm,
        "guard_candidates": guard_rows,
        "guard_threshold": guard,
        "floor_candidates": floor_rows,
        "floor_threshold": policy.floor,
        "out_of_fold_macro_f1": chosen["macro_f1"],
        "out_of_fold_none_graded_high_or_critical": chosen["none_graded_high_or_critical"],
    }
    return policy, facts


def _precise_threshold(
    grid: Sequence[float], proposed_at: Callable[[float], list[int]], gold: Sequence[str]
) -> tuple[list[dict[str, Any]], float]:
    """The lowest threshold whose proposed `critical` grades are right at least
    CRITICAL_PRECISION of the time and fall on `none` at most CRITICAL_ON_NONE of
    the time; 1.01 (off) if none qualifies. Returns every candidate's counts too."""
    rows = []
    chosen = 1.01
    for t in grid:
        proposed = proposed_at(t)
        right = sum(gold[k] == "critical" for k in proposed)
        on_none = sum(gold[k] == "none" for k in proposed)
        rows.append({"threshold": t, "proposed": len(proposed), "right": right, "on_none": on_none})
        if (
            chosen > 1
            and proposed
            and right / len(proposed) >= CRITICAL_PRECISION
            and on_none / len(proposed) <= CRITICAL_ON_NONE
        ):
            chosen = t
    return rows, chosen


def tune_category_thresholds(
    cat_p: np.ndarray, examples: Sequence[Example], idx: Sequence[int]
) -> dict[str, float]:
    """Per category, the threshold with the best out-of-fold F1."""
    out = {}
    for j, cat in enumerate(CATEGORY_LABELS):
        gold = np.array([cat in examples[i].categories for i in idx])
        best = (0.0, 0.5)
        for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
            pred = cat_p[idx, j] >= t
            tp = float((pred & gold).sum())
            f1 = 2 * tp / (pred.sum() + gold.sum()) if pred.sum() + gold.sum() else 0.0
            best = max(best, (f1, t))
        out[cat] = best[1]
    return out


def training_pool(public_root: Path, use_public: bool) -> list[Example]:
    own = [e for split in ("train", "dev", "test") for e in read_split(split)]
    public = read_public(public_root) if use_public else []
    public = [
        Example(e.text, e.lang, e.severity, e.categories, e.source, PUBLIC_WEIGHT, e.kind, e.writer)
        for e in public
    ]
    return read_writers() + read_spent() + own + public


def prepare(
    encoder_name: str,
    cache_dir: Path,
    public_root: Path,
    use_public: bool,
    pool: list[Example] | None = None,
) -> tuple[Encoder, list[Example], Features, list[str]]:
    encoder = load_encoder(encoder_name, cache_dir, threads=None)
    examples = pool if pool is not None else training_pool(public_root, use_public)
    ids = rule_ids()
    f = featurize(embed_all(encoder, [e.text for e in examples], cache_dir), examples, ids)
    return encoder, examples, f, ids


def train(
    encoder_name: str,
    cache_dir: Path,
    out: Path,
    public_root: Path = DEFAULT_PUBLIC,
    use_public: bool = True,
    pool: list[Example] | None = None,
) -> dict[str, Any]:
    """Select by writer, tune the thresholds out of fold, train on all, save to `out`.

    `pool` replaces the training data (tests train on a small sample)."""
    encoder, examples, f, ids = prepare(encoder_name, cache_dir, public_root, use_public, pool)
    groups = [e.writer for e in examples]
    idx = _scored(groups)
    gold = [examples[i].severity for i in idx]
    results = []
    oof: dict[tuple[int, float, float], tuple[np.ndarray, np.ndarray]] = {}
    baseline = DecisionPolicy(guard=0.0, critical=0.0)
    for config in tqdm(GRID, desc="selection (leave one writer out)", unit="config"):
        oof[config] = out_of_fold(f, examples, groups, config)
        f1 = macro_f1(gold, grades(oof[config][0][idx], f, baseline, idx))
        results.append((f1, config))
    f1, config = max(results, key=lambda r: r[0])
    head_p, cat_p = oof[config]
    feats = ngram_inputs(examples)
    ngram_p = ngram_out_of_fold(feats, examples, groups)
    blends = []
    for a in HEAD_WEIGHT_GRID:
        pred = grades(blend(head_p, ngram_p, a)[idx], f, baseline, idx)
        blends.append((round(macro_f1(gold, pred), 4), a))
    head_weight = max(blends, key=lambda r: (r[0], r[1]))[1]
    sev_p = blend(head_p, ngram_p, head_weight)
    policy, facts = tune_policy(sev_p, f, examples, idx)
    per_group = {}
    for group in sorted(set(groups) - PUBLIC_GROUPS):
        sub = [i for i in idx if groups[i] == group]
        per_group[group] = round(
            macro_f1([examples[i].severity for i in sub], grades(sev_p[sub], f, policy, sub)), 4
        )
    head = fit_head(f.x, examples, config[0], config[1], config[2], progress=True)
    meta: dict[str, Any] = {
        "encoder_id": encoder.encoder_id,
        "dim": encoder.dim,
        "hidden": config[0],
        "rule_ids": ids,
        "guard_threshold": policy.guard,
        "critical_threshold": policy.critical,
        "floor_threshold": policy.floor,
        "confirm_threshold": policy.confirm,
        "category_thresholds": tune_category_thresholds(cat_p, examples, idx),
        "severity_labels": list(SEVERITY_LABELS),
        "category_labels": list(CATEGORY_LABELS),
        "trained": date.today().isoformat(),
        "command": "python -m classifiers train",
        "selection": {
            "method": "leave one writer out (public sets always in training)",
            "chosen": {
                "hidden": config[0],
                "weight_decay": config[1],
                "label_smoothing": config[2],
            },
            "grid": [
                {"out_of_fold_macro_f1": round(r[0], 4), "config": list(r[1])} for r in results
            ],
            "policy": facts,
            "out_of_fold_macro_f1_per_writer": per_group,
        },
        "train_examples": dict(Counter(e.writer for e in examples)),
    }
    meta["ngrams"] = {
        "file": "ngrams.safetensors",
        "buckets": BUCKETS,
        "head_weight": head_weight,
        "selection": "leave one writer out: macro-F1 of the stacked grades per head weight",
        "candidates": [{"head_weight": a, "out_of_fold_macro_f1": m} for m, a in blends],
        "out_of_fold_macro_f1_alone": round(
            macro_f1(gold, grades(ngram_p[idx], f, baseline, idx)), 4
        ),
    }
    save_head(head.weights, out, meta)
    if head_weight < 1.0:
        save_ngrams(fit_ngrams(feats, examples), out)
    return meta


def _evaluate_on(
    head: Head, policy: DecisionPolicy, f: Features, examples: Sequence[Example]
) -> tuple[float, float]:
    """(macro-F1, critical recall) of the final grades on `examples`."""
    gold = [e.severity for e in examples]
    pred = grades(softmax(head(f.x)[0]), f, policy)
    crit = [p for g, p in zip(gold, pred, strict=True) if g == "critical"]
    recall = sum(p == "critical" for p in crit) / len(crit) if crit else 0.0
    return macro_f1(gold, pred), recall


def learning_curve(
    encoder_name: str,
    cache_dir: Path,
    fractions: Sequence[float],
    evaluation: Path | None,
    head_meta: dict[str, Any],
    public_root: Path = DEFAULT_PUBLIC,
    use_public: bool = True,
    pool: list[Example] | None = None,
) -> list[dict[str, Any]]:
    """Quality against the number of training examples, with the committed head's
    configuration and thresholds: each fraction is a seeded random sample of every
    group; scored leave one writer out and, if given, on an independent set."""
    from classifiers.dataset import read_labelled

    encoder, examples, f, ids = prepare(encoder_name, cache_dir, public_root, use_public, pool)
    chosen = head_meta.get("selection", {}).get("chosen", {})
    config = (
        int(chosen.get("hidden", GRID[1][0])),
        float(chosen.get("weight_decay", GRID[1][1])),
        float(chosen.get("label_smoothing", GRID[1][2])),
    )
    policy = DecisionPolicy.from_meta(head_meta)
    groups = [e.writer for e in examples]
    idx = _scored(groups)
    gold = [examples[i].severity for i in idx]
    held: tuple[list[Example], Features] | None = None
    if evaluation is not None:
        held_ex, _ = read_labelled(evaluation)
        held_emb = embed_all(encoder, [e.text for e in held_ex], cache_dir)
        held = (held_ex, featurize(held_emb, held_ex, ids))
    draw = np.random.default_rng(SEED).random(len(examples))
    rows = []
    for fraction in tqdm(fractions, desc="learning curve", unit="fraction"):

        def keep(i: int, fraction: float = fraction) -> bool:
            return bool(draw[i] < fraction)

        sev_p, _ = out_of_fold(f, examples, groups, config, keep)
        pred = grades(sev_p[idx], f, policy, idx)
        crit = [p for g, p in zip(gold, pred, strict=True) if g == "critical"]
        row: dict[str, Any] = {
            "fraction": fraction,
            "train_examples": int((draw < fraction).sum()),
            "by_writer_macro_f1": round(macro_f1(gold, pred), 4),
            "by_writer_critical_recall": round(
                sum(p == "critical" for p in crit) / max(len(crit), 1), 4
            ),
        }
        if held is not None:
            kept = [i for i in range(len(examples)) if keep(i)]
            head = fit_head(f.x[kept], [examples[i] for i in kept], *config)
            f1, recall = _evaluate_on(head, policy, held[1], held[0])
            row["independent_macro_f1"] = round(f1, 4)
            row["independent_critical_recall"] = round(recall, 4)
        rows.append(row)
    return rows
