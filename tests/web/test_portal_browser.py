"""In headless Chromium: a Serbian caseworker signs in and works in Serbian; she downloads
the inbox as CSV and a case summary as PDF with the buttons; the case page prints without
the portal around it; at 200% zoom nothing needs sideways scrolling; no CSP violation."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from bot.app import Application
from tests.helpers.pdf import pdf_pages
from tests.helpers.portal import caseworker, submit_report
from tests.web.test_browser import browser_page, portal_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
STORY = "Прети ми да ће објавити моје фотографије и где живим."


def _watch_console(page: Any) -> list[str]:
    """Everything the browser complains about (a CSP violation is logged as an error)."""
    problems: list[str] = []

    def console(message: Any) -> None:
        where = (message.location or {}).get("url", "")
        if message.type == "error" and not where.endswith("/favicon.ico"):
            problems.append("{} ({})".format(message.text, where))

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


async def _fits_without_sideways_scrolling(page: Any) -> bool:
    return bool(
        await page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
        )
    )


async def test_a_serbian_caseworker_sees_her_inbox_in_serbian_and_exports(
    app: Application,
    browser_page: Any,  # noqa: F811
    portal_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = browser_page
    problems = _watch_console(page)
    worker = await caseworker(app, email="jelena@demo-rs.org", services=["demo-rs"], language="sr")
    case = await submit_report(app, user_id=7401, narrative=STORY)

    await page.goto(portal_url + "/login")
    await page.get_by_label("Email").fill(worker.email)
    await page.get_by_label("Password").fill(worker.password)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Пријемно сандуче").wait_for()
    assert await page.get_attribute("html", "lang") == "sr-Cyrl"
    headers = await page.locator("table.cases thead th").all_inner_texts()
    assert headers[:4] == ["Ознака", "Озбиљност", "Чека", "Статус"]
    row = await page.locator("table.cases tbody tr").first.inner_text()
    assert case.reference in row and "Нов" in row and "Србија" in row
    await page.screenshot(path=str(tmp_path / "inbox-sr.png"), full_page=True)

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Преузми ове случајеве као CSV").click()
    download = await download_info.value
    saved = tmp_path / "inbox.csv"
    await download.save_as(str(saved))
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Ознака" and rows[1][0] == case.reference
    assert STORY not in saved.read_text(encoding="utf-8-sig")

    await page.get_by_role("link", name=case.reference).click()
    await page.get_by_text(STORY).wait_for()
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Преузми резиме случаја (PDF)").click()
    download = await download_info.value
    pdf = tmp_path / "summary.pdf"
    await download.save_as(str(pdf))
    text = " ".join(" ".join(pdf_pages(pdf.read_bytes())).split())
    assert "Резиме случаја {}".format(case.reference) in text and STORY in text

    await page.reload()
    audit = await page.locator("ol.audit").inner_text()
    assert "преузет резиме случаја (PDF)" in audit
    assert problems == []


async def test_the_case_page_prints_the_case_alone(
    app: Application,
    browser_page: Any,  # noqa: F811
    portal_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = browser_page
    problems = _watch_console(page)
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=7402)
    # The print view calls window.print(); headless Chromium is told to note it instead.
    await page.add_init_script("window.print = () => { window.__printed = true; };")
    await page.goto(portal_url + "/login")
    await page.get_by_label("Email").fill(worker.email)
    await page.get_by_label("Password").fill(worker.password)
    await page.get_by_role("button", name="Sign in").click()
    await page.goto(portal_url + "/cases/{}".format(case.id))
    take = page.get_by_role("button", name="Take this case")
    assert await take.is_visible()
    assert await page.locator(".print-only").first.is_hidden()

    await page.emulate_media(media="print")
    await page.screenshot(path=str(tmp_path / "case-print.png"), full_page=True)
    for hidden in ("header.top", "form", ".exports", "section.actions"):
        assert await page.locator(hidden).first.is_hidden(), hidden
    assert await page.get_by_role("heading", name="What she wrote").is_visible()
    assert await page.get_by_role("heading", name="Audit trail").is_visible()
    assert await page.locator(".print-only").first.is_visible()
    severity = page.locator(".casehead .sev").first
    assert await severity.evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )

    await page.emulate_media(media="screen")
    await page.get_by_role("link", name="Print this page").click()
    await page.wait_for_function("window.__printed === true")
    await page.goto(portal_url + "/cases/{}".format(case.id))
    audit = await page.locator("ol.audit").inner_text()
    assert "printed the case page" in audit
    assert problems == []


async def test_the_serbian_portal_reads_at_200_percent_zoom(
    app: Application,
    browser_page: Any,  # noqa: F811
    portal_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """200% zoom on a 1280-pixel screen lays the page out in 640 CSS pixels."""
    page = browser_page
    worker = await caseworker(
        app, email="jelena@demo-rs.org", services=["demo-rs"], admin=True, language="sr"
    )
    case = await submit_report(app, user_id=7403, narrative=STORY)
    await page.set_viewport_size({"width": 640, "height": 800})
    await page.goto(portal_url + "/login")
    await page.get_by_label("Email").fill(worker.email)
    await page.get_by_label("Password").fill(worker.password)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Пријемно сандуче").wait_for()
    for path in ("/inbox", "/cases/{}".format(case.id), "/account/language", "/admin"):
        await page.goto(portal_url + path)
        name = path.strip("/").replace("/", "-").split("-")[0]
        await page.screenshot(path=str(tmp_path / "zoom-{}.png".format(name)), full_page=True)
        assert await _fits_without_sideways_scrolling(page), path
    # The inbox table scrolls inside its own box rather than the page.
    await page.goto(portal_url + "/inbox")
    assert await page.locator("div.scroll").first.is_visible()
