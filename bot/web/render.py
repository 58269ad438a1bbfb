"""Render a page with what every page needs: the viewer, her CSRF token, the navigation,
and her language (`_`, `ngettext` and `lang` for the template)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from bot.web.language import PortalLanguage, from_accept_language, portal_language
from bot.web.security import Viewer
from bot.web.state import portal_state


def page_language(request: Request, viewer: Viewer | None = None) -> PortalLanguage:
    """Her account's language; before sign-in, the browser's."""
    if viewer is not None:
        code = viewer.account.language
    else:
        code = getattr(request.state, "language", None) or from_accept_language(
            request.headers.get("accept-language")
        )
    return portal_language(portal_state(request).catalogues, code)


def render(
    request: Request, name: str, viewer: Viewer | None, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    state = portal_state(request)
    lang = page_language(request, viewer)
    base = {
        "lang": lang,
        "_": lang.gettext,
        "ngettext": lang.ngettext,
        "viewer": viewer,
        "csrf": viewer.csrf if viewer else "",
        "admin_nav": state.admin_nav,
        "service_name": state.service_name,
        "sandbox": state.config.sandbox,
        "path": request.url.path,
        "flash": request.query_params.get("done", ""),
    }
    base.update(context)
    response: HTMLResponse = state.templates.TemplateResponse(
        request, name, base, status_code=status_code
    )
    return response
