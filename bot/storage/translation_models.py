"""Tables of the translation editor: administrators' overrides and their history.

The database, not the locale files, is where an edit meets every bot replica:
each bot polls these rows and lays them over its compiled catalogues. A row
whose `text` is None carries a review status only (the file's text stays).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.types import AwareDateTime, utcnow


class ReviewStatus(StrEnum):
    UNTRANSLATED = "untranslated"
    NEEDS_REVIEW = "needs_review"
    REVIEWED = "reviewed"


def entry_key(context: str, msgid: str) -> str:
    """A short unique key for (context, msgid): long msgids cannot be indexed on every engine."""
    return hashlib.sha256("{}\x04{}".format(context, msgid).encode()).hexdigest()


class OverrideBase(SQLModel):
    language: str = Field(max_length=16, index=True)
    key: str = Field(max_length=64)
    context: str = Field(default="", max_length=128)
    msgid: str
    text: str | None = None  # None: the file's text is used
    plural_texts: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default=ReviewStatus.NEEDS_REVIEW.value, max_length=16)
    derived: bool = False  # sr_Latn generated from an sr edit (follows later sr edits)


class OverrideCreate(OverrideBase):
    updated_by: str


class OverrideUpdate(SQLModel):
    text: str | None = None
    plural_texts: list[str] | None = None
    status: str | None = None


class OverridePublic(OverrideBase):
    id: uuid.UUID
    updated_by: str
    updated_at: datetime
    version: int


class TranslationOverride(OverrideBase, table=True):
    """One string of one language as an administrator left it; `version` counts edits."""

    __tablename__ = "translation_override"
    __table_args__ = (UniqueConstraint("language", "key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    updated_by: str = Field(default="", max_length=254)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)  # type: ignore[call-overload]
    version: int = 1


class ChangeBase(SQLModel):
    language: str = Field(max_length=16, index=True)
    key: str = Field(max_length=64, index=True)
    context: str = Field(default="", max_length=128)
    msgid: str
    kind: str = Field(max_length=16)  # edit, status, revert, import, transliteration
    before_text: str | None = None
    after_text: str | None = None
    before_plural: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after_plural: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    before_status: str = Field(max_length=16)
    after_status: str = Field(max_length=16)


class ChangePublic(ChangeBase):
    id: uuid.UUID
    changed_by: str
    changed_at: datetime
    reverts: uuid.UUID | None


class TranslationChange(ChangeBase, table=True):
    """One recorded change (who, when, before and after); a revert is one too."""

    __tablename__ = "translation_change"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    changed_by: str = Field(max_length=254)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, index=True)  # type: ignore[call-overload]
    reverts: uuid.UUID | None = None
