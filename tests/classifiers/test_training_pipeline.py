"""The training pipeline end to end on a small sample and the tiny model (plumbing only:
training runs are commands, `python -m classifiers train`, not tests)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from classifiers.dataset import Example, read_split, read_writers


def _sample(per_group: int = 12) -> list[Example]:
    rng = random.Random(0)
    by_writer: dict[str, list[Example]] = {}
    for e in read_writers() + read_split("train"):
        by_writer.setdefault(e.writer, []).append(e)
    out: list[Example] = []
    for items in by_writer.values():
        out += rng.sample(items, per_group)
    return out


@pytest.mark.timeout(600)
def test_train_selects_by_writer_and_saves_a_loadable_head(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import classifiers.train as train_module
    from classifiers.factory import build_classifier
    from classifiers.head import load_head

    monkeypatch.setattr(train_module, "GRID", ((0, 1e-2, 0.0),))
    monkeypatch.setattr(train_module, "EPOCHS", 2)
    pool = _sample()
    out = tmp_path / "head"
    meta = train_module.train(str(tiny_model_dir), tiny_model_dir, out, pool=pool)
    groups = {e.writer for e in pool}
    assert set(meta["selection"]["out_of_fold_macro_f1_per_writer"]) == groups
    assert 0.5 <= meta["critical_threshold"] <= 1.01
    assert set(meta["category_thresholds"]) == {
        "harassment", "sexual_harassment", "threat", "image_abuse", "sextortion",
        "doxxing", "stalking", "impersonation", "hate", "self_harm",
    }  # fmt: skip
    head, saved = load_head(out, str(tiny_model_dir))
    assert saved["rule_ids"] and head.width == 32 + len(saved["rule_ids"])
    chosen = meta["ngrams"]["head_weight"]
    assert [c["head_weight"] for c in meta["ngrams"]["candidates"]] == list(
        train_module.HEAD_WEIGHT_GRID
    )
    assert (
        chosen
        == max(
            meta["ngrams"]["candidates"],
            key=lambda c: (c["out_of_fold_macro_f1"], c["head_weight"]),
        )["head_weight"]
    )
    assert (out / "ngrams.safetensors").exists() == (chosen < 1.0)
    # served with the n-gram model stacked in, whatever this small sample chose
    meta["ngrams"]["head_weight"] = 0.5
    (out / "head.json").write_text(json.dumps(meta))
    from classifiers.ngrams import save_ngrams

    feats = train_module.ngram_inputs(pool)
    save_ngrams(train_module.fit_ngrams(feats, pool), out)
    for name in ("head.json", "head.safetensors", "ngrams.safetensors"):
        (tiny_model_dir / name).write_bytes((out / name).read_bytes())
    clf = build_classifier("model", encoder=str(tiny_model_dir), cache_dir=tiny_model_dir)
    assert clf.ngrams is not None and clf.head_weight == 0.5  # type: ignore[attr-defined]
    assert len(clf.classify(["hello", "ubiću te večeras"])) == 2
    del meta["ngrams"]  # the session's tiny model goes back to its head alone
    (tiny_model_dir / "head.json").write_text(json.dumps(meta))
    json.dumps(meta)  # what `train` prints is plain JSON


@pytest.mark.timeout(600)
def test_learning_curve_reports_each_fraction(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import classifiers.train as train_module

    monkeypatch.setattr(train_module, "EPOCHS", 1)
    rows = train_module.learning_curve(
        str(tiny_model_dir),
        tiny_model_dir,
        [0.5, 1.0],
        Path("classifiers/data/spent/independent_v1/writer_a.jsonl"),
        {"selection": {"chosen": {"hidden": 0}}},
        pool=_sample(8),
    )
    assert [r["fraction"] for r in rows] == [0.5, 1.0]
    assert rows[0]["train_examples"] < rows[1]["train_examples"]
    assert all(0 <= r["independent_macro_f1"] <= 1 for r in rows)


def test_hatecheck_mapping(tmp_path: Path) -> None:
    """Counter-speech and quotations are not abuse; hate outside gender and LGBTQ+ is not
    our `hate`; abuse of one person is a low insult; threats against women are high."""
    from classifiers.dataset import _hatecheck

    rows = [
        ("counter_quote_nh", "non-hateful", "women", '"Women are trash" is a vile thing to say'),
        ("threat_dir_h", "hateful", "women", "I am going to hurt every woman I see"),
        ("derog_neg_emote_h", "hateful", "Muslims", "I hate Muslims"),
        ("derog_neg_emote_h", "hateful", "trans people", "I hate trans people"),
        ("target_indiv_nh", "non-hateful", "", "You are a lying bastard"),
    ]
    path = tmp_path / "hc.csv"
    lines = ["functionality,label_gold,target_ident,test_case"]
    lines += [
        f'{f},{label},{t},"{text.replace(chr(34), chr(34) * 2)}"' for f, label, t, text in rows
    ]
    path.write_text("\n".join(lines) + "\n")
    got = [(e.text, e.severity, e.categories) for e in _hatecheck(path)]
    assert got == [
        ('"Women are trash" is a vile thing to say', "none", ()),
        ("I am going to hurt every woman I see", "high", ("threat", "hate")),
        ("I hate trans people", "medium", ("hate",)),
        ("You are a lying bastard", "low", ("harassment",)),
    ]


def test_davidson_offensive_is_an_insult_not_hate(tmp_path: Path) -> None:
    from classifiers.dataset import _davidson

    path = tmp_path / "d.csv"
    path.write_text('class,tweet\n0,"hate"\n1,"offensive"\n2,"neither"\n')
    got = [(e.text, e.severity, e.categories) for e in _davidson(path)]
    assert got == [("offensive", "low", ("harassment",)), ("neither", "none", ())]


def test_embeddings_are_cached_per_text_so_new_data_embeds_only_new_texts(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    import numpy as np

    from classifiers.encoder.load import load_encoder
    from classifiers.train import embed_all

    encoder = load_encoder(str(tiny_model_dir), tiny_model_dir)
    embedded: list[str] = []
    real_embed = encoder.embed

    def counting(texts):  # type: ignore[no-untyped-def]
        embedded.extend(texts)
        return real_embed(texts)

    encoder.embed = counting  # type: ignore[method-assign]
    cache = tmp_path / "cache"
    first = ["prijetnja", "hello there", "kërcënim"]
    a = embed_all(encoder, first, cache)
    assert sorted(embedded) == sorted(first)
    embedded.clear()
    b = embed_all(encoder, [*first, "nova poruka", "hello there"], cache)
    assert embedded == ["nova poruka"]
    assert np.array_equal(b[:3], a) and np.array_equal(b[4], a[1])
    assert np.allclose(b[3], real_embed(["nova poruka"])[0], atol=1e-5)
    assert embed_all(encoder, [], cache).shape == (0, encoder.dim)
