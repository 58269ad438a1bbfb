"""Evaluation: macro-F1, per class and per language, confusion, critical recall."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from classifiers.labels import SEVERITY_LABELS


def _prf(gold: Sequence[str], pred: Sequence[str], label: str) -> tuple[float, float, float, int]:
    tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
    fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, tp + fn


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Mean F1 over the classes present in `gold`."""
    labels = [label for label in SEVERITY_LABELS if label in set(gold)]
    if not labels:
        return 0.0
    return sum(_prf(gold, pred, label)[2] for label in labels) / len(labels)


def evaluate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """rows: dicts with text, lang, severity (gold) and predicted."""
    gold = [r["severity"] for r in rows]
    pred = [r["predicted"] for r in rows]
    per_class = {}
    for label in SEVERITY_LABELS:
        p, r, f, n = _prf(gold, pred, label)
        per_class[label] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": n,
        }
    langs = sorted({r["lang"] for r in rows})
    per_lang = {}
    for lang in langs:
        sub = [r for r in rows if r["lang"] == lang]
        per_lang[lang] = round(
            macro_f1([r["severity"] for r in sub], [r["predicted"] for r in sub]), 4
        )
    confusion = {g: {p: 0 for p in SEVERITY_LABELS} for g in SEVERITY_LABELS}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    none_high = [
        r["text"]
        for r in rows
        if r["severity"] == "none" and r["predicted"] in ("high", "critical")
    ]
    return {
        "n": len(rows),
        "macro_f1": round(macro_f1(gold, pred), 4),
        "accuracy": round(
            sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(rows), 1), 4
        ),
        "critical_recall": per_class["critical"]["recall"],
        "per_class": per_class,
        "per_language_macro_f1": per_lang,
        "confusion": confusion,
        "none_graded_high_or_critical": none_high,
    }


def format_report(report: dict[str, Any]) -> str:
    """Human-readable report for the terminal."""
    lines = [
        f"examples: {report['n']}   macro-F1: {report['macro_f1']:.3f}   "
        f"accuracy: {report['accuracy']:.3f}   critical recall: {report['critical_recall']:.3f}",
        "",
        f"{'class':<10}{'P':>8}{'R':>8}{'F1':>8}{'n':>6}",
    ]
    for label, m in report["per_class"].items():
        lines.append(
            f"{label:<10}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>6}"
        )
    lines += ["", "per-language macro-F1:"]
    lines += [f"  {lang:<8}{f:.3f}" for lang, f in report["per_language_macro_f1"].items()]
    lines += [
        "",
        "confusion (rows gold, columns predicted):",
        " " * 10 + "".join(f"{p:>10}" for p in SEVERITY_LABELS),
    ]
    for g, row in report["confusion"].items():
        lines.append(f"{g:<10}" + "".join(f"{row[p]:>10}" for p in SEVERITY_LABELS))
    none_high = report["none_graded_high_or_critical"]
    lines += ["", f"'none' texts graded high or critical: {len(none_high)}"]
    lines += [f"  - {t}" for t in none_high]
    return "\n".join(lines)
