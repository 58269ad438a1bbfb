"""Which files could show a person: never kept once she says she is under 18.

A picture sent "as a file" is an image all the same, and a video, an animation or
an archive could hold any picture; so could a file whose type we cannot tell. Only
files of a known document or text type are kept for a minor (DESIGN principle 5:
files that may show a minor sexually are never stored).
"""

from __future__ import annotations

from pathlib import PurePosixPath

VISUAL_KINDS = frozenset({"photo", "video", "animation", "video_note", "sticker"})
# A voice message or a piece of music Telegram recognised as audio holds no picture.
SOUND_KINDS = frozenset({"voice", "audio"})

# Document types that hold words, not pictures of her (kept for a minor too).
TEXT_DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "text/plain",
        "text/csv",
        "text/html",
        "message/rfc822",
        "application/json",
        "application/rtf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    }
)
TEXT_DOCUMENT_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".txt",
        ".csv",
        ".html",
        ".htm",
        ".eml",
        ".json",
        ".rtf",
        ".doc",
        ".docx",
        ".odt",
        ".xls",
        ".xlsx",
        ".ods",
    }
)


def _extension(name: str | None) -> str:
    return PurePosixPath(name or "").suffix.lower()


def may_show_a_person(kind: str, name: str | None, mime_type: str | None) -> bool:
    """A photo, a video, an animation, an image or video sent as a file, an archive, or
    a file of a type we cannot tell; False only for a known document or text type."""
    if kind in VISUAL_KINDS:
        return True
    if kind in SOUND_KINDS:
        return False
    mime = (mime_type or "").split(";")[0].strip().lower()
    extension = _extension(name)
    if mime.startswith(("image/", "video/")):
        return True
    known_mime = mime in TEXT_DOCUMENT_TYPES
    known_extension = extension in TEXT_DOCUMENT_EXTENSIONS
    if mime and mime != "application/octet-stream" and not known_mime:
        return True  # an archive, an image format we do not list, anything else
    if extension and not known_extension:
        return True  # photo.jpg sent as octet-stream, chat.zip, clip.mov
    return not (known_mime or known_extension)
