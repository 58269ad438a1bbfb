"""A tiny randomly initialised encoder and head, for plumbing tests (no download)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from classifiers.head import save_head
from classifiers.labels import CATEGORY_LABELS, SEVERITY_LABELS


def build_tiny_model(folder: Path, seed: int = 0) -> Path:
    """Write a 2-layer, 32-wide BertModel with a character vocabulary and its head."""
    import torch
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import BertConfig, BertModel, XLMRobertaTokenizerFast  # type: ignore[attr-defined]

    torch.manual_seed(seed)
    chars = sorted(
        set("abcdefghijklmnopqrstuvwxyzčćđšžëçабвгдђежзијклљмнњопрстћуфхцчџшѓќѕ0123456789")
    )
    vocab = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    vocab += [(c, -3.0) for c in chars] + [("▁" + c, -3.5) for c in chars] + [("<mask>", 0.0)]
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    fast = XLMRobertaTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=64,
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        pad_token_id=1,
    )
    folder.mkdir(parents=True, exist_ok=True)
    BertModel(config).save_pretrained(str(folder))
    fast.save_pretrained(str(folder))
    meta = {
        "encoder_id": str(folder),
        "dim": 32,
        "hidden": 16,
        "severity_labels": list(SEVERITY_LABELS),
        "category_labels": list(CATEGORY_LABELS),
        "note": "random weights for plumbing tests",
    }
    save_head(random_head_weights(32, 16, seed), folder, meta)
    return folder


def random_head_weights(dim: int, hidden: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "mean": np.zeros(dim),
        "std": np.ones(dim),
        "body.1.weight": rng.normal(0, 0.1, (hidden, dim)),
        "body.1.bias": np.zeros(hidden),
        "severity.weight": rng.normal(0, 0.1, (len(SEVERITY_LABELS), hidden)),
        "severity.bias": np.zeros(len(SEVERITY_LABELS)),
        "categories.weight": rng.normal(0, 0.1, (len(CATEGORY_LABELS), hidden)),
        "categories.bias": np.zeros(len(CATEGORY_LABELS)),
    }
