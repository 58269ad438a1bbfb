"""In headless Chromium: she reports in the sandbox, a caseworker answers, she answers back."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator

import pytest

from bot.app import Application
from bot.web.config import portal_config
from bot.web.serve import start_portal
from tests.helpers.databases import require_or_skip
from tests.helpers.live import live_stack
from tests.helpers.portal import FAST_KDF, caseworker
from tests.helpers.survivor import Survivor

pytestmark = pytest.mark.browser
CHROMIUM_ENV = "SAFE_REPORT_TEST_CHROMIUM"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
async def browser_page() -> AsyncIterator[object]:
    executable = require_or_skip(CHROMIUM_ENV, "Chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            await browser.close()


@pytest.fixture
async def portal_url(app: Application) -> AsyncIterator[str]:
    config = portal_config(
        app.settings, sandbox=True, require_totp=False, secure_cookies=False, kdf=FAST_KDF
    )
    task, url = await start_portal(app, port=0, config=config)
    yield url
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


async def test_caseworker_answers_and_she_answers_back(
    app: Application, browser_page: object, portal_url: str
) -> None:
    assert os.environ.get(CHROMIUM_ENV)
    page = browser_page  # playwright Page (typed loosely: playwright is a test-only import)
    worker = await caseworker(app, email="worker@demo-rs.org", services=["demo-rs"])
    async with live_stack(app) as live:
        survivor = Survivor(live, 7001)
        reference = await survivor.report(narrative="He posted my address on Telegram groups.")

        await page.goto(portal_url + "/login")  # type: ignore[attr-defined]
        await page.get_by_label("Email").fill(worker.email)  # type: ignore[attr-defined]
        await page.get_by_label("Password").fill(worker.password)  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
        await page.get_by_role("heading", name="Inbox").wait_for()  # type: ignore[attr-defined]

        await page.get_by_role("link", name=reference).click()  # type: ignore[attr-defined]
        await page.get_by_text("He posted my address on Telegram groups.").wait_for()  # type: ignore[attr-defined]
        await page.get_by_label("Write to her").fill("We read your report. Are you safe now?")  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Send to her").click()  # type: ignore[attr-defined]
        await page.get_by_text("Reply queued").wait_for()  # type: ignore[attr-defined]

        await live.wait_for_text(7001, "You have a new message.", within=15)
        await survivor.press_button("Open it", expect="Are you safe now?")
        texts = await live.bot_texts(7001)
        reply = next(t for t in texts if "Are you safe now?" in t)
        assert reply.startswith("Message from Serbia regional support centre (demonstration)")
        await survivor.say("Yes, I am at a friend's place.", expect="Sent to your caseworker")

        await page.reload()  # type: ignore[attr-defined]
        await page.get_by_text("Yes, I am at a friend's place.").wait_for()  # type: ignore[attr-defined]
        audit = await page.locator("ol.audit").inner_text()  # type: ignore[attr-defined]
        assert "opened the case" in audit and "wrote to her" in audit
