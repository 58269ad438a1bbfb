"""Aggregate numbers for administrators, with small counts suppressed.

A cell below the threshold is shown as "<5". When a dimension would have a
single suppressed cell, the next smallest is suppressed too, so the hidden one
cannot be worked out from the total (secondary suppression).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.models import Case


@dataclass(frozen=True)
class Cell:
    key: str
    count: int | None  # None: suppressed

    @property
    def shown(self) -> str:
        return "<5" if self.count is None else str(self.count)


def suppress(counts: Counter[str], *, threshold: int = 5, order: Sequence[str] = ()) -> list[Cell]:
    keys = list(order) if order else sorted(counts)
    keys = [k for k in keys if counts.get(k, 0) > 0]
    hidden = {k for k in keys if counts[k] < threshold}
    if len(hidden) == 1:
        visible = sorted((k for k in keys if k not in hidden), key=lambda k: counts[k])
        if visible:
            hidden.add(visible[0])
    return [Cell(k, None if k in hidden else counts[k]) for k in keys]


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return "{}-W{:02d}".format(year, week)


@dataclass
class Aggregates:
    total: Cell
    by_country: list[Cell]
    by_category: list[Cell]
    by_severity: list[Cell]
    by_week: list[Cell]


SEVERITY_ORDER = ("critical", "high", "medium", "low", "none")


def aggregate(cases: Iterable[Case], *, threshold: int = 5) -> Aggregates:
    rows = list(cases)
    countries: Counter[str] = Counter(c.country for c in rows)
    severities: Counter[str] = Counter(c.severity for c in rows)
    weeks: Counter[str] = Counter(iso_week(c.created_at) for c in rows)
    categories: Counter[str] = Counter(cat for c in rows for cat in c.categories.split(",") if cat)
    total = len(rows)
    return Aggregates(
        total=Cell("all", total if total >= threshold else None),
        by_country=suppress(countries, threshold=threshold),
        by_category=suppress(categories, threshold=threshold),
        by_severity=suppress(severities, threshold=threshold, order=SEVERITY_ORDER),
        by_week=suppress(weeks, threshold=threshold, order=sorted(weeks)),
    )


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    x: int
    height: int
    suppressed: bool


def week_bars(cells: Sequence[Cell], *, height: int = 120, width: int = 28) -> list[Bar]:
    """Bars for an inline SVG chart; suppressed weeks get a short hatched stub."""
    top = max([c.count for c in cells if c.count is not None] or [1])
    bars = []
    for i, cell in enumerate(cells):
        h = 6 if cell.count is None else max(2, round(height * cell.count / top))
        bars.append(Bar(cell.key, cell.shown, i * (width + 8), h, cell.count is None))
    return bars
