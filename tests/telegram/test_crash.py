"""Crash tests: SIGKILL a bot process mid-conversation and mid-submission, then restart.

Drafts continue where they were, and no case is lost or doubled: the update a
dead process was handling is delivered again by the Bot API (its offset was
never confirmed) and the update-id claim makes a second run harmless.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
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

ROOT = Path(__file__).resolve().parents[2]
USER = 8800001


class BotProcess:
    """`safe-report run` in its own process, so it can be killed for real."""

    def __init__(self, server: RunningServer, database_url: str, data_dir: Path) -> None:
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
                "TELEGRAM_BOT_TOKEN": PLACEHOLDER_TOKEN,
            }
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

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


async def wait_polling(sandbox: SandboxClient, within: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        try:
            await sandbox.request("GET", "/sandbox/health")
            return
        except Exception:
            await asyncio.sleep(0.2)
    raise TimeoutError("the bot never started polling")


async def until(sandbox: SandboxClient, needle: str, within: float = 30.0) -> None:
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
    server: RunningServer, database_url: str, tmp_path: Path
) -> None:
    await upgrade_to_head_async(database_url)
    bot = BotProcess(server, database_url, tmp_path)
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        bot.start()
        try:
            await wait_polling(sandbox)
            await sandbox.send(USER, "/start")
            await until(sandbox, "Which country")
            await sandbox.press(USER, callback_data="country:rs")
            await until(sandbox, "Are you safe")

            bot.kill()  # mid-conversation
            await sandbox.press(USER, callback_data="safety:yes")  # arrives while it is dead
            bot.start()
            await wait_polling(sandbox)
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
                ("images:no", "Do you want to send your report"),
                ("consent:yes", "on this phone"),
            ):
                await sandbox.press(USER, callback_data=data)
                await until(sandbox, expect)

            await sandbox.press(USER, callback_data="replies:no")
            await asyncio.sleep(0.05)
            bot.kill()  # while the case is being submitted
            bot.start()
            await wait_polling(sandbox)
            for _ in range(100):
                if await cases(database_url) >= 1:
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(2.0)  # give a doubled submission every chance to appear
            assert await cases(database_url) == 1
        finally:
            bot.stop()
