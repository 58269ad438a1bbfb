"""Sign in (password, then a TOTP code outside the sandbox), lockout, sign out."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import P_
from bot.services import accounts as account_service
from bot.services.keys import SealError
from bot.storage.portal_models import Account
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories.accounts import Attempt
from bot.storage.types import utcnow
from bot.web.render import page_language, render
from bot.web.security import CsrfFailed, Db, PostingViewer, new_session
from bot.web.signin import TooManySignIns
from bot.web.state import portal_state

router = APIRouter()
# One answer for every failure: a locked account is not told apart from a wrong password.
GENERIC_FAILURE = P_(
    "That email, password or code is not right, or the account is locked for a while "
    "after repeated attempts (an administrator can unlock it sooner)."
)
TOO_MANY = P_("Too many sign-ins at once. Please wait a moment and try again.")


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

    def fail(message: str = GENERIC_FAILURE, status_code: int = 401) -> Response:
        return render(
            request,
            "login.html",
            None,
            status_code=status_code,
            login_csrf=cookie,
            next=_safe_next(next),
            require_totp=config.require_totp,
            error=page_language(request).gettext(message),
            email=email,
        )

    address = request.client.host if request.client else ""
    try:
        async with state.sign_ins.admit(address):
            signed_in = await _sign_in(request, db, email=email, password=password, code=code)
    except TooManySignIns:
        return fail(TOO_MANY, status_code=429)
    if signed_in is None:
        return fail()
    account, token = signed_in
    target = _safe_next(next)
    if account.must_change_password:
        target = "/account/password"
    elif config.require_totp and not account.totp_enabled:
        target = "/account/totp"
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


async def _sign_in(
    request: Request, db: AsyncSession, *, email: str, password: str, code: str
) -> tuple[Account, str] | None:
    """The account and a new session token, or None. Every failure (unknown email,
    disabled or locked account, wrong password or code) costs one Argon2 verification
    and answers alike, so neither the answer nor its time tells which it was."""
    state = portal_state(request)
    config = state.config
    now = utcnow()
    # The attempt is counted and committed before the password is checked, in a short
    # transaction of its own (the request's connection is not taken until it is done).
    async with state.sessionmaker() as counting, counting.begin():
        found = await account_repo.find_account(session=counting, email=email)
        attempt = Attempt.REFUSED
        if found is not None and not found.disabled:
            attempt = await account_repo.count_sign_in_attempt(
                session=counting,
                account_id=found.id,
                now=now,
                limit=config.lockout_after,
                lock_until=now + timedelta(minutes=config.lockout_minutes),
            )
    account = await account_repo.get_account(session=db, account_id=found.id) if found else None
    if account is None or account.disabled:
        await state.kdf.run(account_service.dummy_verify, config.kdf)
        await casework_repo.audit(session=db, action="login_failed", actor="")
        return None
    if attempt is Attempt.REFUSED:
        await state.kdf.run(account_service.dummy_verify, config.kdf)
        await casework_repo.audit(
            session=db, action="login_locked", actor=account.email, account_id=account.id
        )
        return None
    ok = await state.kdf.run(account_service.verify_password, account, password, config.kdf)
    if ok and config.require_totp and account.totp_enabled:
        ok = await account_service.use_totp_code(
            session=db, account=account, code=code, key=config.totp_key, now=now
        )
    if not ok:
        action = "account_locked" if attempt is Attempt.LOCKS else "login_failed"
        await casework_repo.audit(
            session=db, action=action, actor=account.email, account_id=account.id
        )
        return None
    try:
        account_private = await state.kdf.run(account_service.unlock, account, password)
    except SealError:
        return None
    await account_repo.sign_in_succeeded(session=db, account_id=account.id, now=now)
    if account_service.encrypt_legacy_totp(account, config.totp_key):
        db.add(account)
    token, row = new_session(account, account_private, state)
    await account_repo.add_session(session=db, row=row)
    await account_repo.purge_expired_sessions(session=db, now=now)
    await casework_repo.audit(
        session=db, action="login", actor=account.email, account_id=account.id
    )
    return account, token


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
