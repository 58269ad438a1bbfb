"""The sandbox world's time, which tests and the chat page can move forward.

Telegram's rules that depend on time (a message can be deleted only while it is less than
48 hours old; a button press must be answered within seconds) are checked against this
clock, and every `date` the server hands out comes from it. By default it is the real
time; the scripting API moves it forward (never back: Telegram's time does not go back)
or stops it, so a boundary can be reached to the second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


class Clock:
    """Real time plus how far it was moved forward; optionally stopped."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self.offset_s = 0.0
        self._frozen_at: float | None = None

    def now(self) -> float:
        """Seconds since the epoch in the sandbox world (a float, like time.time())."""
        if self._frozen_at is not None:
            return self._frozen_at
        return self._source() + self.offset_s

    def date(self) -> int:
        """Whole seconds, as Telegram's `date` fields carry them."""
        return int(self.now())

    def now_utc(self) -> datetime:
        """The same instant as an aware datetime: what a bot's own clock can be tied to."""
        return datetime.fromtimestamp(self.now(), tz=UTC)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass at once for the whole world."""
        if seconds < 0:
            raise ValueError("time in the sandbox only moves forward")
        if self._frozen_at is not None:
            self._frozen_at += seconds
        else:
            self.offset_s += seconds

    def freeze(self) -> None:
        """Stop the clock where it is (dates stay exact until it is advanced or resumed)."""
        if self._frozen_at is None:
            self._frozen_at = self.now()

    def resume(self) -> None:
        """Run again from the stopped time, at the real pace."""
        if self._frozen_at is not None:
            self.offset_s = self._frozen_at - self._source()
            self._frozen_at = None

    def describe(self) -> dict[str, float | bool]:
        return {"now": self.now(), "offset_s": self.offset_s, "frozen": self.frozen}
