"""SQLModel tables. Nothing here holds a Telegram identity or any text in clear.

Conventions: UUID keys, timezone-aware timestamps, and for entities that
other layers read (cases) the Base / Create / Update / Public / table split.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, LargeBinary, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from bot.storage.types import AwareDateTime, utcnow


def _ts(**kwargs: object) -> datetime:
    return Field(default_factory=utcnow, sa_type=AwareDateTime, **kwargs)  # type: ignore[no-any-return,call-overload]


class Survivor(SQLModel, table=True):
    """A survivor, known only by a keyed hash of her Telegram id."""

    __tablename__ = "survivor"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    key_hash: str = Field(index=True, unique=True, max_length=64)
    language: str = Field(default="en", max_length=16)
    # Encrypted chat id, present only after she said yes to replies.
    reply_chat_enc: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    # She paused the service's messages: they wait in the outbox until she resumes.
    messages_paused: bool = False
    created_at: datetime = _ts()
    last_seen_at: datetime = _ts()
    # Her chat id, encrypted, so the quiet-period sweep can clear her chat; and that
    # sweep's claim on it (a lease: a replica that dies lets it run out).
    chat_enc: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    sweep_claimed_until: datetime | None = Field(default=None, sa_type=AwareDateTime)  # type: ignore[call-overload]


class Conversation(SQLModel, table=True):
    """The encrypted flow state; `version` makes concurrent writers detect each other."""

    __tablename__ = "conversation"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    survivor_id: uuid.UUID = Field(foreign_key="survivor.id", unique=True, index=True)
    state_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    version: int = 0
    updated_at: datetime = _ts()


class ChatMessage(SQLModel, table=True):
    """Ids of the messages in her chat, so quick exit and the quiet-period sweep can
    delete them. A neutral notice of a service's message names it (`notice_for`: the
    case message's or transfer request's id), so it stays until she has read it; a
    message she chose to keep (`kept`) is never swept."""

    __tablename__ = "chat_message"
    __table_args__ = (UniqueConstraint("survivor_id", "message_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    survivor_id: uuid.UUID = Field(foreign_key="survivor.id", index=True)
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = _ts()
    notice_for: uuid.UUID | None = Field(default=None, index=True)
    # The database's default: the step store's prepared inserts name only the id columns.
    kept: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class ProcessedUpdate(SQLModel, table=True):
    """Update ids already handled: a redelivered update is recognised and skipped."""

    __tablename__ = "processed_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = _ts()


class CaseStatus(str, enum.Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


REPORTED_BY_SELF = "self"
REPORTED_BY_SOMEONE_ELSE = "someone_else"


class CaseBase(SQLModel):
    reference: str = Field(index=True, unique=True, max_length=16)
    status: str = Field(default=CaseStatus.NEW.value, max_length=16, index=True)
    severity: str = Field(default="none", max_length=16)
    categories: str = Field(default="", max_length=512)  # comma-separated category ids
    country: str = Field(default="other", max_length=8)
    region: str | None = Field(default=None, max_length=16)
    partner_service_id: str = Field(max_length=64, index=True)
    allow_replies: bool = False
    #: "self", or "someone_else" when a friend, a parent or a teacher reported for her
    #: (no identity of either: only who made the report, for the caseworker's first reply).
    reported_by: str = Field(default=REPORTED_BY_SELF, max_length=16)


class CaseCreate(CaseBase):
    survivor_id: uuid.UUID


class CaseUpdate(SQLModel):
    status: str | None = None
    partner_service_id: str | None = None


class CasePublic(CaseBase):
    id: uuid.UUID
    created_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None = None


class Case(CaseBase, table=True):
    """A submitted report. Its content is encrypted; /forget destroys it."""

    __tablename__ = "case"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    survivor_id: uuid.UUID | None = Field(default=None, foreign_key="survivor.id", index=True)
    content_enc: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    withdrawn_at: datetime | None = Field(default=None, sa_type=AwareDateTime)  # type: ignore[call-overload]


class Evidence(SQLModel, table=True):
    """A file she sent, encrypted; its SHA-256 and received time prove integrity."""

    __tablename__ = "evidence"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    survivor_id: uuid.UUID | None = Field(default=None, foreign_key="survivor.id", index=True)
    case_id: uuid.UUID | None = Field(default=None, foreign_key="case.id", index=True)
    kind: str = Field(max_length=16)
    size: int = 0
    sha256: str = Field(max_length=64)
    received_at: datetime = _ts()
    blob_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class CaseMessage(SQLModel, table=True):
    """A message between her and a caseworker, encrypted; delivered_at tracks the outbox.

    A caseworker's message reaches her as a neutral notice (`delivered_at`); `read_at`
    is when she opened it: the signal that it may be swept from her chat later.
    """

    __tablename__ = "case_message"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    author: str = Field(max_length=16)  # "survivor" or "caseworker"
    author_label: str = Field(default="", max_length=128)  # the service's name, never a person
    body_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = _ts()
    delivered_at: datetime | None = Field(default=None, sa_type=AwareDateTime)  # type: ignore[call-overload]
    read_at: datetime | None = Field(default=None, sa_type=AwareDateTime)  # type: ignore[call-overload]


class PendingReply(SQLModel, table=True):
    """What the bot still owes her for one update, until Telegram has accepted it.

    Written in the same transaction as her conversation state, deleted once the
    messages are sent. If a process dies in between, the redelivered update, or
    the sweeper after the claim runs out, sends them: a committed step is never
    left without its answer.
    """

    __tablename__ = "pending_reply"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    survivor_id: uuid.UUID | None = Field(default=None, foreign_key="survivor.id", index=True)
    chat_id_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    actions_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    claimed_until: datetime = Field(sa_type=AwareDateTime, index=True)  # type: ignore[call-overload]
    created_at: datetime = _ts()


class MaintenanceRun(SQLModel, table=True):
    """When a scheduled job (draft expiry, compaction) last ran: the schedule survives restarts
    and several replicas run a job once."""

    __tablename__ = "maintenance_run"

    name: str = Field(primary_key=True, max_length=32)
    last_run_at: datetime = Field(sa_type=AwareDateTime)  # type: ignore[call-overload]
