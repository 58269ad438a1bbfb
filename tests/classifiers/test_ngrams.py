"""The hashed n-gram model reads every spelling of a text alike and is stacked with the head."""

from __future__ import annotations

import numpy as np

from classifiers.dataset import Example
from classifiers.model import blend
from classifiers.ngrams import NgramModel, hashed_features


def _same(a: str, b: str) -> bool:
    (ia, va), (ib, vb) = hashed_features(a), hashed_features(b)
    order_a, order_b = np.argsort(ia), np.argsort(ib)
    return bool(np.array_equal(ia[order_a], ib[order_b]) and np.allclose(va[order_a], vb[order_b]))


def test_scripts_diacritics_and_capitals_give_the_same_features() -> None:
    assert _same("Ubiću te večeras", "убићу те вечерас")
    assert _same("Ubiću te večeras", "UBICU TE VECERAS")
    assert _same("Do të të vras sonte", "do te te vras sonte")
    assert _same("Ќе те убијам", "ke te ubijam")
    assert not _same("ubiću te večeras", "vidimo se večeras")


def test_features_are_normalised_and_in_range() -> None:
    idx, val = hashed_features("He is outside my house with a knife")
    assert len(idx) > 20 and idx.min() >= 0 and idx.max() < (1 << 16)
    assert abs(float(np.linalg.norm(val)) - 1.0) < 1e-5
    assert len(hashed_features("")[0]) == 0


def test_a_trained_model_serves_in_numpy_as_it_was_trained() -> None:
    import classifiers.train as train_module

    def ex(text: str, severity: str) -> Example:
        return Example(text, "sr", severity, (), "test", 1.0, "", "T")

    examples = [
        ex(t, s)
        for t, s in [
            ("ubiću te večeras", "critical"),
            ("ubit ću te sutra", "critical"),
            ("dolazim po tebe nocas", "critical"),
            ("vidimo se na kafi", "none"),
            ("hvala na pomoći", "none"),
            ("lijep dan danas", "none"),
        ]
    ]
    model = train_module.fit_ngrams(train_module.ngram_inputs(examples), examples)
    assert isinstance(model, NgramModel)
    p = train_module.softmax(model.logits(["УБИЋУ ТЕ ВЕЧЕРАС", "hvala, lijep dan"]))
    assert p[0].argmax() == 4 and p[1].argmax() == 0


def test_blend_is_the_chosen_weighted_average() -> None:
    head = np.array([[0.1, 0.1, 0.1, 0.6, 0.1]], np.float32)
    ngram = np.array([[0.0, 0.0, 0.0, 0.0, 1.0]], np.float32)
    assert np.allclose(blend(head, ngram, 1.0), head)
    assert np.allclose(blend(head, ngram, 0.5), [[0.05, 0.05, 0.05, 0.3, 0.55]])
