"""Render a page with what every page needs: the viewer, her CSRF token, the navigation."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from bot.web.security import Viewer
from bot.web.state import portal_state


def render(
    request: Request, name: str, viewer: Viewer | None, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    state = portal_state(request)
    base = {
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
