"""The lexicon alone on held-out texts written apart from the training data.

tests/classifiers/data/critical_heldout.jsonl holds, per language, at least 15
texts in immediate danger and at least 15 look-alikes that share their words
("this exam will kill me", "the knife set I bought"). With no model loaded,
the lexicon must catch the first and must not grade the second critical.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.domain import Severity
from classifiers.rules import assess_rules
from classifiers.rules.normalize import fold
from classifiers.rules.patterns import compile_phrases

HELDOUT = Path(__file__).parents[1] / "data" / "critical_heldout.jsonl"
LANGS = {"en", "sq", "sr", "sr_Latn", "bs", "hr", "cnr", "mk"}


def _rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in HELDOUT.read_text().splitlines() if line.strip()]


def test_heldout_covers_every_language() -> None:
    kinds = Counter((r["lang"], r["kind"]) for r in _rows())
    for lang in LANGS:
        assert kinds[(lang, "critical")] >= 15, lang
        assert kinds[(lang, "lookalike")] >= 15, lang


def test_lexicon_alone_catches_heldout_criticals() -> None:
    crit = [r for r in _rows() if r["kind"] == "critical"]
    missed = [r["text"] for r in crit if assess_rules(r["text"]).severity is not Severity.CRITICAL]
    recall = 1 - len(missed) / len(crit)
    assert recall >= 0.95, (round(recall, 3), missed)


def test_lookalikes_never_fire_critical() -> None:
    wrong = []
    for r in _rows():
        if r["kind"] != "lookalike":
            continue
        got = assess_rules(r["text"])
        if got.severity is Severity.CRITICAL or (
            r["severity"] == "none" and got.severity is Severity.HIGH
        ):
            wrong.append((r["text"], [(h.rule_id, h.matched) for h in got.rules]))
    assert not wrong


def test_every_hit_names_its_rule_and_words() -> None:
    for r in _rows():
        for hit in assess_rules(r["text"]).rules:
            assert hit.rule_id and hit.matched.strip()


@pytest.mark.parametrize(
    ("phrase", "text", "hit"),
    [
        ("(i ll|gonna) (kill|stab) (you|u)", "gonna stab u tonite", True),
        ("(i ll|gonna) (kill|stab) (you|u)", "I'll kill you", True),
        ("(your|ur) (own )?funeral", "flowers for your own funeral", True),
        ("(your|ur) (own )?funeral", "for ur funeral", True),
        ("ubi* (ću|cu)? (te|me)", "Убићу те", True),
        ("ubi* (ću|cu)? (te|me)", "ubit ću te", True),
        ("ubi* (ću|cu)? (te|me)", "ubila sam se", False),
    ],
)
def test_phrase_grammar(phrase: str, text: str, hit: bool) -> None:
    assert bool(compile_phrases([phrase]).search(fold(text))) is hit
