"""Media objects (PhotoSize, Document, Sticker, ...) shaped as Telegram sends them."""

from __future__ import annotations

import struct
from typing import Any

from .state import BotState, StoredFile

# kind -> (folder for file_path, default extension, default mime type)
KINDS: dict[str, tuple[str, str, str]] = {
    "photo": ("photos", "jpg", "image/jpeg"),
    "document": ("documents", "bin", "application/octet-stream"),
    "sticker": ("stickers", "webp", "image/webp"),
    "voice": ("voice", "oga", "audio/ogg"),
    "audio": ("music", "mp3", "audio/mpeg"),
    "video": ("videos", "mp4", "video/mp4"),
    "video_note": ("video_notes", "mp4", "video/mp4"),
    "animation": ("animations", "mp4", "video/mp4"),
}

# Tiny stand-in bytes for user media the sandbox invents (a sticker, a voice note, ...).
_PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PLACEHOLDER_BYTES: dict[str, bytes] = {
    "photo": _PNG_1X1,
    "sticker": b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
    b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
    "voice": b"OggS" + b"\x00" * 60,
    "audio": b"ID3" + b"\x00" * 60,
    "video": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 52,
    "video_note": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 52,
    "animation": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 52,
}


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image; None when it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return (800, 600) if len(data) > 2 else None


def store(
    bot: BotState,
    kind: str,
    data: bytes,
    *,
    file_name: str | None = None,
    mime_type: str | None = None,
    size: int | None = None,
) -> StoredFile:
    folder, extension, default_mime = KINDS[kind]
    if file_name and "." in file_name:
        extension = file_name.rsplit(".", 1)[1][:10] or extension
    elif kind == "photo" and data.startswith(b"\x89PNG"):
        extension = "png"
    return bot.store_file(
        data,
        folder=folder,
        extension=extension,
        size=size,
        file_name=file_name,
        mime_type=mime_type or default_mime,
    )


def media_object(kind: str, stored: StoredFile, extra: dict[str, Any] | None = None) -> Any:
    """The value of message[kind] for a stored file (photo is a list of sizes)."""
    base: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    extra = extra or {}
    if kind == "photo":
        width, height = image_size(stored.data) or (800, 600)
        return [{**base, "width": width, "height": height}]
    if kind == "document":
        out = {**base, "mime_type": stored.mime_type}
        if stored.file_name:
            out["file_name"] = stored.file_name
        return out
    if kind == "sticker":
        return {
            **base,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": extra.get("emoji") or "🙂",  # a String, never null
        }
    if kind in ("voice", "audio"):
        return {**base, "duration": int(extra.get("duration", 3)), "mime_type": stored.mime_type}
    if kind == "video_note":
        return {**base, "length": 240, "duration": int(extra.get("duration", 3))}
    # video, animation
    return {
        **base,
        "width": 640,
        "height": 360,
        "duration": int(extra.get("duration", 3)),
        "mime_type": stored.mime_type,
        **({"file_name": stored.file_name} if stored.file_name else {}),
    }


def media_kind(message: dict[str, Any]) -> str | None:
    for kind in KINDS:
        if kind in message:
            return kind
    return None


def file_of(message: dict[str, Any]) -> dict[str, Any] | None:
    """The file a message carries (the largest photo size), for the chat view."""
    kind = media_kind(message)
    if kind is None:
        return None
    value = message[kind]
    obj = value[-1] if isinstance(value, list) else value
    return {
        "kind": kind,
        "file_id": obj["file_id"],
        "file_name": obj.get("file_name"),
        "mime_type": obj.get("mime_type"),
        "file_size": obj.get("file_size"),
    }
