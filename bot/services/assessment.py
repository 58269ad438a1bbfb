"""Grades what she wrote with the severity classifier, on the event loop's own thread.

A worker thread looks kinder to the other survivors but is slower for all of them:
the encoder's forward pass takes and releases the GIL a few hundred times, and under
load each re-take waits for the busy event loop's switch interval (a convoy). In
the load benchmark (two replicas, 20 survivors at once) moving inference from a
worker thread onto the loop took the narrative step from p50 300 ms / p99 1.2 s to
p50 120 ms / p99 0.2 s, and raised throughput. A short text costs the loop about
20 ms of one core.
"""

from __future__ import annotations

from bot.domain import Assessment
from classifiers.protocol import SeverityClassifier


class Assessor:
    """Loaded once at start; `assess` runs one inference."""

    def __init__(self, classifier: SeverityClassifier) -> None:
        self._classifier = classifier

    @property
    def name(self) -> str:
        return self._classifier.name

    def warm_up(self) -> None:
        self._classifier.warm_up()

    async def assess(self, text: str) -> Assessment:
        return self._classifier.classify([text])[0]

    def close(self) -> None:
        """Nothing to release; kept so the application closes every part alike."""
