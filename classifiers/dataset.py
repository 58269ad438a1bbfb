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
from dataclasses import dataclass, field, replace
from pathlib import Path

from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS

DATA_DIR = Path(__file__).parent / "data"


def _default_public() -> Path:
    """SAFE_REPORT_DATASETS, else the nearest `shared/datasets` above the repository
    (the main checkout and the engineers' worktrees sit at different depths)."""
    if "SAFE_REPORT_DATASETS" in os.environ:
        return Path(os.environ["SAFE_REPORT_DATASETS"])
    for parent in Path(__file__).resolve().parents[1:4]:
        if (parent / "shared" / "datasets").is_dir():
            return parent / "shared" / "datasets"
    return Path("../shared/datasets")


DEFAULT_PUBLIC = _default_public()


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
    """The project's first examples: "train", "dev" or "test" (written with the lexicon)."""
    path = DATA_DIR / f"{name}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [
            replace(parse_example(json.loads(line)), writer="own") for line in fh if line.strip()
        ]


WRITERS_DIR = DATA_DIR / "writers"


def read_writers(folder: Path = WRITERS_DIR) -> list[Example]:
    """The independent writers' examples (see classifiers/data/README.md); `writer` set."""
    examples, problems = read_labelled(folder, source="writers")
    if problems:
        raise BadExample("; ".join(problems[:5]))
    return [e if e.writer else replace(e, writer="unknown") for e in examples]


SPENT_DIR = DATA_DIR / "spent"


def read_spent(folder: Path = SPENT_DIR) -> list[Example]:
    """The evaluation sets already read and reported (classifiers/data/spent/*/README.md),
    trained on since round 4: each set is one group, its name the `writer`, so the
    leave-one-writer-out selection never scores a set with its own texts in training."""
    examples: list[Example] = []
    for spent in sorted(p for p in folder.iterdir() if p.is_dir()):
        found, problems = read_labelled(spent, source="spent")
        if problems:
            raise BadExample("; ".join(problems[:5]))
        examples += [replace(e, writer=spent.name) for e in found]
    return examples


def _edos(path: Path) -> Iterator[Example]:
    """EDOS (sexism on Reddit and Gab): every sexism category is gender-based hate.

    Threats and incitement against women are `high` threat + hate (no time or
    place: never critical); derogation and animosity are `medium` hate, as
    DESIGN.md grades gender-based hate; prejudiced discussion is `low` hate.
    "not sexist" posts are `none` only where they hold no insult, which EDOS
    does not record: they are taken as `none` (most are ordinary talk) and
    down-sampled with everything else in `read_public`.
    """
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
            yield Example(row["text"], "en", sev, cats, "edos", writer="edos")


HATECHECK_TARGETS = {"women", "trans people", "gay people"}
# Not abuse of anyone: counter-speech, quoting hate to condemn it, positive or neutral
# statements about a group, profanity at no one, reclaimed slurs, abuse of objects.
HATECHECK_NONE = {
    "counter_quote_nh",
    "counter_ref_nh",
    "ident_neutral_nh",
    "ident_pos_nh",
    "negate_neg_nh",
    "profanity_nh",
    "slur_reclaimed_nh",
    "slur_homonym_nh",
    "target_obj_nh",
}


def _hatecheck(path: Path) -> Iterator[Example]:
    """HateCheck functional tests; only gender and LGBTQ+ targets count as our `hate`.

    Hate against women, trans or gay people is `medium` hate, and a threat
    against them `high` threat + hate. Hate against other groups is outside the
    taxonomy's `hate` and is not used. Abuse of one person who is not targeted
    as a member of a group ("target_indiv_nh") is a `low` insult. Counter-speech
    and quotations of hate made to condemn it are `none`: hard negatives.
    """
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            func, text = row["functionality"], row["test_case"].strip()

            def ex(sev: str, cats: tuple[str, ...], text: str = text) -> Example:
                return Example(text, "en", sev, cats, "hatecheck", writer="hatecheck")

            if row["label_gold"] == "hateful":
                if row["target_ident"] not in HATECHECK_TARGETS:
                    continue
                if func.startswith("threat"):
                    yield ex("high", ("threat", "hate"))
                else:
                    yield ex("medium", ("hate",))
            elif func == "target_indiv_nh":
                yield ex("low", ("harassment",))
            elif func in HATECHECK_NONE:
                yield ex("none", ())


def _davidson(path: Path) -> Iterator[Example]:
    """Davidson et al. tweets: "offensive" is a `low` insult, not gender-based hate
    (most of it is slurs and profanity at no protected group); "neither" is `none`.
    The "hate speech" class is mostly racist and is not mapped: its targets are
    outside the taxonomy's `hate` and it would teach the wrong category."""
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = row["class"]
            if label == "1":
                yield Example(
                    row["tweet"], "en", "low", ("harassment",), "davidson", writer="davidson"
                )
            elif label == "2":
                yield Example(row["tweet"], "en", "none", (), "davidson", writer="davidson")


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
