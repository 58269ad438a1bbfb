"""Tables of the caseworker portal and of per-service encryption.

Nothing here holds survivor content in clear: notes are sealed to the service
key, the reply outbox to the bot's delivery key, transfer copies to the new
service's key. Keys appear only as public keys or wrapped/sealed private keys.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.types import AwareDateTime, utcnow


def _ts(**kwargs: object) -> datetime:
    return Field(default_factory=utcnow, sa_type=AwareDateTime, **kwargs)  # type: ignore[no-any-return,call-overload]


def _opt_ts() -> datetime | None:
    return Field(default=None, sa_type=AwareDateTime)  # type: ignore[no-any-return,call-overload]


def _blob(nullable: bool = False) -> bytes:
    return Field(  # type: ignore[no-any-return]
        default=None if nullable else b"", sa_column=Column(LargeBinary, nullable=nullable)
    )


class ServiceKey(SQLModel, table=True):
    """A partner service's X25519 key pair: the public half, and the private half
    wrapped under the recovery code printed once at creation."""

    __tablename__ = "service_key"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    service_id: str = Field(max_length=64, index=True)
    public_key: bytes = _blob()
    fingerprint: str = Field(max_length=16, index=True)
    recovery_wrapped: bytes = _blob()
    active: bool = True
    created_at: datetime = _ts()
    retired_at: datetime | None = _opt_ts()


class DeploymentKey(SQLModel, table=True):
    """Public keys of the deployment itself: the bot's delivery key, the custodian key."""

    __tablename__ = "deployment_key"

    purpose: str = Field(primary_key=True, max_length=32)
    public_key: bytes = _blob()
    fingerprint: str = Field(max_length=16)
    recovery_wrapped: bytes | None = _blob(nullable=True)
    updated_at: datetime = _ts()


class AccountBase(SQLModel):
    email: str = Field(index=True, unique=True, max_length=254)
    display_name: str = Field(default="", max_length=128)
    is_admin: bool = False


class AccountPublic(AccountBase):
    id: uuid.UUID
    created_at: datetime
    last_login_at: datetime | None = None
    locked_until: datetime | None = None
    totp_enabled: bool = False


class Account(AccountBase, table=True):
    """A portal user. Her private key is wrapped under a key derived from her password."""

    __tablename__ = "portal_account"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    password_hash: str = Field(max_length=256)
    kdf_salt: bytes = _blob()
    kdf_time_cost: int = 3
    kdf_memory_kib: int = 65536
    public_key: bytes = _blob()
    private_wrapped: bytes = _blob()
    totp_secret: str | None = Field(default=None, max_length=64)  # legacy, in clear: see below
    # The authenticator secret, encrypted under the portal's own key (PortalConfig.totp_key);
    # one being enrolled waits in `totp_pending_enc` until she confirms it with a code.
    totp_secret_enc: bytes | None = _blob(nullable=True)
    totp_pending_enc: bytes | None = _blob(nullable=True)
    totp_last_step: int = 0  # the last time step whose code was accepted: no replay
    failed_logins: int = 0
    locked_until: datetime | None = _opt_ts()
    must_change_password: bool = False
    disabled: bool = False
    language: str = Field(default="en", max_length=16)  # the portal's language for her
    created_at: datetime = _ts()
    last_login_at: datetime | None = _opt_ts()

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_secret_enc or self.totp_secret)


