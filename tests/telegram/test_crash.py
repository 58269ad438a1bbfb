"""Crash tests: SIGKILL a polling bot process mid-conversation and mid-submission, restart it.

Drafts continue where they were, and no case is lost or doubled: the update a dead
process was handling is delivered again by the Bot API (its offset was never
confirmed) and the update-id claim makes a second run harmless.

The kill is placed, not timed: `tests.helpers.held_bot` holds the case submission
inside its transaction until the process is killed, and the test kills it only once
the bot has asked for updates again after receiving her press (a poller that
confirmed the press before handling it has done so by then). Both transports.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.sandbox.botapi import RunningServer, Settings, running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.settings import PLACEHOLDER_TOKEN
from bot.storage.engine import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_to_head_async
from bot.storage.models import Case
from tests.conftest import TEST_SECRET
from tests.helpers.held_bot import HOLD_ENV

ROOT = Path(__file__).resolve().parents[2]
USER = 8800001
WITHIN = 90.0  # a bot process starting on a loaded 2-core machine


@pytest.fixture(params=["aiogram", "ptb"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class BotProcess:
    """`safe-report run` in its own process, so it can be killed for real."""

    def __init__(
        self, server: RunningServer, database_url: str, data_dir: Path, transport: str
    ) -> None:
        self.env = dict(os.environ)
        self.env.update(
            {
                "SAFE_REPORT_ENVIRONMENT": "test",
                "SAFE_REPORT_DATABASE_URL": database_url,
                "SAFE_REPORT_SECRET_KEY": TEST_SECRET,
                "SAFE_REPORT_TELEGRAM_API_BASE": server.base_url,
                "SAFE_REPORT_CLASSIFIER": "rules",
                "SAFE_REPORT_DATA_DIR": str(data_dir),
                "SAFE_REPORT_LOG_LEVEL": "WARNING",
                "SAFE_REPORT_TRANSPORT": transport,
                "TELEGRAM_BOT_TOKEN": PLACEHOLDER_TOKEN,
            }
        )
        self.env.pop(HOLD_ENV, None)
        self.log = data_dir / "bot.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, hold_submission: Path | None = None) -> float:
        env = dict(self.env)
        if hold_submission is not None:
            env[HOLD_ENV] = str(hold_submission)
        started = time.time()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.held_bot"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        return started

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
async def server() -> AsyncIterator[RunningServer]:
    async with running_server(settings=Settings(poll_fresh_s=1.0)) as running:
        yield running


async def eventually(check: object, what: str, within: float = WITHIN) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(what)


async def polls_since(sandbox: SandboxClient, since: float) -> list[dict]:
    return [c for c in await sandbox.log("getUpdates") if c["time"] >= since]


async def wait_polling(sandbox: SandboxClient, since: float) -> None:
    """The process started at `since` is asking for updates (not a dead one's last poll)."""

    async def polling() -> bool:
        return bool(await polls_since(sandbox, since))

    await eventually(polling, "the bot never started polling")


async def until(sandbox: SandboxClient, needle: str, within: float = WITHIN) -> None:
    def seen(view: dict) -> bool:
        for message in view["messages"]:
            labels = [b["text"] for row in message.get("buttons") or [] for b in row]
            if message["from"] == "bot" and any(
                needle in t for t in [message["text"] or "", *labels]
            ):
                return True
        return False

    await sandbox.wait_for(USER, seen, within=within)


async def cases(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return int((await session.exec(select(func.count()).select_from(Case))).one())
    finally:
        await engine.dispose()


async def test_killed_mid_conversation_and_mid_submission(
    server: RunningServer, database_url: str, tmp_path: Path, transport: str
) -> None:
    await upgrade_to_head_async(database_url)
    bot = BotProcess(server, database_url, tmp_path, transport)
    marker = tmp_path / "holding"
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        try:
            await wait_polling(sandbox, bot.start(hold_submission=marker))
            await sandbox.send(USER, "/start")
            await until(sandbox, "Which country")
            await sandbox.press(USER, callback_data="country:rs")
            await until(sandbox, "Are you safe")

            bot.kill()  # mid-conversation
            await sandbox.press(USER, callback_data="safety:yes")  # arrives while it is dead
            await wait_polling(sandbox, bot.start(hold_submission=marker))
            await until(sandbox, "What is happening")  # the draft went on where it was
            await sandbox.press(USER, callback_data="categories:threat")
            await until(sandbox, "✓ Threats")
            await sandbox.press(USER, callback_data="categories:done")
            await until(sandbox, "In your own words")
            await sandbox.send(USER, "He said he would come to my work.")
            await until(sandbox, "Your report now holds")
            for data, expect in (
                ("narrative:done", "Who is doing this"),
                ("relationship:known", "under 18"),
                ("age:adult", "intimate images"),
                ("images:no", "activist"),
                ("public_role:no", "Do you want to send your report"),
                ("consent:yes", "on this phone"),
            ):
                await sandbox.press(USER, callback_data=data)
                await until(sandbox, expect)

            pressed = await sandbox.press(USER, callback_data="replies:no")
            update_id = int(pressed["update_id"])

            async def holding() -> bool:
                return marker.exists()

            await eventually(holding, "the submission was never reached")

            async def asked_again() -> bool:
                # The bot asked for updates with an offset at or past her press: a poller
                # that confirms before handling has confirmed it by now.
                calls = await polls_since(sandbox, 0.0)
                return any(int(c["params"].get("offset") or 0) >= update_id for c in calls)

            await eventually(asked_again, "the bot never polled again")
            bot.kill()  # inside the submission's transaction
            assert await cases(database_url) == 0
            await wait_polling(sandbox, bot.start())
            await until(sandbox, "Your reference code is")  # her press was not lost
            await asyncio.sleep(1.0)  # give a doubled submission every chance to appear
            assert await cases(database_url) == 1
        finally:
            bot.stop()
