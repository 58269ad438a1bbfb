"""The independent sets stay independent: none of their texts is in the training data.

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


def test_there_are_independent_sets() -> None:
    assert [p.name for p in SETS][:3] == ["independent_v1", "independent_v2", "independent_v3"]


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_no_independent_text_is_trained_on(folder: Path) -> None:
    training = _texts(sorted(TRAINING.glob("*.jsonl")) + sorted(TRAINING.glob("writers/*.jsonl")))
    evaluation = _texts(sorted(folder.glob("*.jsonl")))
    assert len(evaluation) >= 790, "an independent set holds about 800 texts"
    leaked = sorted(t for t in evaluation & training if len(t.split()) > 3)
    assert not leaked, "texts of {} in the training data: {}".format(folder.name, leaked[:5])


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_each_set_says_who_wrote_it(folder: Path) -> None:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Never train on these files" in readme and "Who wrote what, and how" in readme
    assert (folder / "BRIEF.md").is_file(), "the only brief its writers saw"
