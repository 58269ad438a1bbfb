"""The decision: the model's grade kept in check, then raised (never lowered) by the lexicon."""

from __future__ import annotations

import numpy as np

from bot.domain import Category, RuleHit, Severity
from classifiers.model import NEVER, DecisionPolicy, combine, decide

GUARD = DecisionPolicy(guard=0.7)


def test_unsure_high_without_hits_is_demoted() -> None:
    p = np.array([0.30, 0.05, 0.10, 0.55, 0.0])
    assert decide(p, False, 0, GUARD) == 0  # most probable below high
    assert decide(p, False, 0, DecisionPolicy(guard=0.5)) == 3
    assert decide(p, True, 0, GUARD) == 3


def test_lexicon_critical_is_never_lowered() -> None:
    p = np.array([0.9, 0.05, 0.05, 0.0, 0.0])
    hit = RuleHit("threat.with_time", Severity.CRITICAL, (), "x")
    a = combine([hit], p, np.zeros(10), DecisionPolicy(guard=0.99))
    assert a.severity is Severity.CRITICAL


def test_confident_model_high_stands_without_hits() -> None:
    p = np.array([0.02, 0.02, 0.01, 0.95, 0.0])
    assert combine([], p, np.zeros(10), GUARD).severity is Severity.HIGH


def test_model_critical_only_above_its_threshold() -> None:
    p = np.array([0.0, 0.0, 0.01, 0.01, 0.98])
    assert combine([], p, np.zeros(10), GUARD).severity is Severity.MEDIUM  # default: never
    assert DecisionPolicy().critical == NEVER
    allowed = DecisionPolicy(guard=0.7, critical=0.9)
    assert combine([], p, np.zeros(10), allowed).severity is Severity.CRITICAL
    unsure = np.array([0.0, 0.0, 0.1, 0.2, 0.7])
    assert combine([], unsure, np.zeros(10), allowed).severity is Severity.MEDIUM
    weapon = RuleHit("weapon.mention", Severity.HIGH, (), "knife")
    assert combine([weapon], p, np.zeros(10), GUARD).severity is Severity.HIGH


def test_categories_follow_their_thresholds_and_the_lexicon() -> None:
    p = np.array([0.0, 0.0, 0.0, 0.1, 0.9])
    cats = np.zeros(10)
    cats[9] = 0.35  # self_harm
    policy = DecisionPolicy(critical=0.8)
    low = combine([], p, cats, policy, [0.5] * 10)
    assert Category.SELF_HARM not in low.categories
    tuned = combine([], p, cats, policy, [0.5] * 9 + [0.3])
    assert tuned.categories == (Category.SELF_HARM,)
    hit = RuleHit("self_harm.intent", Severity.CRITICAL, (Category.SELF_HARM,), "x")
    assert combine([hit], np.array([1.0, 0, 0, 0, 0]), np.zeros(10)).categories == (
        Category.SELF_HARM,
    )


def test_danger_spread_over_high_and_critical_reaches_the_floor() -> None:
    p = np.array([0.36, 0.02, 0.02, 0.30, 0.30])  # most probable alone: none
    assert decide(p, False, 0, DecisionPolicy()) == 0  # default: off
    assert decide(p, False, 0, DecisionPolicy(floor=0.6)) == 3
    assert decide(p, False, 0, DecisionPolicy(floor=0.7)) == 0
    assert decide(p, False, 0, DecisionPolicy(floor=0.6, guard=0.5)) == 0  # guard still acts


def test_model_critical_confirms_a_lexicon_high() -> None:
    p = np.array([0.1, 0.0, 0.0, 0.5, 0.4])
    weapon = RuleHit("weapon.mention", Severity.HIGH, (), "knife")
    assert combine([weapon], p, np.zeros(10), DecisionPolicy()).severity is Severity.HIGH
    confirm = DecisionPolicy(confirm=0.3)
    assert combine([weapon], p, np.zeros(10), confirm).severity is Severity.CRITICAL
    assert combine([], p, np.zeros(10), confirm).severity is Severity.HIGH  # no lexicon high
    medium = RuleHit("x.medium", Severity.MEDIUM, (), "x")
    assert combine([medium], p, np.zeros(10), confirm).severity is Severity.HIGH


def test_a_head_without_the_new_thresholds_decides_as_before() -> None:
    old = DecisionPolicy.from_meta({"guard_threshold": 0.0, "critical_threshold": 0.6})
    assert (old.floor, old.confirm) == (NEVER, NEVER)
    assert DecisionPolicy.from_meta({"floor_threshold": 0.5}).floor == 0.5
