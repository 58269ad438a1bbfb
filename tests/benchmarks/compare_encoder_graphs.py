"""Time two converted encoder graphs on the benchmark's texts, alternately (not a test).

    .venv/bin/python tests/benchmarks/compare_encoder_graphs.py OLD_FOLDER NEW_FOLDER

Each folder is a converted encoder (`python -m classifiers convert` writes one under
data/cache/encoder/), e.g. one converted before the attention was fused and one after.
Both run `--threads` intra-op threads (1 unless told, as the bot's benchmark), in the same
process, in alternating blocks so that load on a shared machine falls on both alike;
prints the median time of one short text's forward pass for each, their ratio, and how
close their embeddings are.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

# Run as a script: its folder is first on sys.path, so the benchmark is importable.
from bench_classifier import TEXTS

from classifiers.encoder.convert import MODEL_FILE
from classifiers.encoder.load import PREFIX, open_session
from classifiers.encoder.onnx_export import INPUTS, OUTPUT
from classifiers.encoder.tokenizer import LeanTokenizer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", type=Path, nargs=2)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    tokenizer = LeanTokenizer(args.folders[0], model_max_length=512)
    feeds = []
    for text in TEXTS:
        ids, mask = tokenizer.pad([tokenizer.encode(PREFIX + text, 256)])
        feeds.append({INPUTS[0]: ids, INPUTS[1]: mask})
    sessions = [open_session(folder / MODEL_FILE, threads=args.threads) for folder in args.folders]
    outputs = [np.concatenate([s.run([OUTPUT], f)[0] for f in feeds]) for s in sessions]
    times: list[list[float]] = [[], []]
    for _ in range(args.blocks):
        for k, session in enumerate(sessions):
            for feed in feeds * 5:
                start = time.perf_counter()
                session.run([OUTPUT], feed)
                times[k].append((time.perf_counter() - start) * 1000)
    medians = [statistics.median(t) for t in times]
    for folder, ms in zip(args.folders, medians, strict=True):
        print("{:>8.2f} ms  {}".format(ms, folder.name))
    print("ratio second / first: {:.2f}".format(medians[1] / medians[0]))
    cosine = (outputs[0] * outputs[1]).sum(1)
    print("embeddings, cosine between the two graphs: min {:.4f}".format(cosine.min()))


if __name__ == "__main__":
    main()
