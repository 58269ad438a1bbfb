"""Where one short text's time goes in the bot's `model` classifier: encoder, lexicon,
n-gram model, and the whole `classify` (medians over the benchmark's texts).

    .venv/bin/python tests/benchmarks/profile_classifier.py

To time another lexicon, check its files out first, e.g.
`git checkout <commit> -- classifiers/rules/lexicon_data`, and restore them after.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

# Run as a script: its folder is first on sys.path, so the benchmark is importable.
from bench_classifier import TEXTS

from classifiers.factory import build_classifier
from classifiers.model import ModelClassifier
from classifiers.rules import scan
from classifiers.settings import ClassifierSettings


def median_ms(step: Callable[[str], object], runs: int = 200) -> float:
    times = []
    for i in range(runs):
        text = TEXTS[i % len(TEXTS)]
        start = time.perf_counter()
        step(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    settings = ClassifierSettings.from_env()
    model = build_classifier("model", encoder=None, cache_dir=settings.cache_dir)
    assert isinstance(model, ModelClassifier)
    model.warm_up()
    ngrams = model.ngrams
    rows = [
        ("classify (all of it)", median_ms(lambda t: model.classify([t]))),
        ("encoder", median_ms(lambda t: model.encoder.embed([t]))),
        ("lexicon scan", median_ms(scan)),
    ]
    if ngrams is not None:
        rows.append(("n-gram model", median_ms(lambda t: ngrams.logits([t]))))
    for name, ms in rows:
        print("{:<22}{:>8.2f} ms".format(name, ms))


if __name__ == "__main__":
    main()
