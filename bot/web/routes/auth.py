"""Sign in (password, then a TOTP code outside the sandbox), lockout, sign out."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from bot.services import accounts as account_service
from bot.services.keys import SealError
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.types import utcnow
from bot.web.render import render
from bot.web.security import CsrfFailed, Db, PostingViewer, new_session
from bot.web.state import portal_state

router = APIRouter()
GENERIC_FAILURE = "That email, password or code is not right."


def _safe_next(target: str) -> str:
    """Only local paths: the sign-in page must not send anyone to another site."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
async def login_page(request: Request, next: str = "/") -> Response:
    state = portal_state(request)
    token = request.cookies.get(state.config.login_cookie_name) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        None,
        login_csrf=token,
        next=_safe_next(next),
        require_totp=state.config.require_totp,
        error="",
    )
    response.set_cookie(
        state.config.login_cookie_name,
        token,
        httponly=True,
        samesite="strict",
        secure=state.config.secure_cookies,
        max_age=3600,
    )
    return response


@router.post("/login")
async def login(
    request: Request,
    db: Db,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    state = portal_state(request)
    config = state.config
    cookie = request.cookies.get(config.login_cookie_name, "")
    if not cookie or not hmac.compare_digest(cookie, csrf):
        raise CsrfFailed()

    def fail(message: str = GENERIC_FAILURE) -> Response:
        return render(
            request,
            "login.html",
            None,
            status_code=401,
            login_csrf=cookie,
            next=_safe_next(next),
            require_totp=config.require_totp,
            error=message,
            email=email,
        )

    account = await account_repo.find_account(session=db, email=email)
    now = utcnow()
    if account is None or account.disabled:
        account_service.dummy_verify(config.kdf)
        return fail()
    if account.locked_until is not None and account.locked_until > now:
        await casework_repo.audit(
            session=db, action="login_locked", actor=account.email, account_id=account.id
        )
        return fail(
            "This account is locked for {} minutes after repeated failed attempts. "
            "An administrator can unlock it sooner.".format(config.lockout_minutes)
        )
    ok = account_service.verify_password(account, password, config.kdf)
    if ok and config.require_totp:
        ok = account_service.totp_ok(account, code)
    if not ok:
        account.failed_logins += 1
        action = "login_failed"
        if account.failed_logins >= config.lockout_after:
            account.locked_until = now + timedelta(minutes=config.lockout_minutes)
            account.failed_logins = 0
            action = "account_locked"
        db.add(account)
        await casework_repo.audit(
            session=db, action=action, actor=account.email, account_id=account.id
        )
        return fail()
    try:
        account_private = account_service.unlock(account, password)
    except SealError:
        return fail()
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    db.add(account)
    token, row = new_session(account, account_private, state)
    await account_repo.add_session(session=db, row=row)
    await account_repo.purge_expired_sessions(session=db, now=now)
    await casework_repo.audit(
        session=db, action="login", actor=account.email, account_id=account.id
    )
    target = _safe_next(next)
    if account.must_change_password:
        target = "/account/password"
    elif target == "/":
        memberships = await account_repo.memberships_of(session=db, account_id=account.id)
        target = "/inbox" if memberships or not account.is_admin else "/admin"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        config.cookie_name,
        token,
        httponly=True,
        samesite="strict",
        secure=config.secure_cookies,
        max_age=config.session_max_hours * 3600,
        path="/",
    )
    response.delete_cookie(config.login_cookie_name)
    return response


@router.post("/logout")
async def logout(request: Request, db: Db, viewer: PostingViewer) -> Response:
    state = portal_state(request)
    await account_repo.end_session(session=db, token_hash=viewer.session_id)
    await casework_repo.audit(
        session=db, action="logout", actor=viewer.account.email, account_id=viewer.account.id
    )
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(state.config.cookie_name, path="/")
    return response


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/inbox", status_code=303)
