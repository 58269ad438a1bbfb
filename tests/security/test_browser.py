"""Finding 13 in headless Chromium: a new caseworker signs in with her one-time password,
is sent to set up her authenticator, scans the QR code (the page draws it inline, under the
portal's strict Content-Security-Policy) and signs in with codes from then on."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any

import pyotp
import pytest

from bot.app import Application
from bot.services import accounts as account_service
from bot.web.routes.account import qr_svg
from tests.helpers.portal import FAST_KDF, PASSWORD
from tests.web.test_browser import browser_page  # noqa: F401  (the Chromium fixture)

pytestmark = pytest.mark.browser
LivePortal = Callable[..., AbstractAsyncContextManager[str]]


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _sign_in(page: Any, url: str, code: str = "") -> None:
    await page.goto(url + "/login")
    await page.fill("#email", "newcomer@service.org")
    await page.fill("#password", PASSWORD)
    if code:
        await page.fill("#code", code)
    await page.click("button[type=submit]")


async def test_enrolment_with_the_qr_code(
    app: Application,
    live_portal: LivePortal,
    browser_page: Any,  # noqa: F811
) -> None:
    async with app.sessionmaker() as session, session.begin():
        await account_service.create_account(
            session=session,
            email="newcomer@service.org",
            display_name="Newcomer",
            password=PASSWORD,
            params=FAST_KDF,
        )
    page = browser_page
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text))
    async with live_portal(sandbox=False, require_totp=True) as url:
        await _sign_in(page, url)
        await page.wait_for_url(url + "/account/totp")
        qr = page.locator("#totp-qr svg")
        box = await qr.bounding_box()
        assert box and box["width"] >= 150 and box["height"] >= 150  # large enough to scan
        assert await qr.get_attribute("role") == "img"
        secret = (await page.inner_text("#totp-secret")).replace(" ", "")
        # The code on screen is the one for her account and this secret.
        drawn = await page.locator("#totp-qr svg path").get_attribute("d")
        expected = qr_svg(account_service.totp_uri(secret, "newcomer@service.org"))
        assert drawn and 'd="{}"'.format(drawn) in str(expected)
        assert not [m for m in blocked if "Content Security Policy" in m]
        totp = pyotp.TOTP(secret)
        await page.fill("#code", totp.now())
        await page.click("form[action='/account/totp'] button")
        await page.wait_for_url(url + "/inbox**")
        await page.click("text=Sign out")
        await page.wait_for_url(url + "/login**")
        # The code that confirmed the app is spent; the next one signs her in.
        later = totp.generate_otp(totp.timecode(datetime.now(UTC)) + 1)
        await _sign_in(page, url, code=later)
        await page.wait_for_url(url + "/inbox**")
