"""Sessions, the signed-in viewer, CSRF and the errors that end a request.

The cookie carries a random token. The database keeps only its SHA-256 and
the account's private key wrapped under a key derived from the token, so a
copy of the database cannot act as anyone, and a running portal needs no key
of its own to open cases.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import keys
from bot.services.key_admin import open_membership
from bot.storage.portal_models import Account, Membership, PortalSession
from bot.storage.repositories import accounts as account_repo
from bot.storage.types import utcnow
from bot.web.state import PortalState, portal_state


class LoginRequired(Exception):
    """No valid session: the browser goes to the sign-in page."""


class Forbidden(Exception):
    """Signed in, but this is not hers to see or do (also for unknown ids: no probing)."""


class CsrfFailed(Exception):
    """A form without the session's token: refused."""


class BadRequest(Exception):
    """A form that cannot be carried out; the message is shown to the person.

    `message` is the English text (marked with `P_` where it is raised), translated
    into her language on the error page and then formatted with `values`.
    """

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.values = values


class SetupRequired(Exception):
    """Signed in, but she must first choose her password or enrol her authenticator."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


SETUP_PATHS = frozenset({"/account/password", "/account/totp", "/logout"})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session_key(token: str) -> bytes:
    return hashlib.blake2b(token.encode(), digest_size=32, person=b"sr-session-wrap").digest()


def new_session(
    account: Account, account_private: bytes, state: PortalState
) -> tuple[str, PortalSession]:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = PortalSession(
        id=token_hash(token),
        account_id=account.id,
        wrapped_account_key=keys.wrap(_session_key(token), account_private),
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(minutes=state.config.session_idle_minutes),
    )
    return token, row


@dataclass
class Viewer:
    """The signed-in person, her unlocked key and what she may open."""

    account: Account
    account_private: bytes
    memberships: list[Membership]
    csrf: str
    session_id: str
    _service_keys: dict[str, bytes] = field(default_factory=dict)

    @property
    def service_ids(self) -> list[str]:
        return [m.service_id for m in self.memberships]

    @property
    def label(self) -> str:
        return self.account.display_name or self.account.email

    def service_key(self, service_id: str) -> bytes:
        if service_id not in self._service_keys:
            for row in self.memberships:
                if row.service_id == service_id:
                    self._service_keys[service_id] = open_membership(
                        row, self.account.id, self.account_private
                    )
                    break
            else:
                raise Forbidden()
        return self._service_keys[service_id]


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed when the handler returns."""
    async with portal_state(request).sessionmaker() as session, session.begin():
        yield session


# scope="function": the transaction commits before the response is sent. With the
# default ("request") it committed afterwards, and a browser that followed the
# sign-in redirect at once could arrive before its session existed.
Db = Annotated[AsyncSession, Depends(db_session, scope="function")]


async def current_viewer(request: Request, db: Db) -> Viewer:
    state = portal_state(request)
    token = request.cookies.get(state.config.cookie_name)
    if not token:
        raise LoginRequired()
    row = await account_repo.get_session(session=db, token_hash=token_hash(token))
    now = utcnow()
    if row is None or row.expires_at <= now:
        raise LoginRequired()
    account = await account_repo.get_account(session=db, account_id=row.account_id)
    if account is None or account.disabled:
        raise LoginRequired()
    try:
        account_private = keys.unwrap(_session_key(token), row.wrapped_account_key)
    except keys.SealError as exc:
        raise LoginRequired() from exc
    limit = row.created_at + timedelta(hours=state.config.session_max_hours)
    row.last_seen_at = now
    row.expires_at = min(limit, now + timedelta(minutes=state.config.session_idle_minutes))
    db.add(row)
    if request.url.path not in SETUP_PATHS:
        if account.must_change_password:
            raise SetupRequired("/account/password")
        if state.config.require_totp and not account.totp_enabled:
            raise SetupRequired("/account/totp")
    memberships = list(await account_repo.memberships_of(session=db, account_id=account.id))
    viewer = Viewer(account, account_private, memberships, row.csrf_token, row.id)
    # An error page of this request speaks her language too (read now: the account row
    # is gone with the request's transaction by the time an error handler runs).
    request.state.language = account.language
    return viewer


async def posting_viewer(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> Viewer:
    """The viewer of a form post, after checking the form's CSRF token."""
    form = await request.form()
    sent = str(form.get("csrf", ""))
    if not sent or not hmac.compare_digest(sent, viewer.csrf):
        raise CsrfFailed()
    return viewer


async def admin_viewer(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    if not viewer.account.is_admin:
        raise Forbidden()
    return viewer


async def posting_admin(viewer: Annotated[Viewer, Depends(posting_viewer)]) -> Viewer:
    if not viewer.account.is_admin:
        raise Forbidden()
    return viewer


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
PostingViewer = Annotated[Viewer, Depends(posting_viewer)]
AdminViewer = Annotated[Viewer, Depends(admin_viewer)]
PostingAdmin = Annotated[Viewer, Depends(posting_admin)]


def parse_id(raw: str) -> uuid.UUID:
    """A path id; anything malformed is refused like an id of someone else's case."""
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise Forbidden() from exc