class Membership(SQLModel, table=True):
    """A caseworker's place in a service, with the service's private key sealed to her."""

    __tablename__ = "portal_membership"
    __table_args__ = (UniqueConstraint("account_id", "service_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    account_id: uuid.UUID = Field(foreign_key="portal_account.id", index=True)
    service_id: str = Field(max_length=64, index=True)
    sealed_service_key: bytes = _blob()
    key_fingerprint: str = Field(max_length=16)
    added_by: str = Field(default="", max_length=254)
    created_at: datetime = _ts()


class PortalSession(SQLModel, table=True):
    """A signed-in browser. The account key is wrapped under a key only the cookie holds."""

    __tablename__ = "portal_session"

    id: str = Field(primary_key=True, max_length=64)  # SHA-256 of the cookie token
    account_id: uuid.UUID = Field(foreign_key="portal_account.id", index=True)
    wrapped_account_key: bytes = _blob()
    csrf_token: str = Field(max_length=64)
    created_at: datetime = _ts()
    last_seen_at: datetime = _ts()
    expires_at: datetime = _ts()


class CaseWork(SQLModel, table=True):
    """Who works a case and, once closed, with what outcome."""

    __tablename__ = "case_work"

    case_id: uuid.UUID = Field(foreign_key="case.id", primary_key=True)
    assigned_to: uuid.UUID | None = Field(default=None, foreign_key="portal_account.id")
    assigned_label: str = Field(default="", max_length=128)
    outcome: str | None = Field(default=None, max_length=32)
    first_opened_at: datetime | None = _opt_ts()
    updated_at: datetime = _ts()


class CaseNote(SQLModel, table=True):
    """An internal note, sealed to the service key; never shown to her."""

    __tablename__ = "case_note"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    service_id: str = Field(max_length=64)
    author_label: str = Field(default="", max_length=128)
    body_sealed: bytes = _blob()
    created_at: datetime = _ts()


class AuditEntry(SQLModel, table=True):
    """Who did what, when. `detail` never holds content, only ids, states and digests."""

    __tablename__ = "audit_entry"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID | None = Field(default=None, foreign_key="case.id", index=True)
    reference: str | None = Field(default=None, max_length=16)
    account_id: uuid.UUID | None = Field(default=None, index=True)
    actor: str = Field(default="", max_length=254)
    action: str = Field(max_length=32, index=True)
    detail: str = Field(default="", max_length=256)
    created_at: datetime = _ts()


class ReplyOutbox(SQLModel, table=True):
    """A caseworker's reply waiting for the bot, sealed to the bot's delivery key.

    Once the neutral notice went out (`notified_at`), the row waits for her to open
    it: then the reply is shown and the row deleted.
    """

    __tablename__ = "reply_outbox"

    message_id: uuid.UUID = Field(foreign_key="case_message.id", primary_key=True)
    sealed_for_bot: bytes = _blob()
    attempts: int = 0
    next_attempt_at: datetime = _ts()
    claimed_until: datetime | None = _opt_ts()
    last_error: str = Field(default="", max_length=128)
    # Set when Telegram will never take it ("blocked": she blocked the bot; "refused": its
    # text); the portal shows it and the bot stops trying.
    undeliverable: str = Field(default="", max_length=32)
    notified_at: datetime | None = _opt_ts()


class CaseAlert(SQLModel, table=True):
    """A new-case alert for a service's Telegram chat: reference and severity only."""

    __tablename__ = "case_alert"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    reference: str = Field(max_length=16)
    service_id: str = Field(max_length=64)
    severity: str = Field(max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = _ts()
    sent_at: datetime | None = _opt_ts()
    created_at: datetime = _ts()
    # Set when Telegram will never take it in the service's chat ("removed": 403, the bot
    # is no longer in the group; "chat_not_found": the chat is gone or the id is wrong;
    # "refused": another 400, such as no right to post there): never retried; the
    # services page warns the administrator.
    undeliverable: str = Field(default="", max_length=32)
    # Which chat refused it, as a keyed hash (not the chat id): once the deployment names
    # another alert chat for the service, the bot sends it again there.
    refused_chat: str = Field(default="", max_length=16)


class TransferStatus:
    PENDING = "pending"
    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    UNDELIVERABLE = "undeliverable"  # she cannot be asked: blocked the bot, or no messages


class TransferRequest(SQLModel, table=True):
    """A proposed transfer. Copies sealed to the new service wait in TransferCopy."""

    __tablename__ = "transfer_request"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    from_service: str = Field(max_length=64)
    to_service: str = Field(max_length=64)
    to_fingerprint: str = Field(max_length=16)
    requested_by: str = Field(default="", max_length=254)
    status: str = Field(default=TransferStatus.PENDING, max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime = _ts()
    created_at: datetime = _ts()
    answered_at: datetime | None = _opt_ts()


class TransferCopy(SQLModel, table=True):
    """One item of a case (content, evidence, message) sealed to the receiving service."""

    __tablename__ = "transfer_copy"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    request_id: uuid.UUID = Field(foreign_key="transfer_request.id", index=True)
    kind: str = Field(max_length=16)  # "content", "evidence", "message"
    item_id: uuid.UUID
    sealed: bytes = _blob()
