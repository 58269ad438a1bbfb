"""The writers' training files: each parses, names its writer, and is its own fold."""

from __future__ import annotations

import json
import re
from collections import Counter

from classifiers.dataset import WRITERS_DIR, read_labelled, read_writers

VARIANTS = {"en", "sq", "sr", "sr_Latn", "bs", "hr", "cnr", "mk"}


def test_every_writers_file_parses_and_names_its_writer() -> None:
    files = sorted(WRITERS_DIR.glob("train_t*.jsonl"))
    assert len(files) >= 9
    for path in files:
        examples, problems = read_labelled(path, source="writers")
        assert not problems, problems[:3]
        writer = "T" + re.match(r"train_t(\d+)_", path.name).group(1)  # type: ignore[union-attr]
        assert {e.writer for e in examples} == {writer}, path.name
        assert {e.lang for e in examples} <= VARIANTS, path.name
        assert len({e.text for e in examples}) == len(examples), f"{path.name}: a text twice"


def test_each_writer_is_a_leave_one_out_group_of_its_own() -> None:
    groups = Counter(e.writer for e in read_writers())
    assert {f"T{n}" for n in range(1, 10)} <= set(groups)
    assert min(groups.values()) >= 500


def test_the_data_readme_counts_every_file() -> None:
    readme = (WRITERS_DIR.parent / "README.md").read_text(encoding="utf-8")
    for path in sorted(WRITERS_DIR.glob("*.jsonl")):
        count = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        row = next((r for r in readme.splitlines() if r.startswith(f"| {path.name} |")), None)
        assert row is not None, f"{path.name} is not in classifiers/data/README.md"
        assert row.rstrip(" |").endswith(f"{count:,}"), (row, count)
        json.loads(path.read_text(encoding="utf-8").splitlines()[0])
