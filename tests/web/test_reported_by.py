"""Reporting for someone else (issue 17, item 7), as the caseworker meets it: the case
page, the case summary PDF and the inbox CSV say who made the report, and her own
report says she made it herself."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bot.app import Application
from tests.helpers.pdf import pdf_pages
from tests.helpers.portal import caseworker, client, login, submit_report
from tests.web.test_browser import browser_page, portal_url  # noqa: F401  (fixtures)


async def test_the_case_the_summary_and_the_csv_say_who_reported(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    by_friend = await submit_report(app, user_id=9101, for_someone_else=True)
    herself = await submit_report(app, user_id=9102)
    assert (by_friend.reported_by, herself.reported_by) == ("someone_else", "self")
    async with client(portal) as http:
        await login(http, worker)
        friend_page = (await http.get("/cases/{}".format(by_friend.id))).text
        own_page = (await http.get("/cases/{}".format(herself.id))).text
        summary = (await http.get("/cases/{}/summary.pdf".format(by_friend.id))).content
        inbox = (await http.get("/inbox/export.csv")).content.decode("utf-8-sig")

    assert "Reported by: Someone else, for her" in friend_page
    assert "Reported by: The person herself" in own_page
    # Her answers: "safe right now" is the friend's answer about her (the friend pressed
    # "I'm reporting for someone else" for the friend's own safety question).
    safe = "<dt>Safe right now</dt><dd>Yes</dd>"
    assert safe in friend_page and safe in own_page
    assert "the one who reported" not in friend_page
    flat = " ".join(" ".join(pdf_pages(summary)).split())
    assert "Reported by Someone else, for her" in flat
    rows = list(csv.DictReader(io.StringIO(inbox)))
    by_reference = {row["Reference"]: row["Reported by"] for row in rows}
    assert by_reference == {
        by_friend.reference: "Someone else, for her",
        herself.reference: "The person herself",
    }


@pytest.mark.browser
async def test_in_the_browser_the_caseworker_sees_a_report_made_by_someone_else(
    app: Application,
    browser_page: Any,  # noqa: F811
    portal_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = browser_page
    worker = await caseworker(app, email="jelena@demo-rs.org", services=["demo-rs"], language="sr")
    case = await submit_report(app, user_id=9103, for_someone_else=True)
    await page.goto(portal_url + "/login")
    await page.get_by_label("Email").fill(worker.email)
    await page.get_by_label("Password").fill(worker.password)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Пријемно сандуче").wait_for()
    await page.get_by_role("link", name=case.reference).click()
    head = page.locator(".casehead .reported-by")
    await head.wait_for()
    assert await head.inner_text() == "Пријава од: неког другог, у њено име"
    details = await page.locator("dl.details").inner_text()
    # The friend's answer about her; the friend was not asked her own safety.
    assert "Тренутно безбедна\nДа" in details
    assert "особа која пријављује" not in details
    await page.screenshot(path=str(tmp_path / "case-by-someone-else-sr.png"), full_page=True)
