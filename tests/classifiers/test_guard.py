"""The guard: with no lexicon hit, an unsure model never grades high or critical alone."""

from __future__ import annotations

import numpy as np

from bot.domain import RuleHit, Severity
from classifiers.model import combine, guarded


def test_unsure_high_without_hits_is_demoted() -> None:
    p = np.array([0.30, 0.05, 0.10, 0.55, 0.0])
    assert guarded(p, has_hits=False, threshold=0.7) == 0  # most probable below high
    assert guarded(p, has_hits=False, threshold=0.5) == 3
    assert guarded(p, has_hits=True, threshold=0.7) == 3


def test_lexicon_critical_is_never_lowered_by_the_guard() -> None:
    p = np.array([0.9, 0.05, 0.05, 0.0, 0.0])
    hit = RuleHit("threat.with_time", Severity.CRITICAL, (), "x")
    a = combine([hit], p, np.zeros(10), threshold=0.99)
    assert a.severity is Severity.CRITICAL


def test_confident_model_high_stands_without_hits() -> None:
    p = np.array([0.02, 0.02, 0.01, 0.95, 0.0])
    assert combine([], p, np.zeros(10), threshold=0.7).severity is Severity.HIGH


def test_model_alone_never_grades_critical() -> None:
    p = np.array([0.0, 0.0, 0.01, 0.01, 0.98])
    assert combine([], p, np.zeros(10), threshold=0.7).severity is Severity.MEDIUM
    weapon = RuleHit("weapon.mention", Severity.HIGH, (), "knife")
    assert combine([weapon], p, np.zeros(10), threshold=0.7).severity is Severity.HIGH
