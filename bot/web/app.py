"""`create_portal_app`: the FastAPI application of the caseworker portal and admin.

It uses the Application's database and partners list only; never the bot's
keyring (the portal must work without the bot's secret).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import text

from bot.i18n import P_
from bot.metrics import CONTENT_TYPE, PortalMetrics
from bot.services import accounts as account_service
from bot.services.application import Application
from bot.web import filters
from bot.web.config import PortalConfig, portal_config, with_portal_key
from bot.web.render import page_language, render
from bot.web.routes import account, admin, auth, cases, directory, inbox, translations
from bot.web.security import BadRequest, CsrfFailed, Forbidden, LoginRequired, SetupRequired
from bot.web.signin import KdfPool, SignInGate
from bot.web.state import NavLink, PortalState

HERE = Path(__file__).resolve().parent
DEFAULT_ADMIN_NAV = [
    NavLink(P_("Statistics"), "/admin"),
    NavLink(P_("Accounts"), "/admin/accounts"),
    NavLink(P_("Services and keys"), "/admin/services"),
    NavLink(P_("Activity log"), "/admin/activity"),
]


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    filters.install(env)
    return Jinja2Templates(env=env)


def create_portal_app(
    app: Application,
    *,
    config: PortalConfig | None = None,
    admin_sections: Sequence[tuple[NavLink, APIRouter]] = (),
) -> FastAPI:
    """The portal. `admin_sections` adds admin pages (e.g. the translation editor)."""
    portal = FastAPI(title="Safe Report portal", docs_url=None, redoc_url=None, openapi_url=None)
    config = with_portal_key(config or portal_config(app.settings))
    state = PortalState(
        config=config,
        sessionmaker=app.sessionmaker,
        partners={p.id: p for p in app.routing.partners},
        templates=_templates(),
        catalogues=app.catalogues,
        admin_nav=list(DEFAULT_ADMIN_NAV),
        kdf=KdfPool(config.kdf_threads),
        sign_ins=SignInGate(
            per_address=config.sign_ins_per_address, at_once=config.sign_ins_at_once
        ),
    )
    # The hash an unknown email is checked against is made now, not in the first sign-in.
    account_service.dummy_hash(config.kdf)
    portal.state.portal = state
    portal.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in (auth.router, inbox.router, cases.router, admin.router, account.router):
        portal.include_router(router)
    portal.state.translation_editor = translations.editor_config_for(app)
    for link, router in [translations.section(), directory.section(app.routing), *admin_sections]:
        add_admin_section(portal, link, router)
    _install_errors(portal, state)
    _install_headers(portal, state)
    _install_health(portal, app)
    _install_metrics(portal, PortalMetrics(app.engine))
    return portal


def _install_metrics(portal: FastAPI, metrics: PortalMetrics) -> None:
    """Requests by route template (no ids) and GET /metrics (nginx does not proxy it)."""

    @portal.middleware("http")
    async def _count(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        if template != "/metrics":
            metrics.observe(
                template, request.method, response.status_code, time.perf_counter() - started
            )
        return response

    @portal.get("/metrics", include_in_schema=False)
    async def serve_metrics() -> Response:
        return Response(await metrics.exposition(), media_type=CONTENT_TYPE)


def _install_health(portal: FastAPI, app: Application) -> None:
    """For the load balancer and docker-compose: 200 when the database answers."""

    @portal.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        try:
            async with app.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"ok": False}, status_code=503)
        return JSONResponse({"ok": True})


def add_admin_section(portal: FastAPI, link: NavLink, router: APIRouter) -> None:
    """The slot for later admin pages: a router plus a link in the admin navigation.

    Routes should depend on `bot.web.security.AdminViewer` / `PostingAdmin`.
    """
    portal.include_router(router)
    portal.state.portal.admin_nav.append(link)


def _install_errors(portal: FastAPI, state: PortalState) -> None:
    @portal.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.method == "GET":
            target = request.url.path + ("?" + request.url.query if request.url.query else "")
            return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
        return RedirectResponse("/login", status_code=303)

    def _page(request: Request, status: int, title: str, message: str) -> Response:
        """An error page in her language: `title` and `message` are English msgids."""
        lang = page_language(request)
        return render(
            request,
            "error.html",
            None,
            status_code=status,
            title=lang.gettext(title),
            message=lang.gettext(message),
        )

    @portal.exception_handler(SetupRequired)
    async def _setup(request: Request, exc: SetupRequired) -> Response:
        return RedirectResponse(exc.path, status_code=303)

    @portal.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return _page(
            request,
            403,
            P_("Not available to you"),
            P_("This page belongs to another service, or does not exist."),
        )

    @portal.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        return _page(
            request,
            403,
            P_("The form has expired"),
            P_("Nothing was changed. Go back, reload the page and try again."),
        )

    @portal.exception_handler(BadRequest)
    async def _bad(request: Request, exc: BadRequest) -> Response:
        lang = page_language(request)
        message = lang.gettext(exc.message)
        if exc.values:
            message = message.format(**exc.values)
        return render(
            request,
            "error.html",
            None,
            status_code=400,
            title=lang.gettext(P_("That could not be done")),
            message=message,
        )


def _install_headers(portal: FastAPI, state: PortalState) -> None:
    @portal.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        if state.config.secure_cookies:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response


__all__ = ["HTMLResponse", "add_admin_section", "create_portal_app"]
