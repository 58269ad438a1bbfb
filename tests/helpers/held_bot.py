"""`safe-report run` with one test hook: a case submission is held until the process is killed.

    SAFE_REPORT_TEST_HOLD_SUBMISSION=/path/marker python -m tests.helpers.held_bot

The hook lives here, not in the bot: it wraps the use case that writes her case so
that, inside the step's transaction and before it commits, the process writes the
marker file and waits forever. A test then kills it at exactly that point.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from bot import cli
from bot.services import effects

HOLD_ENV = "SAFE_REPORT_TEST_HOLD_SUBMISSION"


def hold_submissions(marker: Path) -> None:
    submit = effects.do_submit_case

    async def held(**kwargs: Any) -> None:
        await submit(**kwargs)  # her case is written, not yet committed
        marker.write_text("holding", encoding="utf-8")  # noqa: ASYNC240 (a few bytes, once)
        await asyncio.Event().wait()  # until SIGKILL

    effects.do_submit_case = held  # type: ignore[assignment]


if __name__ == "__main__":
    if os.environ.get(HOLD_ENV):
        hold_submissions(Path(os.environ[HOLD_ENV]))
    sys.exit(cli.main(["run"]))
