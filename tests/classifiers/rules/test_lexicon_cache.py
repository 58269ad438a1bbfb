"""The compiled lexicon read back from its cache is the lexicon itself; a stale one is not used."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from classifiers.rules.compiled import compiled_concepts, lexicon_key, read_cache
from classifiers.rules.lexicon import DATA, lexicon
from classifiers.rules.patterns import alternation_source


def _sources() -> dict[str, str]:
    return {name: alternation_source(ph) for name, ph in lexicon().concepts.items()}


def _never() -> dict[str, str]:
    raise AssertionError("the cache should have answered")


def test_patterns_read_back_equal_freshly_compiled_ones(tmp_path: Path) -> None:
    written = compiled_concepts(_sources, tmp_path)
    assert len(list(tmp_path.glob("lexicon-*.json"))) == 1
    read_back = compiled_concepts(_never, tmp_path)
    fresh = {name: re.compile(source) for name, source in _sources().items()}
    assert set(read_back) == set(fresh) == set(lexicon().concepts)
    for name, pattern in fresh.items():
        # Pattern equality compares source, flags and the matcher's code
        assert read_back[name] == pattern, name
        assert written[name] == pattern, name
    text = " he is outside your house with a knife tonight "
    assert [m.span() for m in read_back["near"].finditer(text)] == [
        m.span() for m in fresh["near"].finditer(text)
    ]


def test_a_cache_for_another_key_or_a_broken_one_is_not_used(tmp_path: Path) -> None:
    compiled_concepts(_sources, tmp_path)
    (path,) = tmp_path.glob("lexicon-*.json")
    assert read_cache(path, "another key") is None
    data = json.loads(path.read_text())
    data["concepts"]["threat"]["code"] = "not code"
    path.write_text(json.dumps(data))
    assert read_cache(path, lexicon_key()) is None
    path.write_text("{")
    with pytest.raises(AssertionError, match="cache should have answered"):
        compiled_concepts(_never, tmp_path)
    assert compiled_concepts(_sources, tmp_path)["threat"] == re.compile(_sources()["threat"])


def test_the_key_changes_with_any_lexicon_file(tmp_path: Path) -> None:
    folder = tmp_path / "lexicon"
    shutil.copytree(DATA, folder)
    assert lexicon_key(folder) == lexicon_key(DATA)
    mk = folder / "mk.yaml"
    mk.write_text(mk.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert lexicon_key(folder) != lexicon_key(DATA)


def test_a_read_only_place_only_means_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    patterns = compiled_concepts(_sources, blocked / "cache")
    assert patterns["threat"] == re.compile(_sources()["threat"])
