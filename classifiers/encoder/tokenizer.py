"""XLM-R's Unigram tokenisation in plain Python, for serving without `transformers`.

The fast tokenizer object with its 140k-piece Unigram model costs about 140 MB
resident; this one reads a compact vocabulary written at conversion time
(pieces as text, scores as float32) and segments each word with Viterbi over
the piece scores (normalise, split on spaces with the "▁" marker, unknown
characters fused into one <unk>), caching words. The tests check it gives the
same ids as the converted `transformers` tokenizer on every project text.

Load time: a Python dict of all 143,000 pieces took 0.2 to 0.6 s to build at
every start. The vocabulary is also written grouped by each piece's first two
characters (`lean-groups.*`, about 6,500 groups); a start reads only the
groups' index, and a group becomes a dict the first time a word needs it
(every piece a Viterbi step can try from one position shares its first two
characters, or is a single character). Same pieces, same ids: only when
they are built changes.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

LEAN_META = "lean-tokenizer.json"
LEAN_PIECES = "lean-pieces.txt"
LEAN_SCORES = "lean-scores.npy"
GROUPS_INDEX = "lean-groups.json"
GROUPS_PIECES = "lean-groups.txt"
GROUPS_IDS = "lean-groups-ids.npy"
GROUPS_FORMAT = 1
_MARK = "\u2581"
_UNK_PENALTY = 10.0
_SPACES = re.compile(" {2,}")
_NO_PIECES: Mapping[str, int] = {}


def write_lean_vocab(model_dir: Path) -> None:
    """Compact vocabulary files beside tokenizer.json (run once, at conversion)."""
    spec = json.loads((model_dir / "tokenizer.json").read_text())
    vocab = spec["model"]["vocab"]
    pieces = [p for p, _ in vocab]
    if any("\n" in p for p in pieces):
        raise ValueError("a vocabulary piece holds a newline; the lean format cannot store it")
    if spec["model"]["type"] != "Unigram":
        raise ValueError(f"{model_dir}: the serving tokenizer needs a Unigram model")
    normalizer = spec.get("normalizer") or {"type": "Sequence", "normalizers": []}
    steps = normalizer["normalizers"] if normalizer["type"] == "Sequence" else [normalizer]
    fixes: dict[str, str] = {}
    for step in steps:
        pattern = step.get("pattern", {}).get("Regex", "")
        if step["type"] == "Replace" and pattern.startswith("["):
            for cp in re.findall(r"\\x\{([0-9a-fA-F]+)\}", pattern):
                fixes[str(int(cp, 16))] = step["content"]
    ids = {t["content"]: t["id"] for t in spec.get("added_tokens", [])}
    lowercase = any(step["type"] == "Lowercase" for step in steps)
    meta = {
        "lowercase": lowercase,
        "unk_id": spec["model"]["unk_id"],
        "bos_id": ids.get("<s>", 0),
        "eos_id": ids.get("</s>", 2),
        "pad_id": ids.get("<pad>", 1),
        "special_ids": sorted(ids.values()),
        "fixes": fixes,
    }
    (model_dir / LEAN_PIECES).write_text("\n".join(pieces), encoding="utf-8")
    np.save(model_dir / LEAN_SCORES, np.asarray([s for _, s in vocab], dtype=np.float32))
    (model_dir / LEAN_META).write_text(json.dumps(meta))
    write_grouped_vocab(model_dir)


def has_lean_files(model_dir: Path) -> bool:
    return all((model_dir / f).exists() for f in (LEAN_META, LEAN_PIECES, LEAN_SCORES))


@dataclass(frozen=True)
class GroupedVocab:
    """The pieces (specials left out) grouped by their first two characters.

    Group `k` is `text[bounds[k][0]:bounds[k][1]]` split on newlines, with ids
    `ids[bounds[k][2]:...]`, in id order, so a piece written twice keeps its
    last id, as one dict of all pieces would.
    """

    text: str
    index: dict[str, tuple[int, int, int]]
    ids: np.ndarray
    longest: int


def group_vocab(pieces: Sequence[str], special: set[int]) -> GroupedVocab:
    """Group the vocabulary (conversion time, or a folder converted before groups)."""
    members: dict[str, list[int]] = {}
    for i, piece in enumerate(pieces):
        if i not in special:
            members.setdefault(piece[:2], []).append(i)
    chunks: list[str] = []
    ids: list[int] = []
    index: dict[str, tuple[int, int, int]] = {}
    offset = 0
    for key in sorted(members):
        chunk = "\n".join(pieces[i] for i in members[key])
        index[key] = (offset, offset + len(chunk), len(ids))
        chunks.append(chunk)
        ids.extend(members[key])
        offset += len(chunk)
    longest = max((len(pieces[i]) for i in ids), default=1)
    return GroupedVocab("".join(chunks), index, np.asarray(ids, dtype=np.int32), longest)


def write_grouped_vocab(model_dir: Path) -> None:
    """The grouped vocabulary beside the lean files; the index is written last (atomic)."""
    meta = json.loads((model_dir / LEAN_META).read_text())
    pieces = (model_dir / LEAN_PIECES).read_text(encoding="utf-8").split("\n")
    grouped = group_vocab(pieces, set(meta["special_ids"]))
    keys = list(grouped.index)
    index = {
        "format": GROUPS_FORMAT,
        "pieces": len(pieces),
        "longest": grouped.longest,
        "keys": keys,
        "bounds": [list(grouped.index[k]) for k in keys],
    }
    _write_atomic(model_dir / GROUPS_PIECES, grouped.text.encode("utf-8"))
    with tempfile.NamedTemporaryFile(dir=model_dir, suffix=".npy", delete=False) as fh:
        np.save(fh, grouped.ids)
    os.chmod(fh.name, 0o644)
    os.replace(fh.name, model_dir / GROUPS_IDS)
    _write_atomic(model_dir / GROUPS_INDEX, json.dumps(index).encode())


def _write_atomic(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as fh:
        fh.write(data)
    os.chmod(fh.name, 0o644)  # the image converts as root and serves unprivileged
    os.replace(fh.name, path)


def read_grouped_vocab(model_dir: Path, pieces_count: int) -> GroupedVocab | None:
    """The grouped files if present and of this vocabulary, else None (never raises)."""
    try:
        index = json.loads((model_dir / GROUPS_INDEX).read_text())
        if index.get("format") != GROUPS_FORMAT or index.get("pieces") != pieces_count:
            return None
        spans = {
            key: (int(b[0]), int(b[1]), int(b[2]))
            for key, b in zip(index["keys"], index["bounds"], strict=True)
        }
        text = (model_dir / GROUPS_PIECES).read_text(encoding="utf-8")
        ids = np.load(model_dir / GROUPS_IDS)
        return GroupedVocab(text, spans, ids, int(index["longest"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ensure_grouped_vocab(model_dir: Path) -> None:
    """Add the grouped files to a folder converted before they existed (best effort)."""
    if (model_dir / GROUPS_INDEX).exists() or not has_lean_files(model_dir):
        return
    try:
        write_grouped_vocab(model_dir)
    except OSError:
        pass  # a read-only cache: the tokenizer groups the vocabulary in memory


class LeanTokenizer:
    """XLM-R Unigram tokenisation of the converted vocabulary, in plain Python."""

    def __init__(self, model_dir: Path, model_max_length: int = 512) -> None:
        meta = json.loads((model_dir / LEAN_META).read_text())
        self.unk_id = int(meta["unk_id"])
        self.bos_id, self.eos_id = int(meta["bos_id"]), int(meta["eos_id"])
        self.pad_id = int(meta["pad_id"])
        self.model_max_length = model_max_length
        self._fixes = {int(cp): out for cp, out in meta["fixes"].items()}
        self._lowercase = bool(meta.get("lowercase", False))
        scores = np.load(model_dir / LEAN_SCORES)
        self._scores = array("d")  # 8 bytes a score, not a float object
        self._scores.frombytes(scores.astype(np.float64).tobytes())
        self._unk_score = float(scores.min()) - _UNK_PENALTY
        grouped = read_grouped_vocab(model_dir, len(scores))
        if grouped is None:
            pieces = (model_dir / LEAN_PIECES).read_text(encoding="utf-8").split("\n")
            grouped = group_vocab(pieces, set(meta["special_ids"]))
        self._vocab = grouped
        self._groups: dict[str, dict[str, int]] = {}
        self._max_len = grouped.longest
        self._word = lru_cache(maxsize=50_000)(self._segment)

    def _group(self, key: str) -> Mapping[str, int]:
        """The pieces starting with `key` (two characters, or one for single pieces)."""
        group = self._groups.get(key)
        if group is None:
            span = self._vocab.index.get(key)
            if span is None:
                return _NO_PIECES  # not kept: text may hold any pair of characters
            start, stop, first = span
            pieces = self._vocab.text[start:stop].split("\n")
            ids = self._vocab.ids[first : first + len(pieces)].tolist()
            group = self._groups[key] = dict(zip(pieces, ids, strict=True))
        return group

    def piece_id(self, piece: str) -> int | None:
        """The id of a vocabulary piece (specials excluded), or None."""
        return self._group(piece[:2]).get(piece) if piece else None

    def normalize(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text.translate(self._fixes))
        if self._lowercase:
            text = text.lower()
        return _SPACES.sub(" ", text)

    def _segment(self, word: str) -> tuple[int, ...]:
        """Viterbi over pieces for one "▁word"; runs of unknown characters fuse."""
        n = len(word)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        scores, longest, group = self._scores, self._max_len, self._group
        for start in range(n):
            base = best[start]
            if base == -math.inf:
                continue
            single = False
            ones, longer = group(word[start]), group(word[start : start + 2])
            for end in range(start + 1, min(n, start + longest) + 1):
                pid = (longer if end > start + 1 else ones).get(word[start:end])
                if pid is None:
                    continue
                single |= end == start + 1
                score = base + scores[pid]
                if score > best[end]:
                    best[end], back[end] = score, (start, pid)
            if not single:
                score = base + self._unk_score
                if score > best[start + 1]:
                    best[start + 1], back[start + 1] = score, (start, self.unk_id)
        out: list[int] = []
        end = n
        while end > 0:
            start, pid = back[end]
            if not (pid == self.unk_id and out and out[-1] == self.unk_id):
                out.append(pid)
            end = start
        return tuple(reversed(out))

    def encode(self, text: str, max_length: int | None = None) -> list[int]:
        """Ids with <s> and </s>, truncated to `max_length` in all."""
        norm = self.normalize(text).replace(" ", _MARK)
        if not norm.startswith(_MARK):
            norm = _MARK + norm
        pieces: list[int] = []
        for chunk in norm.split(_MARK):
            if chunk:
                pieces.extend(self._word(_MARK + chunk))
        limit = (max_length or self.model_max_length) - 2
        return [self.bos_id, *pieces[:limit], self.eos_id]

    def __call__(
        self,
        texts: str | Sequence[str],
        padding: bool = False,
        truncation: bool = True,
        max_length: int | None = None,
        return_tensors: str | None = None,
    ) -> dict[str, Any]:
        single = isinstance(texts, str)
        batch = [texts] if isinstance(texts, str) else list(texts)
        rows = [self.encode(t, max_length if truncation else 10**9) for t in batch]
        if return_tensors != "np":
            masks = [[1] * len(r) for r in rows]
            if single:
                return {"input_ids": rows[0], "attention_mask": masks[0]}
            return {"input_ids": rows, "attention_mask": masks}
        return dict(zip(("input_ids", "attention_mask"), self.pad(rows), strict=True))

    def pad(self, rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """(ids, mask) int64 arrays, right-padded to the longest row."""
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
            mask[i, : len(r)] = 1
        return ids, mask
