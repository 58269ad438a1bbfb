"""Library-independent parsing helpers shared by both transports."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.flows.events import Command, FileReceived, Inbound, Text, Unsupported

# Recordings she may send as evidence (kept with their duration), in the order looked for.
RECORDING_KINDS = ("voice", "video", "video_note", "audio")
UNSUPPORTED_KINDS = (
    "sticker",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
)


def parse_command(text: str, language_hint: str | None) -> Command | None:
    """`/name@bot args` → Command, or None when the text is not a command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _sep, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name.replace("_", "").isalnum():
        return None
    return Command(name=name, args=args.strip(), language_hint=language_hint)


@dataclass(frozen=True)
class FileRef:
    file_id: str
    size: int
    name: str | None = None
    mime_type: str | None = None
    kind: str = ""  # for a recording: one of RECORDING_KINDS
    duration: int | None = None  # seconds, for a recording


@dataclass(frozen=True)
class Incoming:
    """What the flows need of a message, read the same way from either library."""

    language_hint: str | None
    text: str | None = None
    caption: str | None = None
    forwarded_from: str | None = None
    forwarded_at: str | None = None
    photo: FileRef | None = None
    document: FileRef | None = None
    recording: FileRef | None = None
    kind: str = "other"  # the unsupported kind, when neither text nor a file


def forward_origin_name(origin: Any) -> str | None:
    """Who a forwarded message came from, as Telegram shows it; None if not forwarded."""
    if origin is None:
        return None
    kind = str(origin.type)
    if kind == "user":
        user = origin.sender_user
        name = " ".join(p for p in (user.first_name, user.last_name) if p)
        return name + (" (@{})".format(user.username) if user.username else "")
    if kind == "hidden_user":
        return str(origin.sender_user_name)
    if kind == "chat":
        return str(origin.sender_chat.title or "")
    if kind == "channel":
        return str(origin.chat.title or "")
    return ""


def forward_origin_date(origin: Any) -> str | None:
    """When a forwarded message was first sent (ISO 8601, UTC), as Telegram reports it."""
    date = getattr(origin, "date", None) if origin is not None else None
    if isinstance(date, datetime):
        moment = date if date.tzinfo else date.replace(tzinfo=UTC)
    elif isinstance(date, int | float):
        moment = datetime.fromtimestamp(date, UTC)
    else:
        return None
    return moment.astimezone(UTC).isoformat()


def _recording(message: Any) -> FileRef | None:
    for kind in RECORDING_KINDS:
        media = getattr(message, kind, None)
        if media is not None:
            with warnings.catch_warnings():
                # PTB 22 warns that `duration` will become a timedelta; both are read.
                warnings.simplefilter("ignore", DeprecationWarning)
                duration = getattr(media, "duration", None)
            if duration is not None and not isinstance(duration, int):
                duration = int(duration.total_seconds())  # PTB's timedelta durations
            return FileRef(
                media.file_id,
                media.file_size or 0,
                getattr(media, "file_name", None),
                getattr(media, "mime_type", None),
                kind=kind,
                duration=duration,
            )
    return None


def incoming_from(message: Any) -> Incoming:
    """Read an aiogram or python-telegram-bot Message (both use the Bot API's field names)."""
    user = message.from_user
    fields: dict[str, Any] = {
        "language_hint": user.language_code if user else None,
        "text": message.text,
        "caption": message.caption,
        "forwarded_from": forward_origin_name(message.forward_origin),
        "forwarded_at": forward_origin_date(message.forward_origin),
    }
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        fields["photo"] = FileRef(largest.file_id, largest.file_size or 0)
    elif message.document:
        doc = message.document
        fields["document"] = FileRef(doc.file_id, doc.file_size or 0, doc.file_name, doc.mime_type)
    elif (recording := _recording(message)) is not None:
        fields["recording"] = recording
    else:
        kinds = (k for k in UNSUPPORTED_KINDS if getattr(message, k, None) is not None)
        fields["kind"] = next(kinds, "other")
    return Incoming(**fields)


async def to_event(
    incoming: Incoming,
    *,
    download: Callable[[str], Awaitable[bytes]],
    max_file_bytes: int,
    edited: bool = False,
) -> Inbound:
    """The flow event for a message, fetching evidence only when within the size limit."""
    forwarded = incoming.forwarded_from
    if incoming.text is not None:
        if forwarded is None and not edited:
            command = parse_command(incoming.text, incoming.language_hint)
            if command is not None:
                return command
        return Text(
            incoming.text,
            forwarded_from=forwarded,
            edited=edited,
            forwarded_at=incoming.forwarded_at if forwarded is not None else None,
        )
    file = incoming.photo or incoming.document or incoming.recording
    if file is None:
        return Unsupported(incoming.kind)
    content = await download(file.file_id) if file.size <= max_file_bytes else None
    return FileReceived(
        file_kind(incoming),
        file.size,
        content,
        name=file.name,
        mime_type=file.mime_type,
        caption=incoming.caption,
        forwarded_from=forwarded,
        forwarded_at=incoming.forwarded_at if forwarded is not None else None,
        duration=file.duration,
    )


def file_kind(incoming: Incoming) -> str:
    """The evidence kind of the file a message carries."""
    if incoming.photo is not None:
        return "photo"
    if incoming.recording is not None:
        return incoming.recording.kind
    return "document"
