"""Her own account: change the password (her key is re-wrapped, nothing else changes),
set up her authenticator app with a QR code, and choose the portal's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from markupsafe import Markup, escape

from bot.i18n import LANGUAGES, P_
from bot.services import accounts as account_service
from bot.services.keys import SealError
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.types import utcnow
from bot.web.render import page_language, render
from bot.web.security import BadRequest, CurrentViewer, Db, PostingViewer
from bot.web.state import portal_state

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/account/password")
async def password_page(request: Request, viewer: CurrentViewer) -> Response:
    return render(request, "account_password.html", viewer, error="")


@router.post("/account/password")
async def change_password(
    request: Request,
    db: Db,
    viewer: PostingViewer,
    current: Text = "",
    new: Text = "",
    repeat: Text = "",
) -> Response:
    state = portal_state(request)
    lang = page_language(request, viewer)
    error = ""
    creds = None
    if new != repeat:
        error = lang.gettext(P_("The two new passwords are not the same."))
    elif len(new) < account_service.MIN_PASSWORD_CHARS:
        error = lang.gettext(
            P_("Passwords need at least {count} characters. A few unrelated words work well.")
        ).format(count=account_service.MIN_PASSWORD_CHARS)
    elif not await state.kdf.run(
        account_service.verify_password, viewer.account, current, state.config.kdf
    ):
        error = lang.gettext(P_("Your current password is not right."))
    else:
        try:
            creds = await state.kdf.run(
                account_service.new_credentials,
                viewer.account,
                old_password=current,
                new_password=new,
                params=state.config.kdf,
            )
        except account_service.AccountError as exc:
            error = lang.gettext(str(exc))
        except SealError:
            error = lang.gettext(P_("Your current password is not right."))
    if error or creds is None:
        return render(request, "account_password.html", viewer, error=error, status_code=400)
    account_service.set_credentials(viewer.account, creds)
    db.add(viewer.account)
    # Whoever else is signed in as her (a stolen cookie, a forgotten browser) is out now.
    await account_repo.end_other_sessions(
        session=db, account_id=viewer.account.id, keep=viewer.session_id
    )
    await casework_repo.audit(
        session=db, action="password_changed", actor=viewer.label, account_id=viewer.account.id
    )
    return RedirectResponse("/inbox?done=password", status_code=303)


def qr_svg(text: str, label: str = "QR code for your app") -> Markup:
    """A QR code as inline SVG, drawn here (no image service sees the secret)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    labelled = svg.replace("<svg ", '<svg role="img" aria-label="{}" '.format(escape(label)), 1)
    return Markup(labelled)  # our own drawing: no input reaches it but the URI, escaped


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@router.get("/account/totp")
async def totp_page(request: Request, db: Db, viewer: CurrentViewer) -> Response:
    return await _totp_page(request, db, viewer, error="")


async def _totp_page(
    request: Request, db: Db, viewer: CurrentViewer, *, error: str, status_code: int = 200
) -> Response:
    key = portal_state(request).config.totp_key
    account = viewer.account
    if account.totp_enabled:
        return render(request, "account_totp.html", viewer, enrolled=True, error="")
    secret = account_service.pending_enrolment(account, key)
    if secret is None:
        secret = account_service.start_enrolment(account, key)
        db.add(account)
    uri = account_service.totp_uri(secret, account.email)
    return render(
        request,
        "account_totp.html",
        viewer,
        enrolled=False,
        qr=qr_svg(uri, page_language(request, viewer).gettext(P_("QR code for your app"))),
        secret=_grouped(secret),
        error=error,
        status_code=status_code,
    )


@router.post("/account/totp")
async def confirm_totp(
    request: Request, db: Db, viewer: PostingViewer, code: Text = ""
) -> Response:
    key = portal_state(request).config.totp_key
    if viewer.account.totp_enabled:
        return RedirectResponse("/account/totp", status_code=303)
    if not await account_service.confirm_enrolment(
        session=db, account=viewer.account, code=code, key=key, now=utcnow()
    ):
        return await _totp_page(
            request,
            db,
            viewer,
            error=page_language(request, viewer).gettext(
                P_("That code does not match. Check the time on your phone and try the new code.")
            ),
            status_code=400,
        )
    await casework_repo.audit(
        session=db, action="totp_enrolled", actor=viewer.label, account_id=viewer.account.id
    )
    return RedirectResponse("/?done=totp", status_code=303)


@router.get("/account/language")
async def language_page(request: Request, viewer: CurrentViewer) -> Response:
    return render(request, "account_language.html", viewer, languages=list(LANGUAGES.values()))


@router.post("/account/language")
async def choose_language(
    request: Request, db: Db, viewer: PostingViewer, language: Text = ""
) -> Response:
    """Her choice is kept on her account: every page, summary and CSV speaks it."""
    if language not in LANGUAGES:
        raise BadRequest(P_("Choose one of the listed languages."))
    viewer.account.language = language
    db.add(viewer.account)
    await casework_repo.audit(
        session=db,
        action="language_changed",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail=language,
    )
    return RedirectResponse("/account/language?done=language", status_code=303)
