"""Files: getFile (with Telegram's 20 MB download limit) and the send* methods for media."""

from __future__ import annotations

import mimetypes
from typing import Any

from .. import media
from ..errors import ApiError, bad_request
from ..params import Upload
from ..state import StoredFile
from .base import Call, Handler, check_length, common_fields, sendable_chat
from .messages import MAX_CAPTION, formatted

WRONG_FILE = "wrong file identifier/HTTP URL specified"


async def get_file(call: Call) -> dict[str, Any]:
    file_id = call.params.need_str("file_id", "file_id not specified")
    stored = call.bot.files.get(file_id)
    if stored is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    if stored.size > call.world.settings.max_download_bytes:
        raise bad_request("file is too big")
    return stored.as_file()


def _source(call: Call, kind: str) -> StoredFile:
    """The file to send: a fresh upload, or one the bot already knows by file_id."""
    source = call.params.get_file(kind)
    if source is None:
        raise bad_request(f"there is no {kind} in the request")
    if isinstance(source, Upload):
        if len(source.data) > call.world.settings.max_upload_bytes:
            raise ApiError(413, "Request Entity Too Large")
        if not source.data:
            raise bad_request("file must be non-empty")
        if kind == "photo" and media.image_size(source.data) is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        mime = source.content_type if source.content_type != "application/octet-stream" else None
        if mime is None and source.filename:
            # Telegram names a document's type from its file name when the upload has none.
            mime = mimetypes.guess_type(source.filename)[0]
        return media.store(call.bot, kind, source.data, file_name=source.filename, mime_type=mime)
    if source.startswith(("http://", "https://")):
        raise bad_request(f"{WRONG_FILE} (the sandbox fetches no URLs)")
    stored = call.bot.files.get(source)
    if stored is None:
        raise bad_request(WRONG_FILE)
    return stored


def _sender(kind: str) -> Handler:
    async def send(call: Call) -> dict[str, Any]:
        chat = sendable_chat(call)
        stored = _source(call, kind)
        caption, entities = formatted(call, "caption", "caption_entities")
        check_length(caption, MAX_CAPTION, "message caption")
        extra = {
            "duration": call.params.get_int("duration", 3),
            "emoji": call.params.get_str("emoji"),
        }
        fields: dict[str, Any] = {kind: media.media_object(kind, stored, extra)}
        if kind == "document" and stored.file_name is None:
            fields[kind].pop("file_name", None)
        if caption and kind not in ("sticker", "video_note"):
            fields["caption"] = caption
            if entities:
                fields["caption_entities"] = entities
        fields.update(common_fields(call, chat))
        return call.bot.add_message(chat, fields, from_bot=True)

    send.__doc__ = (
        f"send{kind.title().replace('_', '')}: upload or reuse a file, show it in the chat."
    )
    return send


METHODS: dict[str, Handler] = {
    "getFile": get_file,
    "sendDocument": _sender("document"),
    "sendPhoto": _sender("photo"),
    "sendVideo": _sender("video"),
    "sendVoice": _sender("voice"),
    "sendAudio": _sender("audio"),
    "sendSticker": _sender("sticker"),
    "sendAnimation": _sender("animation"),
    "sendVideoNote": _sender("video_note"),
}
