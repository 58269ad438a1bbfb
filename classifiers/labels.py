"""Label order shared by the head, training and evaluation."""

from __future__ import annotations

from bot.domain import Category
from bot.domain.taxonomy import SEVERITIES_IN_ORDER

SEVERITY_LABELS: tuple[str, ...] = tuple(s.value for s in SEVERITIES_IN_ORDER)
CATEGORY_LABELS: tuple[str, ...] = tuple(c.value for c in Category)
