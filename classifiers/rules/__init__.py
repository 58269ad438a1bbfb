"""The safety lexicon: works with no model loaded and can only raise severity."""

from classifiers.rules.answers import assess_answers
from classifiers.rules.classifier import RulesClassifier, assess_rules, categories_of
from classifiers.rules.engine import Rule, rules, scan
from classifiers.rules.normalize import fold

__all__ = [
    "Rule",
    "RulesClassifier",
    "assess_answers",
    "assess_rules",
    "categories_of",
    "fold",
    "rules",
    "scan",
]
