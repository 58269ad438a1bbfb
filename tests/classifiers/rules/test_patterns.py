"""A concept's one alternation finds exactly what its phrases find one by one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from classifiers.rules.lexicon import lexicon
from classifiers.rules.normalize import fold
from classifiers.rules.patterns import alternation_source, phrase_regex

WRITERS = Path(__file__).parents[3] / "classifiers" / "data" / "writers"


def _phrase_by_phrase(phrases: list[str]) -> re.Pattern[str]:
    """The plain alternation: every phrase keeps its own start check, longest first."""
    regexes = sorted({phrase_regex(p) for p in phrases}, key=lambda r: (-len(r), r))
    return re.compile("|".join(regexes))


def _texts() -> list[str]:
    texts = []
    for path in sorted(WRITERS.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::25] if line.strip()]
    return texts


def test_the_shared_start_check_changes_no_match() -> None:
    texts = [fold(t) for t in _texts()]
    assert len(texts) > 300
    found = 0
    for name, phrases in lexicon().concepts.items():
        plain = _phrase_by_phrase(list(phrases))
        factored = re.compile(alternation_source(phrases))
        assert factored.pattern != plain.pattern, "the start check is shared"
        for text in texts:
            expected = [(m.span(), m.group(0)) for m in plain.finditer(text)]
            assert [(m.span(), m.group(0)) for m in factored.finditer(text)] == expected, name
            found += len(expected)
    assert found > 100, "the comparison saw matches"
