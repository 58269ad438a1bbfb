"""The tokenizer's vocabulary grouped by first characters: read at start, built on demand.

A start used to build one dict of all 143,000 pieces (0.2 to 0.6 s); it now reads
an index of groups and builds a group when a word first needs it. These tests
prove the grouping changes when pieces are looked up, never which ids come out.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classifiers.encoder import tokenizer as tok
from classifiers.encoder.tokenizer import LeanTokenizer, ensure_grouped_vocab

MARK = "\u2581"
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
PIECES = [
    *SPECIALS,
    MARK,
    *"abcdeilnoprstuvwxyzčšžćđ",
    *"абвгдезиклмнопрстуј",
    MARK + "ne",
    MARK + "neko",
    MARK + "nek",
    "ko",
    "ti",
    MARK + "ubi",
    "ću",
    MARK + "te",
    MARK + "ve",
    "čeras",
    MARK + "при",
    "јави",
    MARK + "no",
    "no",
    "ko",  # written twice: the later id wins, as in one dict of all pieces
    "<mask>",
]
TEXTS = [
    "Neko ti je ubiću te večeras",
    "ubiću te VEČERAS!!",
    "пријави  нешто",
    "xyz qq 😂 中文",
    "no no no neko",
    "",
    " ",
    MARK + MARK + "ne",
]


def _lean_folder(folder: Path) -> Path:
    """The files `write_lean_vocab` writes, for a small hand-made vocabulary."""
    folder.mkdir()
    rng = np.random.default_rng(0)
    scores = -rng.uniform(1, 12, len(PIECES)).astype(np.float32)
    (folder / tok.LEAN_PIECES).write_text("\n".join(PIECES), encoding="utf-8")
    np.save(folder / tok.LEAN_SCORES, scores)
    specials = [*range(len(SPECIALS)), len(PIECES) - 1]
    meta = {
        "lowercase": True,
        "unk_id": 3,
        "bos_id": 0,
        "eos_id": 2,
        "pad_id": 1,
        "special_ids": specials,
        "fixes": {},
    }
    (folder / tok.LEAN_META).write_text(json.dumps(meta))
    return folder


def _grouped_files(folder: Path) -> list[Path]:
    return [folder / n for n in (tok.GROUPS_INDEX, tok.GROUPS_PIECES, tok.GROUPS_IDS)]


def test_grouped_and_in_memory_vocabularies_give_the_same_ids(tmp_path: Path) -> None:
    folder = _lean_folder(tmp_path / "enc")
    in_memory = LeanTokenizer(folder)  # no grouped files yet: grouped in memory
    ensure_grouped_vocab(folder)
    assert all(p.exists() for p in _grouped_files(folder))
    from_files = LeanTokenizer(folder)
    assert tok.read_grouped_vocab(folder, len(PIECES)) is not None
    for text in TEXTS:
        assert from_files.encode(text) == in_memory.encode(text), text
    expected = {p: i for i, p in enumerate(PIECES) if i not in {0, 1, 2, 3, len(PIECES) - 1}}
    assert {p: from_files.piece_id(p) for p in expected} == expected
    assert expected["ko"] == PIECES.index("ko", PIECES.index("ko") + 1)
    assert from_files.piece_id("<unk>") is None and from_files.piece_id("zz") is None


def test_segmentation_is_viterbi_over_all_pieces(tmp_path: Path) -> None:
    """The best-scoring split over every piece, as one dict of the vocabulary would give."""
    folder = _lean_folder(tmp_path / "enc")
    ensure_grouped_vocab(folder)
    lean = LeanTokenizer(folder)
    scores = np.load(folder / tok.LEAN_SCORES)
    ids = {p: i for i, p in enumerate(PIECES) if i not in {0, 1, 2, 3, len(PIECES) - 1}}

    def best(word: str) -> tuple[float, list[int]]:
        if not word:
            return 0.0, []
        options = []
        for end in range(1, len(word) + 1):
            if word[:end] in ids:
                rest_score, rest = best(word[end:])
                pid = ids[word[:end]]
                options.append((float(scores[pid]) + rest_score, [pid, *rest]))
        return max(options) if options else (-1e9, [])

    for word in [MARK + "neko", MARK + "ubiću", MARK + "večeras", MARK + "пријави", MARK + "nono"]:
        assert list(lean._segment(word)) == best(word)[1], word


def test_only_the_groups_a_text_needs_are_built(tmp_path: Path) -> None:
    folder = _lean_folder(tmp_path / "enc")
    ensure_grouped_vocab(folder)
    lean = LeanTokenizer(folder)
    assert lean._groups == {}  # nothing built at start
    lean.encode("no")
    assert set(lean._groups) <= {MARK, MARK + "n", "n", "no", "o"}
    assert len(lean._groups) < len(lean._vocab.index)


def test_a_stale_or_broken_index_is_ignored(tmp_path: Path) -> None:
    folder = _lean_folder(tmp_path / "enc")
    ensure_grouped_vocab(folder)
    reference = [LeanTokenizer(folder).encode(t) for t in TEXTS]
    index = json.loads((folder / tok.GROUPS_INDEX).read_text())
    (folder / tok.GROUPS_INDEX).write_text(json.dumps({**index, "pieces": 7}))
    assert tok.read_grouped_vocab(folder, len(PIECES)) is None
    assert [LeanTokenizer(folder).encode(t) for t in TEXTS] == reference
    (folder / tok.GROUPS_INDEX).write_text("{not json")
    assert [LeanTokenizer(folder).encode(t) for t in TEXTS] == reference


def test_a_cache_it_cannot_write_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image's cache may be read-only to the bot: it then groups in memory."""
    written = _lean_folder(tmp_path / "written")
    ensure_grouped_vocab(written)
    folder = _lean_folder(tmp_path / "enc")

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "read-only", str(path))

    monkeypatch.setattr(tok, "_write_atomic", refuse)
    ensure_grouped_vocab(folder)
    assert not (folder / tok.GROUPS_INDEX).exists()
    lean, reference = LeanTokenizer(folder), LeanTokenizer(written)
    assert [lean.encode(t) for t in TEXTS] == [reference.encode(t) for t in TEXTS]
