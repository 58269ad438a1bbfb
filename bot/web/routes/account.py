"""Her own account: change the password (her key is re-wrapped, nothing else changes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from bot.services import accounts as account_service
from bot.services.keys import SealError
from bot.storage.repositories import casework as casework_repo
from bot.web.render import render
from bot.web.security import CurrentViewer, Db, PostingViewer
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
    error = ""
    if new != repeat:
        error = "The two new passwords are not the same."
    elif not account_service.verify_password(viewer.account, current, state.config.kdf):
        error = "Your current password is not right."
    else:
        try:
            account_service.change_password(
                viewer.account, old_password=current, new_password=new, params=state.config.kdf
            )
        except account_service.AccountError as exc:
            error = str(exc)
        except SealError:
            error = "Your current password is not right."
    if error:
        return render(request, "account_password.html", viewer, error=error, status_code=400)
    db.add(viewer.account)
    await casework_repo.audit(
        session=db, action="password_changed", actor=viewer.label, account_id=viewer.account.id
    )
    return RedirectResponse("/inbox?done=password", status_code=303)
