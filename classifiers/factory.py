"""Build the classifier the bot uses, once at start."""

from __future__ import annotations

from pathlib import Path

from classifiers.protocol import SeverityClassifier
from classifiers.settings import ClassifierSettings

COMMITTED_HEAD = Path(__file__).parent / "weights"


def head_folder_for(encoder: str) -> Path:
    """A local encoder dir may carry its own head (tiny test models do)."""
    local = Path(encoder)
    if local.is_dir() and (local / "head.json").exists():
        return local
    return COMMITTED_HEAD


def build_classifier(
    kind: str, *, encoder: str | None = None, cache_dir: Path | None = None
) -> SeverityClassifier:
    """`kind` is "model" (encoder + head + lexicon) or "rules" (lexicon only).

    The model path imports neither torch nor transformers: ONNX Runtime, numpy
    and the plain-Python tokenizer (a test runs it in a fresh process to prove it).
    """
    if kind == "rules":
        from classifiers.rules import RulesClassifier

        return RulesClassifier()
    if kind != "model":
        raise ValueError(f"unknown classifier kind {kind!r}: expected 'model' or 'rules'")
    from classifiers.encoder.load import load_encoder
    from classifiers.head import load_head
    from classifiers.model import ModelClassifier
    from classifiers.ngrams import load_ngrams

    settings = ClassifierSettings.from_env()
    chosen = encoder or settings.encoder
    enc = load_encoder(
        chosen,
        cache_dir or settings.cache_dir,
        max_length=settings.max_length,
        threads=settings.threads,
    )
    folder = head_folder_for(chosen)
    head, meta = load_head(folder, enc.encoder_id)
    return ModelClassifier(enc, head, meta, load_ngrams(folder, meta))
