"""In headless Chromium: an administrator changes a Macedonian button label, and a survivor
in the sandbox sees the new label on her next step, with no restart."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import Application
from tests.helpers.live import live_stack
from tests.helpers.portal import caseworker
from tests.helpers.survivor import Survivor
from tests.web.test_browser import browser_page, portal_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
SAFE = "Yes, I'm safe right now"
NEW_LABEL = "Да, на безбедно сум"


async def _bot_uses(app: Application, text: str, within: float = 10.0) -> None:
    """The running bot's catalogues (refreshed from the database) show `text`."""
    for _ in range(int(within * 10)):
        if app.catalogues.translator("mk").gettext(SAFE) == text:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the bot did not pick up the change within {} s".format(within))


async def test_admin_changes_a_macedonian_button_and_she_sees_it(
    app: Application,
    browser_page: object,  # noqa: F811
    portal_url: str,  # noqa: F811
) -> None:
    page = browser_page  # playwright Page (typed loosely: playwright is a test-only import)
    admin = await caseworker(app, email="admin@safe-report.test", services=[], admin=True)
    async with live_stack(app) as live:
        she = Survivor(live, 7301, language_code="mk")
        await she.say("/start", expect="Во која земја си?")  # in her phone's language

        await page.goto(portal_url + "/login")  # type: ignore[attr-defined]
        await page.get_by_label("Email").fill(admin.email)  # type: ignore[attr-defined]
        await page.get_by_label("Password").fill(admin.password)  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
        await page.goto(portal_url + "/admin/translations")  # type: ignore[attr-defined]
        await page.get_by_role("link", name="Macedonian").click()  # type: ignore[attr-defined]
        await page.get_by_text("reviewed by a native speaker").first.wait_for()  # type: ignore[attr-defined]
        await page.get_by_label("Text contains").fill("safe right now")  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Filter").click()  # type: ignore[attr-defined]
        await page.get_by_role("link", name=SAFE, exact=True).click()  # type: ignore[attr-defined]
        await page.get_by_text("Button on question “safety”").wait_for()  # type: ignore[attr-defined]

        field = page.get_by_label("Macedonian text")  # type: ignore[attr-defined]
        await field.fill(NEW_LABEL + " {name}")
        await page.locator("#checks").get_by_text("is not in the original text").wait_for()  # type: ignore[attr-defined]
        await field.fill(NEW_LABEL)
        await page.locator(".tg-button.tg-mine", has_text=NEW_LABEL).wait_for()  # type: ignore[attr-defined]
        await page.get_by_text("All checks pass.").wait_for()  # type: ignore[attr-defined]
        await page.get_by_role("button", name="Save").click()  # type: ignore[attr-defined]
        await page.get_by_text("Saved. The bot uses the new text").wait_for()  # type: ignore[attr-defined]

        await _bot_uses(app, NEW_LABEL)
        view = await she.press("country:rs", expect=NEW_LABEL)
        labels = [b["text"] for b in view["messages"][-1]["buttons"][0]]
        assert labels == [NEW_LABEL]
