"""Case export: the case summary PDF (made in the request, never kept), the inbox as CSV
(no content, no identity), the print view; each one written to the audit trail."""

from __future__ import annotations

import csv
import io
import logging
import uuid

import pytest
from fastapi import FastAPI
from sqlalchemy import func
from sqlmodel import SQLModel, select

from bot.app import Application
from bot.storage.models import Case, Evidence, Survivor
from bot.storage.portal_models import AuditEntry
from bot.web.inbox_csv import _cell
from tests.helpers.pdf import pdf_lines, pdf_pages
from tests.helpers.portal import (
    NARRATIVE,
    caseworker,
    client,
    csrf_of,
    login,
    submit_report,
)

ALBANIAN = "Më kërcënoi se do të shpërndajë fotot e mia në Facebook; çdo ditë më shkruan."
SERBIAN = "Прети ми да ће објавити моје фотографије и где живим."
NOTE = "Internal: her sister is the contact person."


async def _audit(app: Application, action: str) -> list[AuditEntry]:
    async with app.sessionmaker() as session:
        rows = await session.exec(select(AuditEntry).where(AuditEntry.action == action))
        return list(rows.all())


async def _row_counts(app: Application) -> dict[str, int]:
    """How many rows every table holds: a download must add none but its audit entry."""
    counts = {}
    async with app.sessionmaker() as session:
        for table in SQLModel.metadata.sorted_tables:
            result = await session.exec(select(func.count()).select_from(table))  # type: ignore[call-overload]
            counts[table.name] = int(result.one())
    return counts


async def test_case_summary_pdf_holds_her_words_and_the_files_fingerprints(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=801, narrative=NARRATIVE)
    async with app.sessionmaker() as session:
        evidence = (await session.exec(select(Evidence).where(Evidence.case_id == case.id))).one()
    async with client(portal) as http:
        await login(http, worker)
        page = await http.get("/cases/{}".format(case.id))
        await http.post(
            "/cases/{}/note".format(case.id), data={"csrf": csrf_of(page.text), "body": NOTE}
        )
        before = await _row_counts(app)
        response = await http.get("/cases/{}/summary.pdf".format(case.id))
        after = await _row_counts(app)
        trail = (await http.get("/cases/{}".format(case.id))).text

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    disposition = 'attachment; filename="{}-summary.pdf"'.format(case.reference)
    assert response.headers["content-disposition"] == disposition
    assert response.content.startswith(b"%PDF")
    text = "\n".join(pdf_pages(response.content))
    flat = " ".join(text.split())
    assert "Case summary {}".format(case.reference) in flat
    assert NARRATIVE in flat
    assert evidence.sha256 in text.replace("\n", "")
    assert "chat.pdf" in flat  # the file's name as she sent it
    assert "Doxxing" in flat and "Serbia" in flat  # categories and place in words
    assert "Someone else she knows" in flat  # her answer, in words
    assert NOTE not in flat and "Internal notes are not included." in flat
    # Made in the request and handed over: nothing new is kept but the audit entry.
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"audit_entry": 1}
    exports = await _audit(app, "exported_summary")
    assert [(e.reference, e.actor) for e in exports] == [(case.reference, "w")]
    assert "downloaded the case summary (PDF)" in trail


@pytest.mark.parametrize(
    ("narrative", "language", "heading"),
    [
        (ALBANIAN, "sq", "Përmbledhje e rastit"),
        (SERBIAN, "sr", "Резиме случаја"),
        (SERBIAN, "mk", "Резиме на случајот"),
    ],
)
async def test_the_summary_speaks_the_caseworkers_language_and_keeps_hers(
    app: Application, portal: FastAPI, narrative: str, language: str, heading: str
) -> None:
    worker = await caseworker(
        app, email="w-{}@demo-rs.org".format(language), services=["demo-rs"], language=language
    )
    case = await submit_report(app, user_id=810, narrative=narrative)
    async with client(portal) as http:
        await login(http, worker)
        response = await http.get("/cases/{}/summary.pdf".format(case.id))
    assert response.status_code == 200
    lines = pdf_lines(response.content)
    flat = " ".join(" ".join(lines).split())
    assert "{} {}".format(heading, case.reference) in flat
    assert narrative in flat  # ë, ç and Cyrillic survive the round trip through the PDF


async def test_characters_the_font_lacks_leave_the_summary_whole_and_the_logs_clean(
    app: Application, portal: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """Emoji and scripts DejaVu lacks are left out of the PDF; fpdf2 would log which
    ones (her words) as a warning, and the bot's logging keeps that quiet."""
    from bot.cli import _configure_logging

    story = "Он ми пише сваки дан 😡🔥 他知道我住在哪里 и прети ми."
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=815, narrative=story)
    fpdf_logger = logging.getLogger("fpdf.output")
    level = fpdf_logger.level
    try:
        _configure_logging()
        with caplog.at_level(logging.INFO):
            async with client(portal) as http:
                await login(http, worker)
                response = await http.get("/cases/{}/summary.pdf".format(case.id))
    finally:
        fpdf_logger.setLevel(level)
    assert response.status_code == 200
    flat = " ".join(" ".join(pdf_pages(response.content)).split())
    assert "Он ми пише сваки дан" in flat and "и прети ми." in flat
    assert "🔥" not in caplog.text and "他" not in caplog.text


