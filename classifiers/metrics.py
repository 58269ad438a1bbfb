"""Evaluation: macro-F1 per class, language and kind; critical recall; categories.

`evaluate` takes rows (dicts) with the gold `severity` and `predicted`
severity, and where known `lang`, `kind`, `writer`, gold `categories` and
`predicted_categories`; it works on any labelled set (the project's own
splits, the independent sets, a public corpus).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS

_RANK = {label: i for i, label in enumerate(SEVERITY_LABELS)}


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


def _group(rows: Sequence[dict[str, Any]], field: str) -> dict[str, dict[str, Any]]:
    """Per value of `field`: n, macro-F1, accuracy, under- and over-graded counts."""
    out: dict[str, dict[str, Any]] = {}
    for value in sorted({str(r[field]) for r in rows if r.get(field) is not None}):
        sub = [r for r in rows if str(r.get(field)) == value]
        gold = [r["severity"] for r in sub]
        pred = [r["predicted"] for r in sub]
        crit = [p for g, p in zip(gold, pred, strict=True) if g == "critical"]
        out[value] = {
            "n": len(sub),
            "macro_f1": round(macro_f1(gold, pred), 4),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(sub), 4),
            "under": sum(_RANK[p] < _RANK[g] for g, p in zip(gold, pred, strict=True)),
            "over": sum(_RANK[p] > _RANK[g] for g, p in zip(gold, pred, strict=True)),
            "critical_recall": (
                round(sum(p == "critical" for p in crit) / len(crit), 4) if crit else None
            ),
        }
    return out


def _categories(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    labelled = [r for r in rows if "categories" in r and "predicted_categories" in r]
    for cat in CATEGORY_LABELS:
        tp = sum(cat in r["categories"] and cat in r["predicted_categories"] for r in labelled)
        fp = sum(cat not in r["categories"] and cat in r["predicted_categories"] for r in labelled)
        fn = sum(cat in r["categories"] and cat not in r["predicted_categories"] for r in labelled)
        if tp + fp + fn:
            out[cat] = {
                "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
                "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
                "support": tp + fn,
            }
    return out


def evaluate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """rows: dicts with severity (gold) and predicted; see the module docstring."""
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
    confusion = {g: {p: 0 for p in SEVERITY_LABELS} for g in SEVERITY_LABELS}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    none_high = [
        r["text"]
        for r in rows
        if r["severity"] == "none" and r["predicted"] in ("high", "critical")
    ]
    by_lang = _group(rows, "lang")
    return {
        "n": len(rows),
        "macro_f1": round(macro_f1(gold, pred), 4),
        "accuracy": round(
            sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(rows), 1), 4
        ),
        "critical_recall": per_class["critical"]["recall"],
        "per_class": per_class,
        "per_language_macro_f1": {lang: v["macro_f1"] for lang, v in by_lang.items()},
        "per_language": by_lang,
        "per_kind": _group(rows, "kind"),
        "per_writer": _group(rows, "writer"),
        "categories": _categories(rows),
        "confusion": confusion,
        "none_graded_high_or_critical": none_high,
    }


def _table(title: str, groups: dict[str, dict[str, Any]]) -> list[str]:
    if not groups:
        return []
    lines = [
        "",
        f"{title:<12}{'n':>6}{'macro-F1':>10}{'acc':>8}{'under':>7}{'over':>6}{'crit R':>8}",
    ]
    for name, g in groups.items():
        crit = "-" if g["critical_recall"] is None else f"{g['critical_recall']:.3f}"
        lines.append(
            f"{name:<12}{g['n']:>6}{g['macro_f1']:>10.3f}{g['accuracy']:>8.3f}"
            f"{g['under']:>7}{g['over']:>6}{crit:>8}"
        )
    return lines


def format_report(report: dict[str, Any], misses: Sequence[dict[str, Any]] = ()) -> str:
    """Human-readable report for the terminal."""
    lines = [
        f"examples: {report['n']}   macro-F1: {report['macro_f1']:.3f}   "
        f"accuracy: {report['accuracy']:.3f}   critical recall: {report['critical_recall']:.3f}"
        f"   none graded high/critical: {len(report['none_graded_high_or_critical'])}",
        "",
        f"{'severity':<10}{'P':>8}{'R':>8}{'F1':>8}{'n':>6}",
    ]
    for label, m in report["per_class"].items():
        lines.append(
            f"{label:<10}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>6}"
        )
    lines += _table("language", report.get("per_language", {}))
    lines += _table("kind", report.get("per_kind", {}))
    lines += _table("writer", report.get("per_writer", {}))
    if report.get("categories"):
        lines += ["", f"{'category':<18}{'P':>8}{'R':>8}{'n':>6}"]
        for cat, m in report["categories"].items():
            lines.append(f"{cat:<18}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['support']:>6}")
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
    if misses:
        lines += ["", f"misses ({len(misses)}): gold -> predicted [lang kind] text"]
        lines += [
            f"  {m['severity']} -> {m['predicted']} [{m.get('lang')} {m.get('kind', '')}] "
            f"{m['text']!r} {m.get('rules', '')}"
            for m in misses
        ]
    return "\n".join(lines)
