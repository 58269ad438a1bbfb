"""Administration: statistics, accounts, services and keys, the activity log."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import select

from bot.i18n import LANGUAGES, P_
from bot.services import accounts as account_service
from bot.services import key_admin
from bot.services.delivery import alerts_requeued_detail
from bot.services.keys import new_key_pair
from bot.storage.models import Case
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.types import utcnow
from bot.web.render import render
from bot.web.security import AdminViewer, BadRequest, Db, PostingAdmin, parse_id
from bot.web.state import portal_state
from bot.web.stats import aggregate, week_bars

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/admin")
async def statistics(request: Request, db: Db, viewer: AdminViewer) -> Response:
    state = portal_state(request)
    cases = (await db.exec(select(Case))).all()
    numbers = aggregate(cases, threshold=state.config.small_count)
    return render(
        request,
        "admin_stats.html",
        viewer,
        numbers=numbers,
        bars=week_bars(numbers.by_week[-26:]),
        threshold=state.config.small_count,
    )


async def _accounts_page(
    request: Request, db: Db, viewer: Any, created: dict[str, str | None] | None
) -> Response:
    """The accounts list, with the one-time credentials of an account just created."""
    accounts = await account_repo.all_accounts(session=db)
    memberships = {
        a.id: [m.service_id for m in await account_repo.memberships_of(session=db, account_id=a.id)]
        for a in accounts
    }
    return render(
        request,
        "admin_accounts.html",
        viewer,
        accounts=accounts,
        memberships=memberships,
        grantable=viewer.service_ids,
        created=created,
        languages=list(LANGUAGES.values()),
    )


@router.get("/admin/accounts")
async def accounts_page(request: Request, db: Db, viewer: AdminViewer) -> Response:
    return await _accounts_page(request, db, viewer, None)


@router.post("/admin/accounts")
async def create_account(
    request: Request,
    db: Db,
    viewer: PostingAdmin,
    email: Text = "",
    display_name: Text = "",
    role: Text = "caseworker",
    service: Text = "",
    language: Text = "en",
) -> Response:
    state = portal_state(request)
    password = "-".join(secrets.token_hex(3) for _ in range(4))
    pair = new_key_pair()
    prepared = await state.kdf.run(
        account_service.credentials, pair.private, password, state.config.kdf
    )
    try:
        created = await account_service.create_account(
            session=db,
            email=email,
            display_name=display_name,
            password=password,
            params=state.config.kdf,
            is_admin=role == "admin",
            must_change_password=True,
            key_pair=pair,
            prepared=prepared,
            language=language if language in LANGUAGES else "en",
        )
    except account_service.AccountError as exc:
        raise BadRequest(str(exc)) from exc
    if service:
        await key_admin.grant_service(
            session=db,
            service_id=service,
            service_private=viewer.service_key(service),
            account=created.account,
            added_by=viewer.account.email,
        )
    await casework_repo.audit(
        session=db,
        action="account_created",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail="{} {}".format(created.account.email, service),
    )
    return await _accounts_page(
        request,
        db,
        viewer,
        {"email": created.account.email, "password": password},
    )


@router.post("/admin/accounts/{account_id}/unlock")
async def unlock(account_id: str, db: Db, viewer: PostingAdmin) -> Response:
    account = await account_repo.get_account(session=db, account_id=parse_id(account_id))
    if account is None:
        raise BadRequest(P_("No such account."))
    account.locked_until = None
    account.failed_logins = 0
    db.add(account)
    await casework_repo.audit(
        session=db,
        action="account_unlocked",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail=account.email,
    )
    return RedirectResponse("/admin/accounts?done=unlocked", status_code=303)


@router.post("/admin/accounts/{account_id}/grant")
async def grant(account_id: str, db: Db, viewer: PostingAdmin, service: Text = "") -> Response:
    account = await account_repo.get_account(session=db, account_id=parse_id(account_id))
    if account is None or service not in viewer.service_ids:
        raise BadRequest(P_("You can only add people to services whose key you hold."))
    await key_admin.grant_service(
        session=db,
        service_id=service,
        service_private=viewer.service_key(service),
        account=account,
        added_by=viewer.account.email,
    )
    await casework_repo.audit(
        session=db,
        action="member_added",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail="{} to {}".format(account.email, service),
    )
    return RedirectResponse("/admin/accounts?done=granted", status_code=303)


@router.get("/admin/accounts/{account_id}/remove")
async def confirm_removal(
    request: Request, account_id: str, db: Db, viewer: AdminViewer, service: str = ""
) -> Response:
    """Ask first: who loses what, and whether this is the service's last keyholder."""
    account = await account_repo.get_account(session=db, account_id=parse_id(account_id))
    if account is None:
        raise BadRequest(P_("No such account."))
    try:
        removal = await key_admin.plan_removal(session=db, account=account, service_id=service)
    except key_admin.KeyAdminError as exc:
        raise BadRequest(str(exc)) from exc
    return render(
        request, "admin_remove_member.html", viewer, account=account, removal=removal, error=""
    )


