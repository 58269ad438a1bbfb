"""The lexicon is data: the YAML files are what the engine uses, and bad files fail loudly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.domain import Severity
from classifiers.rules import scan
from classifiers.rules.lexicon import DATA, LexiconError, lexicon, load_lexicon, phrase_files


def test_one_file_per_language_and_one_shared() -> None:
    names = {p.name for p in phrase_files()}
    assert names == {"en.yaml", "sq.yaml", "bcms.yaml", "mk.yaml", "common.yaml"}
    assert (DATA / "rules.yaml").exists()


def test_every_concept_is_described_and_used() -> None:
    lex = lexicon()
    needed = {n for r in lex.rules for n in r.needs}
    cues = {c for cues in lex.suppressed_by.values() for c, _ in cues}
    for concept, phrases in lex.concepts.items():
        assert phrases, concept
        assert lex.descriptions[concept]
        assert concept in needed | cues, f"{concept} is never used by a rule or a cue"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicon"
    shutil.copytree(DATA, folder)
    return folder


def test_a_phrase_added_to_a_file_is_matched(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = "the moon is purple tonight"
    assert not any(r.rule_id == "danger.abuser_near" for r in scan(text))
    data = (folder / "en.yaml").read_text().replace("  near:\n", "  near:\n  - moon is purple\n", 1)
    (folder / "en.yaml").write_text(data)
    from classifiers.rules.normalize import fold
    from classifiers.rules.patterns import compile_phrases

    near = compile_phrases(load_lexicon(folder).concepts["near"])
    assert near.search(fold(text))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("  near:\n", "  nearby:\n"), "unknown concept 'nearby'"),
        (("  near:\n", "  near:\n  - '{nobody} here'\n"), "unknown macro {nobody}"),
        (("  near:\n", "  near:\n  - parked outside[s]?\n"), "not phrase syntax"),
        (("  near:\n", "  near:\n  - on the m[0-9]*\n"), "not phrase syntax"),
    ],
)
def test_bad_files_are_refused_with_the_file_named(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    folder = _copy(tmp_path)
    path = folder / "en.yaml"
    path.write_text(path.read_text().replace(*edit, 1))
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(folder)
    assert "en.yaml" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "lol if ur late AGAIN i'll kill you 😂",
        "sonte t'vras n'FIFA, pergatitu 🎮",
        "ubiću te ako ne dođeš na rođendan hahaha",
    ],
)
def test_banter_does_not_raise_an_alarm(text: str) -> None:
    assert not any(h.severity >= Severity.HIGH for h in scan(text)), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "he says he'll kill me tonight 😂 i'm scared",  # fear outweighs the emoji
        "i want to kill myself lol",  # self-harm is never dropped
    ],
)
def test_banter_never_hides_fear_or_self_harm(text: str) -> None:
    assert scan(text)[0].severity is Severity.CRITICAL


def test_laughter_drops_only_the_threat_words_near_it() -> None:
    joke = "lol if ur late AGAIN i'll kill you tonight"
    assert not scan(joke)
    everyday = "so funny 😂. " + "we went to the park and then to the shop for bread. " * 4
    hits = scan(everyday + "then he wrote: i'll kill you tonight, i'm coming")
    assert hits and hits[0].severity is Severity.CRITICAL, hits
