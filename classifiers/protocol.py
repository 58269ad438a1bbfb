"""The one interface the bot uses to grade what a survivor writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bot.domain import Assessment


@runtime_checkable
class SeverityClassifier(Protocol):
    """Grades texts. Implementations are loaded once and are thread-safe.

    `classify` is synchronous and CPU-bound: callers on an event loop run it
    in an executor (see `bot.services.assessment`).
    """

    name: str

    def classify(self, texts: Sequence[str]) -> list[Assessment]:
        """One assessment per text, in order."""
        ...

    def warm_up(self) -> None:
        """Run once at start so the first survivor does not wait for lazy init."""
        ...
