"""The independent sets stay independent: none of their texts is in the training data.

A set is evaluated once, its figures reported; then it may be spent (moved to
classifiers/data/spent and trained on), and a fresh set takes its place.

A text that leaked from an evaluation set into training (or back) would make the
README's independent figures optimistic without anyone noticing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TRAINING = Path(__file__).parents[2] / "classifiers" / "data"
SETS = sorted(p for p in DATA.glob("independent_v*") if p.is_dir())


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _texts(paths: list[Path]) -> set[str]:
    texts = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.add(_key(json.loads(line)["text"]))
    return texts


SPENT = sorted(p for p in (TRAINING / "spent").iterdir() if p.is_dir())


def test_there_is_a_live_independent_set_and_it_was_never_spent() -> None:
    assert SETS, "the honest measure: an independent set never trained on"
    assert not {p.name for p in SETS} & {p.name for p in SPENT}


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_no_independent_text_is_trained_on(folder: Path) -> None:
    training = _texts(
        sorted(TRAINING.glob("*.jsonl"))
        + sorted(TRAINING.glob("writers/*.jsonl"))
        + sorted(TRAINING.glob("spent/*/*.jsonl"))
    )
    evaluation = _texts(sorted(folder.glob("*.jsonl")))
    assert len(evaluation) >= 790, "an independent set holds about 800 texts"
    leaked = sorted(t for t in evaluation & training if len(t.split()) > 3)
    assert not leaked, "texts of {} in the training data: {}".format(folder.name, leaked[:5])


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_each_set_says_who_wrote_it(folder: Path) -> None:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Never train on these files" in readme and "Who wrote what, and how" in readme
    assert (folder / "BRIEF.md").is_file(), "the only brief its writers saw"


@pytest.mark.parametrize("folder", SPENT, ids=lambda p: p.name)
def test_a_spent_set_says_it_is_trained_on(folder: Path) -> None:
    """A set moves to training only after its figures were reported, and says so."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Spent, and trained on since round" in readme
