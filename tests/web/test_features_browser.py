"""In headless Chromium, on the sandbox's chat page, as she would: an Albanian report,
her evidence pack as a PDF she opens from the chat, the privacy notice from the welcome,
a step of her safety plan, and Exit, which takes the PDF with everything else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import Application
from tests.helpers.databases import require_or_skip
from tests.helpers.live import LiveStack, live_stack
from tests.helpers.pdf import pdf_lines

pytestmark = pytest.mark.browser
CHROMIUM_ENV = "SAFE_REPORT_TEST_CHROMIUM"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WORDS = "Ish-i im më shkruan çdo natë se do të vijë te shtëpia ime në Durrës."


@pytest.fixture
async def live(app: Application) -> AsyncIterator[LiveStack]:
    async with live_stack(app, "aiogram") as stack:
        yield stack


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    executable = require_or_skip(CHROMIUM_ENV, "Chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            await browser.close()


async def _say(page: Any, text: str) -> None:
    await page.locator("#text").fill(text)
    await page.locator("#text").press("Enter")


async def test_she_takes_her_evidence_pack_and_leaves(page: Any, live: LiveStack) -> None:
    await page.goto(live.server.base_url + "/")
    await page.get_by_label("User id").fill("7301")
    await page.get_by_label("Language code").fill("sq")
    await page.get_by_role("button", name="Open chat").click()
    await _say(page, "/start")
    await page.get_by_text("Në cilin vend ndodhesh?").wait_for()  # in her phone's language

    # The privacy notice, from the welcome, in her language.
    await page.get_by_role("button", name="Si ruhen të dhënat e tua").click()
    await page.get_by_text("Çfarë mund të shohë Telegrami").wait_for()
    await page.get_by_role("button", name="Shqipëria").last.click()
    await page.get_by_role("button", name="Po, tani jam në siguri").last.click()
    await page.get_by_role("button", name="Kërcënime").last.click()
    await page.get_by_role("button", name="✓ Kërcënime").last.wait_for()
    await page.get_by_role("button", name="Gati", exact=True).last.click()
    await page.get_by_text("Me fjalët e tua").wait_for()
    await _say(page, WORDS)
    await page.get_by_text(WORDS).wait_for()

    # Her evidence pack: a PDF in the chat, opened from its link.
    await _say(page, "/copy")
    link = page.locator("a", has_text="[document] copy-")
    await link.wait_for()
    await page.get_by_text("Ky PDF është yti").wait_for()
    response = await page.request.get(live.server.base_url + await link.get_attribute("href"))
    data = await response.body()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(pdf_lines(data)).split())
    assert "Kopje e raportimit tim" in text and WORDS in text
    assert "Shqipëria" in text and "Kërcënime" in text

    # One step of her safety plan, then Exit: the chat is empty, the PDF with it.
    await _say(page, "/plan")
    await page.get_by_text("Hapi 1 nga").wait_for()
    await page.get_by_role("button", name="Dil").last.click()
    await link.wait_for(state="detached")
    await live.sandbox.wait_for(7301, lambda view: view["messages"] == [])
