"""Export and import of .po files for the translation editor.

Import is two steps: the upload shows what would change (every entry checked);
applying re-reads the same file from the form and records each change.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from bot.i18n import P_
from bot.services import translation_files
from bot.web.render import render
from bot.web.security import AdminViewer, BadRequest, Db, PostingAdmin
from bot.web.translation_editor import announce, editor_config, language_of
from bot.web.translation_view import STATUS_WORDS

router = APIRouter(prefix="/admin/translations")
MAX_UPLOAD_BYTES = 4 * 1024 * 1024


@router.get("/{code}/export")
async def export(request: Request, code: str, db: Db, viewer: AdminViewer) -> Response:
    language_of(code)
    data = await translation_files.export(
        session=db, locales=editor_config(request).locales, language=code
    )
    return Response(
        data,
        media_type="text/x-gettext-translation; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="safe-report-{}.po"'.format(code)},
    )


@router.get("/{code}/import")
async def import_form(request: Request, code: str, viewer: AdminViewer) -> Response:
    return render(
        request, "translations_import.html", viewer, language=language_of(code), plan=None
    )


@router.post("/{code}/import")
async def import_preview(
    request: Request, code: str, db: Db, viewer: PostingAdmin, file: UploadFile
) -> Response:
    language = language_of(code)
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise BadRequest(P_("The file is too large for a catalogue (over 4 MB)."))
    plan = await translation_files.plan_import(
        session=db, locales=editor_config(request).locales, language=code, data=data
    )
    return render(
        request,
        "translations_import.html",
        viewer,
        language=language,
        plan=plan,
        payload=base64.b64encode(data).decode(),
        statuses=STATUS_WORDS,
    )


@router.post("/{code}/import/apply")
async def import_apply(
    request: Request, code: str, db: Db, viewer: PostingAdmin, payload: Annotated[str, Form()] = ""
) -> Response:
    language_of(code)
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadRequest(P_("The import form was damaged; upload the file again.")) from exc
    locales = editor_config(request).locales
    plan = await translation_files.plan_import(
        session=db, locales=locales, language=code, data=data
    )
    if plan.file_problems:
        raise BadRequest(plan.file_problems[0].message)
    count = await translation_files.apply_import(
        session=db, locales=locales, language=code, plan=plan, by=viewer.label
    )
    return RedirectResponse(
        "/admin/translations/{}/history?imported={}".format(code, count),
        status_code=303,
        background=announce(request),
    )
