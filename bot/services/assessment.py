"""Runs the severity classifier off the event loop, so one survivor never blocks another."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bot.domain import Assessment
from classifiers.protocol import SeverityClassifier


class Assessor:
    """Loaded once at start; `assess` awaits inference in a worker thread."""

    def __init__(self, classifier: SeverityClassifier, *, workers: int = 1) -> None:
        self._classifier = classifier
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="classifier")

    @property
    def name(self) -> str:
        return self._classifier.name

    def warm_up(self) -> None:
        self._classifier.warm_up()

    async def assess(self, text: str) -> Assessment:
        loop = asyncio.get_running_loop()
        results = await loop.run_in_executor(self._executor, self._classifier.classify, [text])
        return results[0]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
