"""The translation editor: languages, strings with filters, editing with checks, history."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from bot.i18n import LANGUAGES, P_, PN_
from bot.services import translations as editor
from bot.services.application import Application
from bot.storage.repositories import translations as repo
from bot.translations.checks import BUTTON_LIMIT, TELEGRAM_LIMIT, Problem, blocking, form_examples
from bot.translations.entries import Entry
from bot.translations.places import AREA_LABELS, Area
from bot.web.language import PortalLanguage
from bot.web.render import page_language, render
from bot.web.security import AdminViewer, Db, PostingAdmin, parse_id
from bot.web.state import NavLink
from bot.web.translation_editor import EditorConfig, announce, editor_config, language_of
from bot.web.translation_view import STATUS_WORDS, preview

router = APIRouter(prefix="/admin/translations")
Text = Annotated[str, Form()]


@router.get("")
async def languages(request: Request, db: Db, viewer: AdminViewer) -> Response:
    locales = editor_config(request).locales
    summaries = []
    for code, language in LANGUAGES.items():
        rows = await editor.rows(session=db, locales=locales, language=code)
        summaries.append((language, editor.summarise(rows)))
    return render(request, "translations_languages.html", viewer, summaries=summaries)


@router.get("/{code}")
async def strings(
    request: Request,
    code: str,
    db: Db,
    viewer: AdminViewer,
    status: str = "",
    area: str = "",
    q: str = "",
    where: str = "",
) -> Response:
    language = language_of(code)
    rows = await editor.rows(session=db, locales=editor_config(request).locales, language=code)
    shown = [r for r in rows if editor.matches(r, status=status, area=area, text=q, where=where)]
    return render(
        request,
        "translations_strings.html",
        viewer,
        language=language,
        rows=shown,
        summary=editor.summarise(rows),
        filters={"status": status, "area": area, "q": q, "where": where},
        statuses=STATUS_WORDS,
        areas=AREA_LABELS,
    )


async def _current_texts(request: Request, db: Db, code: str) -> dict[str, str]:
    rows = await editor.rows(session=db, locales=editor_config(request).locales, language=code)
    return {r.entry.msgid: r.forms[0] for r in rows if r.forms and r.forms[0]}


async def _edit_page(
    request: Request,
    db: Db,
    viewer: AdminViewer,
    code: str,
    key: str,
    *,
    forms: tuple[str, ...] | None = None,
    refused: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    language = language_of(code)
    locales = editor_config(request).locales
    row = await editor.row(session=db, locales=locales, language=code, key=key)
    lang = page_language(request, viewer)
    if row is None:
        return render(
            request,
            "error.html",
            viewer,
            status_code=404,
            title=lang.gettext(P_("No such text")),
            message=lang.gettext(P_("This text is not in the bot (any more).")),
        )
    shown = forms if forms is not None else row.forms
    if row.entry.plural and len(shown) < language.nplurals:
        shown = (*shown, *([""] * (language.nplurals - len(shown))))
    history = await repo.history(session=db, language=code, key=key, limit=50)
    notes = {
        "updated": P_("Serbian (Latin) was updated by transliteration."),
        "own": P_("Serbian (Latin) has its own text for this and was not changed."),
        "check": P_("The Serbian (Latin) transliteration did not pass the checks; edit it there."),
    }
    return render(
        request,
        "translations_edit.html",
        viewer,
        status_code=status_code,
        language=language,
        row=row,
        forms=shown,
        examples=form_examples(code) if row.entry.plural else [],
        problems=editor.problems_of(code, row.entry, shown) if all(shown) else [],
        refused=refused or [],
        bubbles=preview(row.entry, shown, code, await _current_texts(request, db, code), lang),
        portal_text=row.entry.area is Area.PORTAL,
        length_label=lambda n: _length_label(lang, row.entry, n),
        history=history,
        statuses=STATUS_WORDS,
        saved=request.query_params.get("saved", ""),
        latin_note=notes.get(request.query_params.get("latin", ""), ""),
    )


@router.get("/{code}/entry/{key}")
async def edit(request: Request, code: str, key: str, db: Db, viewer: AdminViewer) -> Response:
    return await _edit_page(request, db, viewer, code, key)


async def _forms(request: Request) -> tuple[str, ...]:
    form = await request.form()
    found = []
    for index in range(8):
        value = form.get("form_{}".format(index))
        if value is None:
            break
        found.append(str(value).replace("\r\n", "\n"))
    return tuple(found)


@router.post("/{code}/entry/{key}")
async def save(
    request: Request,
    code: str,
    key: str,
    db: Db,
    viewer: PostingAdmin,
    version: Text = "0",
    status: Text = "needs_review",
) -> Response:
    language_of(code)
    forms = await _forms(request)
    try:
        notes = await editor.save(
            session=db,
            locales=editor_config(request).locales,
            language=code,
            key=key,
            forms=forms,
            status=status,
            by=viewer.label,
            expected_version=int(version) if version.isdigit() else -1,
        )
    except editor.EditRefused as exc:
        return await _edit_page(
            request, db, viewer, code, key, forms=forms, refused=exc.problems, status_code=400
        )
    query = {"saved": "1"}
    if notes:
        query["latin"] = (
            "updated" if "updated" in notes[0] else "own" if "own text" in notes[0] else "check"
        )
    return RedirectResponse(
        "/admin/translations/{}/entry/{}?{}".format(code, key, urlencode(query)),
        status_code=303,
        background=announce(request),
    )


@router.post("/{code}/entry/{key}/check")
async def live_check(
    request: Request, code: str, key: str, db: Db, viewer: PostingAdmin
) -> Response:
    """The checks and preview while she types (the page's script calls this)."""
    language_of(code)
    locales = editor_config(request).locales
    row = await editor.row(session=db, locales=locales, language=code, key=key)
    if row is None:
        return JSONResponse({"problems": [], "preview": ""}, status_code=404)
    forms = await _forms(request)
    lang = page_language(request, viewer)
    problems = editor.problems_of(code, row.entry, forms)
    page = portal_templates(request).get_template("translations_preview.html")
    bubbles = preview(row.entry, forms, code, await _current_texts(request, db, code), lang)
    return JSONResponse(
        {
            "problems": [{"message": p.message, "blocking": p.blocking} for p in problems],
            "blocked": bool(blocking(problems)),
            "preview": page.render(bubbles=bubbles, lang=lang),
            "lengths": [len(f) for f in forms],
            "length_labels": [_length_label(lang, row.entry, len(f)) for f in forms],
            "ok": lang.gettext(P_("All checks pass.")),
        }
    )


def _length_label(lang: PortalLanguage, entry: Entry, length: int) -> str:
    """ "12 characters (at most 64: this is a button)", in her language."""
    if entry.is_button:
        text = lang.ngettext(
            *PN_(
                "{count} character (at most {limit}: this is a button)",
                "{count} characters (at most {limit}: this is a button)",
            ),
            length,
        )
        return text.format(count=length, limit=BUTTON_LIMIT)
    text = lang.ngettext(
        *PN_("{count} character (at most {limit})", "{count} characters (at most {limit})"),
        length,
    )
    return text.format(count=length, limit=TELEGRAM_LIMIT)


def portal_templates(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.portal.templates.env


@router.post("/{code}/entry/{key}/status")
async def change_status(
    request: Request, code: str, key: str, db: Db, viewer: PostingAdmin, status: Text = ""
) -> Response:
    language_of(code)
    try:
        await editor.set_status(
            session=db,
            locales=editor_config(request).locales,
            language=code,
            key=key,
            status=status,
            by=viewer.label,
        )
    except editor.EditRefused as exc:
        return await _edit_page(
            request, db, viewer, code, key, refused=exc.problems, status_code=400
        )
    return RedirectResponse(
        "/admin/translations/{}/entry/{}?saved=status".format(code, key),
        status_code=303,
        background=announce(request),
    )


@router.get("/{code}/history")
async def history(request: Request, code: str, db: Db, viewer: AdminViewer) -> Response:
    language = language_of(code)
    changes = await repo.history(session=db, language=code, limit=200)
    return render(
        request,
        "translations_history.html",
        viewer,
        language=language,
        changes=changes,
        statuses=STATUS_WORDS,
    )


@router.post("/changes/{change_id}/revert")
async def revert(
    request: Request, change_id: str, db: Db, viewer: PostingAdmin, back: Text = ""
) -> Response:
    try:
        change = await editor.revert(
            session=db,
            locales=editor_config(request).locales,
            change_id=parse_id(change_id),
            by=viewer.label,
        )
    except editor.EditRefused as exc:
        return render(
            request,
            "error.html",
            viewer,
            status_code=400,
            title=page_language(request, viewer).gettext(P_("That could not be reverted")),
            message=exc.problems[0].message,
        )
    target = "/admin/translations/{}/entry/{}?saved=reverted".format(change.language, change.key)
    if back == "history":
        target = "/admin/translations/{}/history?done=reverted".format(change.language)
    return RedirectResponse(target, status_code=303, background=announce(request))


def section() -> tuple[NavLink, APIRouter]:
    """The editor as an admin section: its routes and its link (see `add_admin_section`)."""
    from bot.web.routes import translation_files

    combined = APIRouter()
    combined.include_router(router)
    combined.include_router(translation_files.router)
    return NavLink(P_("Translations"), "/admin/translations"), combined


def editor_config_for(app: Application) -> EditorConfig:
    return EditorConfig(locales=app.catalogues.locales_dir, redis_url=app.settings.redis_url)
