"""Export a transformers encoder to one int8 ONNX file (conversion time only).

The graph takes token ids and an attention mask and returns the sentence
embedding that multilingual-e5 defines: mean pooling over real tokens, then L2
normalisation, so serving needs nothing but ONNX Runtime and numpy. The fp32
export is checked against the torch model; ONNX Runtime's transformer optimiser
then fuses each layer's attention into one `Attention` node (and the skip
connections' layer norms and the GELU), which is quantised to int8 with the
MatMul weights and the word-embedding Gather (dynamic quantisation:
`QAttention`, then `DynamicQuantizeMatMul` once ONNX Runtime has optimised the
graph), and checked again; only the int8 model is kept. The fused attention
makes the encoder's pass over one short text about a tenth faster than the
unfused int8 graph on one thread and about a fifth on two
(`tests/benchmarks/compare_encoder_graphs.py`).

The attention fusion recognises the pattern the TorchScript exporter writes for
BERT's eager attention, so the model is exported that way (`dynamo=False`,
eager attention); the dynamo exporter's graph is left unfused by the optimiser.

It is written as a small graph file and its weights in `<name>.data`: ONNX
Runtime maps external weights into memory instead of reading them into its
heap, so a serving process pays only for the pages it touches (the embedding
rows of the tokens it sees, not the whole 143k-row table), and a session opens
in a few tens of milliseconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

INPUTS = ("input_ids", "attention_mask")
OUTPUT = "sentence_embedding"
OPSET = 17
FP32_PARITY = 0.9999
"""Minimum cosine between the fp32 ONNX graph and the torch model."""
INT8_PARITY = 0.97
"""Minimum cosine between the int8 graph and the fp32 one."""


class ExportMismatchError(RuntimeError):
    """The exported graph does not compute what the torch model computes."""


def _pooled(model: Any) -> Any:
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self, body: Any) -> None:
            super().__init__()
            self.body = body

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.body(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return Pooled(model).eval()


def _probe(vocab_size: int, max_len: int) -> tuple[np.ndarray, np.ndarray]:
    """A padded batch of pseudo-random ids of uneven lengths, for the parity checks."""
    rng = np.random.default_rng(0)
    lengths = [min(n, max_len) for n in (5, 17, 40, 9)]
    width = max(lengths)
    ids = np.ones((len(lengths), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, n in enumerate(lengths):
        ids[i, :n] = rng.integers(5, vocab_size, n)
        ids[i, 0], ids[i, n - 1] = 0, 2
        mask[i, :n] = 1
    return ids, mask


def _run(path: Path, ids: np.ndarray, mask: np.ndarray, optimized: bool = False) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    if optimized:  # as served: the graph was optimised at conversion
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return np.asarray(session.run([OUTPUT], {INPUTS[0]: ids, INPUTS[1]: mask})[0])


def _fuse_attention(source: Path, out: Path, config: Any) -> None:
    """ONNX Runtime's BERT fusions (attention, skip layer norm, bias GELU), fp32.

    The embedding layer norm is left unfused so that the word-embedding Gather
    stays a Gather and is quantised (the table is most of the model's bytes).
    """
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    options = FusionOptions("bert")
    options.enable_embed_layer_norm = False
    fused = optimize_model(
        str(source),
        model_type="bert",
        num_heads=int(config.num_attention_heads),
        hidden_size=int(config.hidden_size),
        optimization_options=options,
    )
    found = fused.get_fused_operator_statistics()
    if found.get("Attention", 0) != int(config.num_hidden_layers):
        raise ExportMismatchError(f"attention was not fused in every layer: {found}")
    fused.save_model_to_file(str(out))


def _optimize(source: Path, out: Path) -> None:
    """ONNX Runtime's extended (CPU) fusions, saved once; weights to `<out>.data`."""
    import onnx
    import onnxruntime as ort

    fused = source.with_name("optimized.onnx")
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(fused)
    ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    onnx.save_model(
        onnx.load(str(fused)),
        str(out),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=out.name + ".data",
        size_threshold=1024,
    )


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float((a * b).sum(1).min())


def export_int8(model: Any, out: Path) -> dict[str, float]:
    """Write the int8 graph of `model` (a transformers encoder) to `out`.

    Returns the parity figures (minimum cosines) recorded with the conversion.
    """
    import torch
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.set_attn_implementation("eager")  # the pattern the attention fusion knows
    wrapped = _pooled(model)
    positions = int(model.config.max_position_embeddings)
    ids, mask = _probe(int(model.config.vocab_size), positions)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".export-") as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            wrapped,
            (torch.from_numpy(ids), torch.from_numpy(mask)),
            str(fp32),
            dynamo=False,
            input_names=list(INPUTS),
            output_names=[OUTPUT],
            dynamic_axes={name: {0: "batch", 1: "seq"} for name in INPUTS},
            opset_version=OPSET,
        )
        with torch.inference_mode():
            reference = wrapped(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
        exported = _run(fp32, ids, mask)
        fp32_cos = _min_cosine(reference, exported)
        if fp32_cos < FP32_PARITY:
            raise ExportMismatchError(f"fp32 ONNX graph differs from torch (cosine {fp32_cos})")
        fused = Path(tmp) / "fused.onnx"
        _fuse_attention(fp32, fused, model.config)
        int8 = Path(tmp) / "int8.onnx"
        quantize_dynamic(
            str(fused),
            str(int8),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Gather", "Attention"],
            # the fused nodes' outputs have no inferred type: they are float
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
        _optimize(int8, out)
    int8_cos = _min_cosine(exported, _run(out, ids, mask, optimized=True))
    if int8_cos < INT8_PARITY:
        out.unlink()
        raise ExportMismatchError(f"int8 ONNX graph drifts from fp32 (cosine {int8_cos})")
    return {
        "fp32_vs_torch_min_cosine": round(fp32_cos, 6),
        "int8_vs_fp32_min_cosine": round(int8_cos, 6),
    }
