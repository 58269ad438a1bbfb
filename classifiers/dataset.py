"""Labelled examples: the project's own (classifiers/data) and public sets.

Public sets are read in place from the shared datasets folder and never
copied into the repository. They are English and only cover hate, insults
and threats, so they are mapped conservatively and down-sampled so that the
project's own multilingual examples keep the weight.
"""

from __future__ import annotations

import csv
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_PUBLIC = Path(os.environ.get("SAFE_REPORT_DATASETS", "../shared/datasets"))


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    severity: str
    categories: tuple[str, ...] = ()
    source: str = "own"
    weight: float = field(default=1.0, compare=False)
    kind: str = ""
    writer: str = ""


class BadExample(ValueError):
    """A JSON line that is not a usable labelled example."""


def parse_example(obj: object, source: str = "own") -> Example:
    if not isinstance(obj, dict):
        raise BadExample("expected a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadExample("'text' must be a non-empty string")
    severity = obj.get("severity")
    if severity not in SEVERITY_LABELS:
        raise BadExample(f"'severity' must be one of {', '.join(SEVERITY_LABELS)}")
    cats = obj.get("categories", [])
    if not isinstance(cats, list) or any(c not in CATEGORY_LABELS for c in cats):
        raise BadExample(f"'categories' must be a list of {', '.join(CATEGORY_LABELS)}")
    lang = obj.get("lang", "und")
    kind, writer = obj.get("kind", ""), obj.get("writer", "")
    return Example(
        text, str(lang), severity, tuple(cats), source, kind=str(kind), writer=str(writer)
    )


def labelled_files(path: Path) -> list[Path]:
    """`path` itself, or every *.jsonl file in the folder `path` (sorted)."""
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise FileNotFoundError(f"no .jsonl file in {path}")
        return files
    return [path]


def read_labelled(path: Path, source: str = "own") -> tuple[list[Example], list[str]]:
    """Examples from a JSON-lines file or a folder of them, and one message per bad line."""
    examples: list[Example] = []
    problems: list[str] = []
    for file in labelled_files(path):
        with file.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    examples.append(parse_example(json.loads(line), source))
                except (json.JSONDecodeError, BadExample) as exc:
                    problems.append(f"{file.name}:{number}: skipped: {exc}")
    return examples, problems


def read_split(name: str) -> list[Example]:
    """The project's own split: "train", "dev" or "test"."""
    path = DATA_DIR / f"{name}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [parse_example(json.loads(line)) for line in fh if line.strip()]


def _edos(path: Path) -> Iterator[Example]:
    mapping = {
        "1. threats, plans to harm and incitement": ("high", ("threat", "hate")),
        "2. derogation": ("medium", ("hate",)),
        "3. animosity": ("medium", ("hate",)),
        "4. prejudiced discussions": ("low", ("hate",)),
    }
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["split"] != "train":
                continue
            sev, cats = mapping.get(row["label_category"], ("none", ()))
            yield Example(row["text"], "en", sev, cats, "edos")


def _hatecheck(path: Path) -> Iterator[Example]:
    targets = {"women", "trans people", "gay people"}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            func, text = row["functionality"], row["test_case"].strip()
            if row["label_gold"] == "hateful":
                if row["target_ident"] not in targets:
                    continue
                if func.startswith("threat"):
                    yield Example(text, "en", "high", ("threat", "hate"), "hatecheck")
                else:
                    yield Example(text, "en", "medium", ("hate",), "hatecheck")
            elif func in {"ident_neutral_nh", "ident_pos_nh", "profanity_nh"}:
                yield Example(text, "en", "none", (), "hatecheck")


def _davidson(path: Path) -> Iterator[Example]:
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = row["class"]
            if label == "1":
                yield Example(row["tweet"], "en", "low", ("harassment",), "davidson")
            elif label == "2":
                yield Example(row["tweet"], "en", "none", (), "davidson")


def read_public(root: Path = DEFAULT_PUBLIC, per_label: int = 150, seed: int = 0) -> list[Example]:
    """Mapped public examples, at most `per_label` per (source, severity)."""
    readers = {
        "edos": (_edos, root / "edos" / "edos_labelled_aggregated.csv"),
        "hatecheck": (_hatecheck, root / "hatecheck" / "test_suite_cases.csv"),
        "davidson": (_davidson, root / "davidson" / "labeled_data.csv"),
    }
    rng = random.Random(seed)
    out: list[Example] = []
    for name, (reader, path) in readers.items():
        if not path.exists():
            raise FileNotFoundError(
                f"public dataset {name} not found at {path}; set SAFE_REPORT_DATASETS"
            )
        by_sev: dict[str, list[Example]] = {}
        for ex in reader(path):
            by_sev.setdefault(ex.severity, []).append(ex)
        for items in by_sev.values():
            rng.shuffle(items)
            out.extend(items[:per_label])
    return out
