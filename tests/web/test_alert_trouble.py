"""The administrator sees, on the services page, a service whose new-case alerts Telegram
refuses, and can have them sent again once the bot is back in the group; both the
refusal's words and the activity log are as she reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.settings import Settings
from bot.storage.models import Case, CaseStatus
from bot.storage.portal_models import CaseAlert
from bot.storage.repositories import outbox as outbox_repo
from tests.helpers.partners import partners_file_with_alert_chats
from tests.helpers.portal import caseworker, client, csrf_of, login, submit_report

REMOVED = (
    "New-case alerts to this chat are not arriving: Telegram refused them "
    "(the bot may have been removed from the group)."
)


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """A deployment whose Serbian and Albanian partners have alert chats (the others none)."""
    chats = {"demo-rs": -1009301, "demo-al": -1009302}
    return settings.model_copy(
        update={"partners_file": partners_file_with_alert_chats(tmp_path, chats)}
    )


async def _give_up(app: Application, case: Case, reason: str) -> None:
    """What the delivery loop leaves when Telegram refuses the alert for good."""
    async with app.sessionmaker() as session, session.begin():
        alert = (
            await session.exec(select(CaseAlert).where(CaseAlert.reference == case.reference))
        ).one()
        outbox_repo.give_up_alert(alert, reason, chat="0123456789abcdef")
        session.add(alert)


async def test_the_services_page_warns_of_refused_alerts_and_sends_them_again(
    app: Application, portal: FastAPI
) -> None:
    admin = await caseworker(app, email="admin@x.org", services=[], admin=True)
    case = await submit_report(app, user_id=9301, country="rs")
    other = await submit_report(app, user_id=9302, country="al")
    off = await submit_report(app, user_id=9304, country="mk")  # its service has no chat
    async with client(portal) as http:
        await login(http, admin)
        calm = (await http.get("/admin/services")).text
        assert "not arriving" not in calm
        await _give_up(app, case, "removed")
        await _give_up(app, other, "chat_not_found")
        await _give_up(app, off, "removed")
        page = (await http.get("/admin/services")).text
        assert page.count(REMOVED) == 1  # not for the service whose alerts are off
        assert "Telegram does not know the chat" in page  # the other service's warning
        assert page.count("1 open case was not announced there.") == 2
        assert 'action="/admin/services/demo-rs/alerts/retry"' in page
        # The bot is back in the group: she presses the button.
        response = await http.post(
            "/admin/services/demo-rs/alerts/retry", data={"csrf": csrf_of(page)}
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/admin/services?done=alerts_requeued"
        after = (await http.get(response.headers["location"])).text
        assert "The alerts of open cases are queued again" in after
        assert REMOVED not in after and "Telegram does not know the chat" in after
        activity = (await http.get("/admin/activity")).text
        refused_form = await http.post(
            "/admin/services/no-such-service/alerts/retry", data={"csrf": csrf_of(after)}
        )
        no_csrf = await http.post("/admin/services/demo-al/alerts/retry", data={})
    assert "queued new-case alerts again" in activity
    assert "1 alert; " in activity  # how many, and for which service, in words
    assert refused_form.status_code == 400 and no_csrf.status_code in (400, 403)
    async with app.sessionmaker() as session:
        due = await outbox_repo.due_alerts(session=session, now=case.created_at.replace(year=2100))
        troubles = await outbox_repo.alert_troubles(session=session)
    assert [a.reference for a in due] == [case.reference]  # queued again, as new
    assert sorted(troubles) == ["demo-al", "demo-mk"]  # untouched without the CSRF token


async def test_alerts_of_closed_cases_raise_no_warning_and_stay_given_up(
    app: Application, portal: FastAPI
) -> None:
    admin = await caseworker(app, email="admin@x.org", services=[], admin=True)
    case = await submit_report(app, user_id=9303, country="rs")
    await _give_up(app, case, "removed")
    async with app.sessionmaker() as session, session.begin():
        stored = await session.get(Case, case.id)
        assert stored is not None
        stored.status = CaseStatus.CLOSED.value
        session.add(stored)
    async with client(portal) as http:
        await login(http, admin)
        page = (await http.get("/admin/services")).text
        assert REMOVED not in page
        response = await http.post(
            "/admin/services/demo-rs/alerts/retry", data={"csrf": csrf_of(page)}
        )
        assert response.status_code == 303
    async with app.sessionmaker() as session:
        assert (
            await outbox_repo.due_alerts(session=session, now=case.created_at.replace(year=2100))
            == []
        )
