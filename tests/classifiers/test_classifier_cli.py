"""The CLI on bad input: clear errors, and the rest of the file still processed."""

from __future__ import annotations

import io
import json

from classifiers.cli import MAX_TEXT_CHARS, _classify_stream
from classifiers.rules import RulesClassifier


def test_bad_lines_are_reported_and_the_rest_processed() -> None:
    lines = [
        json.dumps({"text": "hello"}),
        "",
        "{not json",
        json.dumps({"txt": "wrong key"}),
        json.dumps({"text": "x" * (MAX_TEXT_CHARS + 1)}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Ubiću te večeras", "id": 7}),
    ]
    out, err = io.StringIO(), io.StringIO()
    failures = _classify_stream(RulesClassifier(), io.StringIO("\n".join(lines) + "\n"), out, err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert failures == 5
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert rows[0]["severity"] == "none"
    assert "empty line" in rows[1]["error"]
    assert "invalid JSON" in rows[2]["error"]
    assert '"text"' in rows[3]["error"]
    assert "longer than" in rows[4]["error"]
    assert rows[6]["severity"] == "critical" and rows[6]["id"] == 7
    assert rows[6]["rules"][0]["rule_id"] == "threat.with_time"
    assert "line 3: invalid JSON" in err.getvalue()


def test_learning_curve_reads_no_independent_set_unless_asked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Independent sets are not for choosing: the curve scores one only when given."""
    import classifiers.train as train_module
    from classifiers.cli import main

    seen: list[object] = []

    def fake_curve(encoder, cache_dir, fractions, evaluate, meta, use_public=True):  # type: ignore[no-untyped-def]
        seen.append(evaluate)
        return []

    monkeypatch.setattr(train_module, "learning_curve", fake_curve)
    assert main(["learning-curve", "--fractions", "0.5"]) == 0
    assert main(["learning-curve", "--evaluate", "some/set"]) == 0
    assert [str(x) if x else x for x in seen] == [None, "some/set"]
