"""Inbound events: what a survivor did, stripped of any transport detail."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Assessment


@dataclass(frozen=True)
class Command:
    name: str  # without the slash, lower case
    args: str = ""
    language_hint: str | None = None  # Telegram's language_code, for /start


@dataclass(frozen=True)
class Text:
    text: str
    forwarded_from: str | None = None
    edited: bool = False
    assessment: Assessment | None = None  # filled in by the service before the flow runs


@dataclass(frozen=True)
class Press:
    data: str


@dataclass(frozen=True)
class FileReceived:
    kind: str  # "photo" or "document"
    size: int
    content: bytes | None  # None when too big to fetch
    name: str | None = None
    mime_type: str | None = None
    caption: str | None = None
    forwarded_from: str | None = None
    caption_assessment: Assessment | None = None


@dataclass(frozen=True)
class Unsupported:
    kind: str  # "sticker", "voice", "video", "location", "contact", "poll", ...


Inbound = Command | Text | Press | FileReceived | Unsupported