@router.post("/admin/accounts/{account_id}/remove")
async def remove(
    request: Request,
    account_id: str,
    db: Db,
    viewer: PostingAdmin,
    service: Text = "",
    confirm: Text = "",
    recovery_code: Text = "",
) -> Response:
    account = await account_repo.get_account(session=db, account_id=parse_id(account_id))
    if account is None:
        raise BadRequest(P_("No such account."))
    if confirm != "yes":
        raise BadRequest(P_("Nothing was removed: confirm the removal on its own page first."))
    try:
        plan = await key_admin.plan_removal(session=db, account=account, service_id=service)
    except key_admin.KeyAdminError as exc:
        raise BadRequest(str(exc)) from exc
    try:
        removal = await key_admin.remove_member(
            session=db, account=account, service_id=service, recovery_code=recovery_code
        )
    except key_admin.KeyAdminError as exc:
        return render(
            request,
            "admin_remove_member.html",
            viewer,
            account=account,
            removal=plan,
            error=str(exc),
            status_code=400,
        )
    await casework_repo.audit(
        session=db,
        action="member_removed",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail="{} from {}{}".format(
            account.email, service, " (last keyholder)" if removal.last_keyholder else ""
        ),
    )
    return RedirectResponse("/admin/accounts?done=removed", status_code=303)


@router.get("/admin/services")
async def services_page(request: Request, db: Db, viewer: AdminViewer) -> Response:
    state = portal_state(request)
    troubles = await outbox_repo.alert_troubles(session=db)
    rows = []
    for pid, partner in state.partners.items():
        key = await key_repo.active_service_key(session=db, service_id=pid)
        members = await account_repo.members_of(session=db, service_id=pid)
        pending = await key_admin.pending_cases(
            session=db, service_id=pid, fingerprint=key.fingerprint if key else None
        )
        rows.append(
            {
                "id": pid,
                "name": partner.name,
                "fingerprint": key.fingerprint if key else "",
                "created": key.created_at if key else None,
                "members": len(members),
                "pending": pending,
                "alerts": partner.alert_chat_id is not None,
                # Only while it has a chat: with alerts off, nothing is being refused.
                "trouble": troubles.get(pid) if partner.alert_chat_id is not None else None,
            }
        )
    custodian = await key_repo.deployment_key(session=db, purpose=key_repo.CUSTODIAN)
    delivery = await key_repo.deployment_key(session=db, purpose=key_repo.DELIVERY)
    return render(
        request, "admin_services.html", viewer, rows=rows, custodian=custodian, delivery=delivery
    )


@router.post("/admin/services/{service_id}/alerts/retry")
async def retry_alerts(request: Request, service_id: str, db: Db, viewer: PostingAdmin) -> Response:
    """The administrator has put the bot back in the group: send the open cases' alerts
    that Telegram refused again (once more given up, if it still refuses)."""
    if service_id not in portal_state(request).partners:
        raise BadRequest(P_("No such service."))
    count = await outbox_repo.requeue_alerts(session=db, service_id=service_id, now=utcnow())
    await casework_repo.audit(
        session=db,
        action="alerts_requeued",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail=alerts_requeued_detail(service_id, count, why="retried"),
    )
    return RedirectResponse("/admin/services?done=alerts_requeued", status_code=303)


@router.get("/admin/activity")
async def activity(request: Request, db: Db, viewer: AdminViewer) -> Response:
    entries = await casework_repo.recent_audit(session=db)
    return render(request, "admin_activity.html", viewer, entries=entries)