async def test_a_withdrawn_case_has_no_summary(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=820)
    async with app.sessionmaker() as session, session.begin():
        stored = await session.get(Case, case.id)
        assert stored is not None
        stored.content_enc = None
        stored.status = "withdrawn"
        session.add(stored)
    async with client(portal) as http:
        await login(http, worker)
        response = await http.get("/cases/{}/summary.pdf".format(case.id))
    assert response.status_code == 400
    assert "nothing readable" in response.text
    assert await _audit(app, "exported_summary") == []


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # spreadsheets then read Cyrillic and ë right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


async def test_inbox_csv_holds_references_dates_and_words_but_no_content_or_identity(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="ana@demo-rs.org", services=["demo-rs"])
    first = await submit_report(app, user_id=830, narrative=NARRATIVE)
    second = await submit_report(app, user_id=831, narrative=SERBIAN)
    async with app.sessionmaker() as session:
        survivors = (await session.exec(select(Survivor))).all()
        evidence = (await session.exec(select(Evidence))).all()
    async with client(portal) as http:
        await login(http, worker)
        inbox = await http.get("/inbox")
        assert 'href="/inbox/export.csv"' in inbox.text
        page = await http.get("/cases/{}".format(first.id))
        await http.post("/cases/{}/take".format(first.id), data={"csrf": csrf_of(page.text)})
        response = await http.get("/inbox/export.csv")
        only_new = await http.get("/inbox/export.csv?status=new")
        activity_page = await http.get("/admin/activity")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="safe-report-inbox-'
    )
    rows = _csv_rows(response.content)
    assert rows[0] == [
        "Reference",
        "Received (UTC)",
        "First opened (UTC)",
        "Last change (UTC)",
        "Status",
        "Outcome",
        "Severity",
        "Categories",
        "Country",
        "Region",
        "Service",
        "Reported by",
    ]
    by_reference = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_reference) == {first.reference, second.reference}
    taken = by_reference[first.reference]
    assert taken["Status"] == "In progress" and taken["Categories"] == "Doxxing"
    assert taken["Country"] == "Serbia" and taken["Severity"] == first.severity.capitalize()
    assert taken["Received (UTC)"] == first.created_at.strftime("%Y-%m-%d %H:%M")
    assert taken["First opened (UTC)"] and by_reference[second.reference]["Status"] == "New"
    text = response.content.decode("utf-8-sig")
    for secret in (NARRATIVE, SERBIAN, "Lipa Street", "chat.pdf", "ana@demo-rs.org"):
        assert secret not in text
    for survivor in survivors:
        assert survivor.id.hex not in text.replace("-", "") and str(survivor.id) not in text
    for item in evidence:
        assert item.sha256 not in text
    assert str(first.id) not in text and str(second.id) not in text
    # The filters of the inbox apply.
    assert [row[0] for row in _csv_rows(only_new.content)[1:]] == [second.reference]
    # Each export is in the audit trail, with the number of cases and the filters.
    exports = await _audit(app, "exported_inbox")
    assert sorted(e.detail for e in exports) == ["1 cases; status=new", "2 cases; status=open"]
    assert all(e.actor == "ana" and e.case_id is None for e in exports)
    assert activity_page.status_code == 403  # (she is no administrator)


async def test_admin_activity_log_shows_the_exports_in_words(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    admin = await caseworker(app, email="admin@demo-rs.org", services=["demo-rs"], admin=True)
    await submit_report(app, user_id=840)
    async with client(portal) as http:
        await login(http, admin)
        await http.get("/inbox/export.csv?status=all")
        log = (await http.get("/admin/activity")).text
    # The filters in words, as the inbox shows them.
    assert "downloaded the inbox as CSV" in log and "<td>1 case; All</td>" in log


def test_csv_cells_never_start_a_formula() -> None:
    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell("+381 11 123") == "'+381 11 123"
    assert _cell("-1") == "'-1" and _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("Serbia regional support centre") == "Serbia regional support centre"


async def test_print_view_is_audited_and_opens_the_print_dialogue_by_script(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=850)
    async with client(portal) as http:
        await login(http, worker)
        page = await http.get("/cases/{}".format(case.id))
        printed = await http.get("/cases/{}/print".format(case.id))
    assert 'href="/cases/{}/print"'.format(case.id) in page.text
    assert 'href="/cases/{}/summary.pdf"'.format(case.id) in page.text
    assert "data-print-now" not in page.text and "data-print-now" in printed.text
    assert '<script src="/static/print.js" defer></script>' in printed.text
    assert "<script>" not in printed.text  # no inline script: the CSP allows /static only
    assert "script-src 'self'" in printed.headers["content-security-policy"]
    assert [e.reference for e in await _audit(app, "printed")] == [case.reference]


async def test_an_unknown_case_id_exports_nothing(app: Application, portal: FastAPI) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    async with client(portal) as http:
        await login(http, worker)
        response = await http.get("/cases/{}/summary.pdf".format(uuid.uuid4()))
    assert response.status_code == 403
    assert await _audit(app, "exported_summary") == []
