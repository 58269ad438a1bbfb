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
from sqlmodel import select

from bot.app import Application
from bot.storage.portal_models import AuditEntry
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


async def test_the_inbox_says_who_reported_and_filters_by_it(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    serbian = await caseworker(app, email="s@demo-rs.org", services=["demo-rs"], language="sr")
    by_friend = await submit_report(app, user_id=9111, for_someone_else=True)
    herself = await submit_report(app, user_id=9112)
    async with client(portal) as http:
        await login(http, worker)
        inbox = (await http.get("/inbox")).text
        friends_only = (await http.get("/inbox?reported_by=someone_else")).text
        own_only = (await http.get("/inbox?reported_by=self")).text
        unknown = (await http.get("/inbox?reported_by=nobody")).text
        exported = (await http.get("/inbox/export.csv?reported_by=someone_else")).content
        activity_rows = await _exports_logged(app)
    async with client(portal) as http:
        await login(http, serbian)
        in_serbian = (await http.get("/inbox")).text
    admin = await caseworker(app, email="admin@x.org", services=[], admin=True)
    async with client(portal) as http:
        await login(http, admin)
        activity = (await http.get("/admin/activity")).text

    assert '<th scope="col">Reported by</th>' in inbox
    assert _row_of(inbox, by_friend.reference).count('<td class="reported-by">Someone else</td>')
    assert _row_of(inbox, herself.reference).count('<td class="reported-by">Herself</td>')
    assert '<select name="reported_by">' in inbox
    assert by_friend.reference in friends_only and herself.reference not in friends_only
    assert '<option value="someone_else" selected>' in friends_only
    assert herself.reference in own_only and by_friend.reference not in own_only
    assert by_friend.reference in unknown and herself.reference in unknown  # ignored
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert [row["Reference"] for row in rows] == [by_friend.reference]
    assert activity_rows == ["1 cases; reported_by=someone_else"]
    assert "1 case; Reported by: Someone else, for her" in activity  # the filter in words
    assert '<td class="reported-by">Неко други</td>' in in_serbian
    assert '<td class="reported-by">Она сама</td>' in in_serbian
    assert '<th scope="col">Пријава од</th>' in in_serbian


def _row_of(html: str, reference: str) -> str:
    start = html.index(">{}</a>".format(reference))
    return html[start : html.index("</tr>", start)]


async def _exports_logged(app: Application) -> list[str]:
    async with app.sessionmaker() as session:
        entries = await session.exec(
            select(AuditEntry).where(AuditEntry.action == "exported_inbox")
        )
        return [entry.detail for entry in entries.all()]


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
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.reference))
    assert await row.locator(".reported-by").inner_text() == "Неко други"
    await page.get_by_role("link", name=case.reference).click()
    head = page.locator(".casehead .reported-by")
    await head.wait_for()
    assert await head.inner_text() == "Пријава од: неког другог, у њено име"
    details = await page.locator("dl.details").inner_text()
    # The friend's answer about her; the friend was not asked her own safety.
    assert "Тренутно безбедна\nДа" in details
    assert "особа која пријављује" not in details
    await page.screenshot(path=str(tmp_path / "case-by-someone-else-sr.png"), full_page=True)
