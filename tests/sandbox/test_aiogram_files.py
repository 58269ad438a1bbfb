"""Files both ways: what users send the bot downloads; what the bot sends the chat shows."""

from __future__ import annotations

import io

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile

from bot.sandbox.botapi.client import SandboxClient

from .support import USER_ID, png


async def test_user_photo_can_be_downloaded(bot: Bot, sandbox: SandboxClient) -> None:
    image = png(5, 4)
    await sandbox.send(USER_ID, photo=image, caption="screenshot")
    message = (await bot.get_updates(timeout=0))[0].message
    assert message is not None and message.photo is not None
    size = message.photo[-1]
    assert (size.width, size.height, size.file_size) == (5, 4, len(image))
    assert message.caption == "screenshot"
    file = await bot.get_file(size.file_id)
    assert file.file_path is not None
    buffer = io.BytesIO()
    await bot.download_file(file.file_path, buffer)
    assert buffer.getvalue() == image


async def test_user_document_can_be_downloaded(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, document=("chat.txt", "text/plain", b"evidence"))
    message = (await bot.get_updates(timeout=0))[0].message
    assert message is not None and message.document is not None
    assert message.document.file_name == "chat.txt"
    assert message.document.mime_type == "text/plain"
    downloaded = await bot.download(message.document.file_id)
    assert downloaded is not None and downloaded.read() == b"evidence"


async def test_file_over_20_mb_is_too_big(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(
        USER_ID,
        document={"name": "video.mp4", "mime_type": "video/mp4", "base64": "", "size": 21_000_000},
    )
    message = (await bot.get_updates(timeout=0))[0].message
    assert message is not None and message.document is not None
    assert message.document.file_size == 21_000_000
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(message.document.file_id)


async def test_bot_sends_document_and_photo(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    doc = await bot.send_document(
        USER_ID, BufferedInputFile(b"%PDF-1.4 report", filename="report.pdf"), caption="Your copy"
    )
    assert doc.document is not None and doc.document.file_name == "report.pdf"
    again = await bot.send_document(USER_ID, doc.document.file_id)
    assert again.document is not None and again.document.file_id == doc.document.file_id
    photo = await bot.send_photo(USER_ID, BufferedInputFile(png(), filename="p.png"))
    assert photo.photo is not None and photo.photo[-1].width == 3
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER_ID, BufferedInputFile(b"not an image", filename="x.png"))
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(USER_ID, "no-such-file-id")
    view = await sandbox.chat(USER_ID)
    files = [m["file"] for m in view["messages"] if "file" in m]
    assert [f["kind"] for f in files] == ["document", "document", "photo"]
    assert view["messages"][1]["caption"] == "Your copy"
    downloaded = await bot.download(doc.document.file_id)
    assert downloaded is not None and downloaded.read() == b"%PDF-1.4 report"


async def test_a_document_uploaded_without_a_type_is_typed_by_its_name(
    bot: Bot, sandbox: SandboxClient
) -> None:
    """aiogram uploads bytes as application/octet-stream; Telegram still reports a PDF as
    application/pdf. protect_content is shown only when asked for."""
    await sandbox.send(USER_ID, "/start")
    pdf = await bot.send_document(
        USER_ID, BufferedInputFile(b"%PDF-1.4 copy", filename="copy.pdf"), protect_content=False
    )
    assert pdf.document is not None and pdf.document.mime_type == "application/pdf"
    assert not pdf.has_protected_content
    kept = await bot.send_document(
        USER_ID, BufferedInputFile(b"\x00\x01", filename="data"), protect_content=True
    )
    assert kept.document is not None and kept.document.mime_type == "application/octet-stream"
    view = await sandbox.chat(USER_ID)
    assert "has_protected_content" not in view["messages"][-2]
    assert view["messages"][-1]["has_protected_content"] is True
