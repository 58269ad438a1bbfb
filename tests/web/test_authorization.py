"""Who may see and do what: other services' cases, logged-out requests, CSRF, lockout, TOTP."""

from __future__ import annotations

import uuid

import pyotp
import pytest
from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.storage.models import Case, Evidence
from bot.storage.portal_models import Account
from tests.helpers.portal import caseworker, client, csrf_of, login, submit_report


@pytest.fixture
async def two_services(app: Application, delivery_key: None) -> dict[str, object]:
    worker_a = await caseworker(app, email="a@service-a.org", services=["demo-al"])
    worker_b = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case_b = await submit_report(app, user_id=201, country="rs")
    async with app.sessionmaker() as session:
        evidence = (await session.exec(select(Evidence).where(Evidence.case_id == case_b.id))).one()
    return {"a": worker_a, "b": worker_b, "case": case_b, "evidence": evidence}


async def test_other_services_case_is_403_everywhere(
    app: Application, portal: FastAPI, two_services: dict[str, object]
) -> None:
    case: Case = two_services["case"]  # type: ignore[assignment]
    evidence: Evidence = two_services["evidence"]  # type: ignore[assignment]
    async with client(portal) as http:
        assert (await login(http, two_services["a"])).status_code == 303  # type: ignore[arg-type]
        csrf = csrf_of((await http.get("/inbox")).text)
        assert case.reference not in (await http.get("/inbox?status=all")).text
        guesses = [str(case.id), str(uuid.uuid4()), "not-a-uuid", "0"]
        for case_id in guesses:
            assert (await http.get("/cases/{}".format(case_id))).status_code == 403
            download = "/cases/{}/evidence/{}".format(case_id, evidence.id)
            assert (await http.get(download)).status_code == 403
            for export in ("summary.pdf", "print"):
                response = await http.get("/cases/{}/{}".format(case_id, export))
                assert response.status_code == 403, (case_id, export)
                assert not response.content.startswith(b"%PDF")
            for action, form in [
                ("take", {}),
                ("status", {"status": "closed", "outcome": "other"}),
                ("note", {"body": "x"}),
                ("reply", {"body": "x"}),
                ("transfer", {"to_service": "demo-al"}),
            ]:
                response = await http.post(
                    "/cases/{}/{}".format(case_id, action), data={"csrf": csrf, **form}
                )
                assert response.status_code == 403, (case_id, action)
        assert (await http.get("/cases/ref/{}".format(case.reference))).status_code == 403
        # Her own inbox export holds only her own services' cases.
        exported = await http.get("/inbox/export.csv?status=all")
        assert exported.status_code == 200 and case.reference not in exported.text
        # Admin pages are for administrators only.
        for page in ("/admin", "/admin/accounts", "/admin/services", "/admin/activity"):
            assert (await http.get(page)).status_code == 403
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
    assert stored is not None and stored.status == "new"


async def test_own_case_evidence_downloads(
    app: Application, portal: FastAPI, two_services: dict[str, object]
) -> None:
    case: Case = two_services["case"]  # type: ignore[assignment]
    evidence: Evidence = two_services["evidence"]  # type: ignore[assignment]
    async with client(portal) as http:
        await login(http, two_services["b"])  # type: ignore[arg-type]
        response = await http.get("/cases/{}/evidence/{}".format(case.id, evidence.id))
        assert response.status_code == 200
        assert response.content == b"%PDF-1.4 screenshot export"
        assert response.headers["content-disposition"].startswith("attachment;")
        page = await http.get("/cases/{}".format(case.id))
        assert evidence.sha256 in page.text
        assert "downloaded a file" in page.text  # audit trail


async def test_logged_out_requests_go_to_sign_in(
    portal: FastAPI, two_services: dict[str, object]
) -> None:
    case: Case = two_services["case"]  # type: ignore[assignment]
    async with client(portal) as http:
        for path in ("/inbox", "/cases/{}".format(case.id), "/admin", "/account/password"):
            response = await http.get(path)
            assert response.status_code == 303
            assert response.headers["location"].startswith("/login?next=")
        response = await http.post("/cases/{}/take".format(case.id), data={"csrf": "x"})
        assert response.status_code == 303 and response.headers["location"] == "/login"


async def test_forms_without_valid_csrf_are_refused(
    app: Application, portal: FastAPI, two_services: dict[str, object]
) -> None:
    case: Case = two_services["case"]  # type: ignore[assignment]
    async with client(portal) as http:
        # The sign-in form itself needs its token.
        response = await http.post(
            "/login", data={"email": "b@service-b.org", "password": "whatever-long-enough"}
        )
        assert response.status_code == 403
        await login(http, two_services["b"])  # type: ignore[arg-type]
        for form in ({}, {"csrf": ""}, {"csrf": "forged-token"}):
            response = await http.post(
                "/cases/{}/status".format(case.id),
                data={**form, "status": "closed", "outcome": "other"},
            )
            assert response.status_code == 403
            assert "form has expired" in response.text
        response = await http.post("/logout", data={})
        assert response.status_code == 403
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
    assert stored is not None and stored.status == "new"


async def test_lockout_after_repeated_failures(
    app: Application, portal: FastAPI, two_services: dict[str, object]
) -> None:
    worker = two_services["b"]
    async with client(portal) as http:
        page = await http.get("/login")
        csrf = csrf_of(page.text)
        for _ in range(5):
            response = await http.post(
                "/login",
                data={"email": worker.email, "password": "wrong password!", "csrf": csrf},  # type: ignore[attr-defined]
            )
            assert response.status_code == 401
        response = await login(http, worker)  # type: ignore[arg-type]
        assert response.status_code == 401
        assert "locked" in response.text
    async with app.sessionmaker() as session, session.begin():
        account = (
            await session.exec(select(Account).where(Account.email == worker.email))  # type: ignore[attr-defined]
        ).one()
        assert account.locked_until is not None
        account.locked_until = None  # what `safe-report accounts unlock` and the admin page do
        session.add(account)
    async with client(portal) as http:
        assert (await login(http, worker)).status_code == 303  # type: ignore[arg-type]


async def test_totp_and_secure_cookies_outside_the_sandbox(
    app: Application, strict_portal: FastAPI, two_services: dict[str, object]
) -> None:
    worker = two_services["b"]
    async with client(strict_portal, secure=True) as http:
        assert (await login(http, worker, code="")).status_code == 401  # type: ignore[arg-type]
        assert (await login(http, worker, code="000000")).status_code == 401  # type: ignore[arg-type]
        code = pyotp.TOTP(worker.totp).now()  # type: ignore[attr-defined]
        response = await login(http, worker, code=code)  # type: ignore[arg-type]
        assert response.status_code == 303
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-sr_session=")
        for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
            assert flag.lower() in cookie.lower()
        assert (await http.get("/inbox")).status_code == 200


async def test_admin_sees_admin_pages_but_not_case_content(
    app: Application, portal: FastAPI, two_services: dict[str, object]
) -> None:
    admin = await caseworker(app, email="admin@x.org", services=[], admin=True)
    case: Case = two_services["case"]  # type: ignore[assignment]
    async with client(portal) as http:
        assert (await login(http, admin)).headers["location"] == "/admin"
        for page in ("/admin", "/admin/accounts", "/admin/services", "/admin/activity"):
            assert (await http.get(page)).status_code == 200, page
        assert (await http.get("/cases/{}".format(case.id))).status_code == 403
