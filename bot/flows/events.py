"""Inbound events: what a survivor did, stripped of any transport detail."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Assessment


@dataclass(frozen=True)
class EntryLink:
    """What a partner's signed link chose for her (checked by the service, never the flow)."""

    partner_id: str
    country: str
    language: str


@dataclass(frozen=True)
class Command:
    name: str  # without the slash, lower case
    args: str = ""
    language_hint: str | None = None  # Telegram's language_code, for /start
    entry: EntryLink | None = None  # /start <payload> with a genuine partner link
    link_refused: bool = False  # /start <payload> whose link could not be checked


@dataclass(frozen=True)
class Text:
    text: str
    forwarded_from: str | None = None
    edited: bool = False
    assessment: Assessment | None = None  # filled in by the service before the flow runs
    forwarded_at: str | None = None  # the forwarded message's original date (ISO, UTC)


@dataclass(frozen=True)
class Press:
    data: str


@dataclass(frozen=True)
class FileReceived:
    kind: str  # "photo", "document", or a recording: "voice", "video", "video_note", "audio"
    size: int
    content: bytes | None  # None when too big to fetch
    name: str | None = None
    mime_type: str | None = None
    caption: str | None = None
    forwarded_from: str | None = None
    caption_assessment: Assessment | None = None
    forwarded_at: str | None = None
    duration: int | None = None  # seconds, as Telegram reports it for recordings


@dataclass(frozen=True)
class Unsupported:
    kind: str  # "sticker", "voice", "video", "location", "contact", "poll", ...


Inbound = Command | Text | Press | FileReceived | Unsupported
