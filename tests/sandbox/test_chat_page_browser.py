"""In headless Chromium: the chat page's controls for what she does and for time passing.

A person testing Exit by hand deletes a message, lets three days pass for her chat,
blocks and unblocks the bot, and deletes the chat, all from the page; the real aiogram
client then meets Telegram's answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient
from tests.helpers.databases import require_or_skip

from .support import USER_ID

pytestmark = pytest.mark.browser
CHROMIUM_ENV = "SAFE_REPORT_TEST_CHROMIUM"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    executable = require_or_skip(CHROMIUM_ENV, "Chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            await browser.close()


async def test_she_deletes_lets_time_pass_blocks_and_clears_from_the_page(
    page: Any, server: RunningServer, bot: Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start", first_name="Ana")
    first = await bot.send_message(USER_ID, "Welcome")
    second = await bot.send_message(USER_ID, "Are you safe right now?")

    await page.goto(server.base_url + "/")
    await page.get_by_label("User id").fill(str(USER_ID))
    await page.get_by_role("button", name="Open chat").click()
    await page.get_by_text("Are you safe right now?").wait_for()

    # she deletes one of the bot's messages; the bot can neither delete nor edit it now
    await page.get_by_role("button", name=f"Delete message #{first.message_id}").click()
    await page.get_by_text("Welcome").wait_for(state="detached")
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER_ID, first.message_id)

    # three days pass for her chat only: the page says what the bot can no longer delete
    await page.get_by_label("How long").select_option(label="3 days")
    await page.get_by_label("Time passes for").select_option(label="this chat only")
    await page.get_by_role("button", name="Let time pass").click()
    await page.get_by_text("too old for the bot to delete").first.wait_for()
    assert "3 d ago" in await page.locator("#messages").inner_text()
    with pytest.raises(TelegramBadRequest, match="message can't be deleted for everyone"):
        await bot.delete_message(USER_ID, second.message_id)

    # she blocks the bot, then unblocks it
    await page.get_by_role("button", name="Block the bot").click()
    await page.get_by_text("you blocked the bot").wait_for()
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hello?")
    await page.get_by_role("button", name="Unblock the bot").click()
    await page.get_by_text("you blocked the bot").wait_for(state="detached")
    await bot.send_message(USER_ID, "Welcome back")
    await page.get_by_text("Welcome back").wait_for()

    # the world clock moves on too, and the page shows how far
    await page.get_by_label("Time passes for").select_option(label="everyone (the world clock)")
    await page.get_by_label("How long").select_option(label="1 day")
    await page.get_by_role("button", name="Let time pass").click()
    await page.get_by_text("(1 d ahead)").wait_for()
    assert (await sandbox.clock())["offset_s"] == 86400

    # and she deletes the whole chat
    await page.get_by_role("button", name="Delete chat").click()
    await page.get_by_text("Welcome back").wait_for(state="detached")
    assert (await sandbox.chat(USER_ID))["messages"] == []
