"""Finding 11: a downloaded file is named by what its bytes are, or `.bin`; the name and
type it arrived with (`.html`, `.svg`) are never kept."""

from __future__ import annotations

import itertools
import re

from fastapi import FastAPI

from bot.app import Application
from bot.flows.events import FileReceived
from bot.web.downloads import sniffed_extension
from tests.helpers.portal import REPORT_SCRIPT, caseworker, client, login
from tests.helpers.transcript import event_from

_updates = itertools.count(90_000)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
FILES = [
    ("invoice.html", "text/html", b"<html><script>alert(document.cookie)</script></html>"),
    ("logo.svg", "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("photo.html", "text/html", PNG),  # a real picture under a dangerous name
    ("notes.pdf", "application/pdf", b"%PDF-1.4 evidence"),
]


async def _report_with_files(app: Application, user_id: int) -> str:
    reference = None
    for step in [*REPORT_SCRIPT, {"press": "consent:yes"}, {"press": "replies:no"}]:
        events = (
            [FileReceived("document", len(c), c, name=n, mime_type=m) for n, m, c in FILES]
            if "document" in step
            else [event_from(step)]
        )
        for event in events:
            outcome = await app.conversations.handle(
                update_id=next(_updates), telegram_user_id=user_id, chat_id=user_id, event=event
            )
            reference = outcome.case_reference or reference
    assert reference
    return reference


async def test_downloads_are_named_by_their_bytes(app: Application, portal: FastAPI) -> None:
    worker = await caseworker(app, email="dl@service.org", services=["demo-rs"])
    reference = await _report_with_files(app, 720)
    async with client(portal) as http:
        await login(http, worker)
        case_page = (await http.get("/cases/ref/{}".format(reference), follow_redirects=True)).text
        links = re.findall(r'href="(/cases/[^"]+/evidence/[^"]+)"', case_page)
        assert len(links) == len(FILES)
        names = {}
        for link in links:
            answer = await http.get(link)
            assert answer.status_code == 200
            assert answer.headers["content-type"] == "application/octet-stream"
            disposition = answer.headers["content-disposition"]
            names[answer.content] = disposition.split('filename="')[1].rstrip('"')
    by_content = {content: names[content] for _, _, content in FILES}
    assert by_content[FILES[0][2]].endswith(".bin")
    assert by_content[FILES[1][2]].endswith(".bin")
    assert by_content[FILES[2][2]].endswith(".png")
    assert by_content[FILES[3][2]].endswith(".pdf")
    assert not any(name.endswith((".html", ".svg")) for name in by_content.values())


def test_sniffing_knows_common_formats_and_nothing_else() -> None:
    assert sniffed_extension(b"\xff\xd8\xff\xe0 jpeg") == ".jpg"
    assert sniffed_extension(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == ".webp"
    assert sniffed_extension(b"\x00\x00\x00\x18ftypmp42") == ".mp4"
    assert sniffed_extension(b"<!DOCTYPE html>") == ".bin"
    assert sniffed_extension(b"") == ".bin"
