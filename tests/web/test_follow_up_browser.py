"""The case relay survives Exit, end to end: the real aiogram client against the local
Bot API server, the portal in headless Chromium.

She submits with messages allowed and presses Exit (her chat is emptied). A caseworker
writes in the portal; her phone shows only a neutral notice; she opens it, answers, and
her answer appears on the case page.
"""

from __future__ import annotations

import os

import pytest

from bot.app import Application
from tests.helpers.live import live_stack
from tests.helpers.portal import caseworker
from tests.helpers.survivor import Survivor
from tests.web.test_browser import CHROMIUM_ENV, browser_page, portal_url  # noqa: F401

pytestmark = pytest.mark.browser
HER = 7301
QUESTION = "We read your report. Is it safe to call you tomorrow?"
ANSWER = "Not by phone, please. Write to me here."


async def test_after_exit_the_caseworker_reaches_her_and_her_answer_reaches_the_case(
    app: Application,
    browser_page: object,  # noqa: F811
    portal_url: str,  # noqa: F811
) -> None:
    assert os.environ.get(CHROMIUM_ENV)
    page = browser_page  # playwright Page (typed loosely: playwright is a test-only import)
    worker = await caseworker(app, email="worker@demo-rs.org", services=["demo-rs"])
    async with live_stack(app) as live:
        survivor = Survivor(live, HER)
        reference = await survivor.report(narrative="He posted my address on Telegram groups.")

        await live.sandbox.press(HER, callback_data="x")  # Exit
        await live.sandbox.wait_for(
            HER, lambda view: not [m for m in view["messages"] if m["from"] == "bot"]
        )

        await page.goto(portal_url + "/login")  # type: ignore[attr-defined]
        await page.get_by_label("Email").fill(worker.email)  # type: ignore[attr-defined]
        await page.get_by_label("Password").fill(worker.password)  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
        await page.get_by_role("link", name=reference).click()  # type: ignore[attr-defined]
        await page.get_by_label("Write to her").fill(QUESTION)  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Send to her").click()  # type: ignore[attr-defined]
        await page.get_by_text("Reply queued").wait_for()  # type: ignore[attr-defined]

        # Her phone: one neutral line, nothing of who wrote or what.
        await live.wait_for_text(HER, "You have a new message.", within=15)
        assert await live.bot_texts(HER) == ["You have a new message."]
        await page.reload()  # type: ignore[attr-defined]
        await page.get_by_text("she has not opened it yet").wait_for()  # type: ignore[attr-defined]

        await survivor.press_button("Open it", expect=QUESTION)
        (shown,) = await live.bot_texts(HER)  # the notice became the message
        assert shown.startswith(
            "Message from Serbia regional support centre (demonstration) about your report "
            + reference
        )
        await survivor.say(ANSWER, expect="Sent to your caseworker")

        await page.reload()  # type: ignore[attr-defined]
        await page.get_by_text(ANSWER).wait_for()  # type: ignore[attr-defined]
        audit = await page.locator("ol.audit").inner_text()  # type: ignore[attr-defined]
        assert "she opened a reply" in audit
