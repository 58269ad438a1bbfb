"""Her evidence pack through a real library and the local Bot API server: a PDF document
she can save (not protected), holding her words and her file's SHA-256, that Exit
deletes from the chat like every other message."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from typing import Any

from tests.helpers.live import LiveStack
from tests.helpers.pdf import pdf_lines
from tests.helpers.survivor import Survivor as Player

WORDS = "Он ми је написао да зна где радим и да ће доћи по мене у петак."
SCREENSHOT = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01 evidence 5510"


def _documents(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in view["messages"]
        if m["from"] == "bot" and (m.get("file") or {}).get("kind") == "document"
    ]


async def test_copy_sends_a_pdf_she_can_save_and_exit_deletes_it(live: LiveStack) -> None:
    user = 5560001
    player = Player(live, user, language_code="sr")
    await player.say("/start", expect="У којој си земљи")  # her phone's language
    await player.press("country:rs", expect="тренутно на сигурном")
    await player.press("safety:yes", expect="Шта се дешава")
    await player.press("categories:done", expect="Својим речима")
    await player.say(WORDS, expect="сада садржи 1 поруку")
    await live.sandbox.send(
        user,
        document={
            "name": "poruke.png",
            "mime_type": "image/png",
            "base64": base64.b64encode(SCREENSHOT).decode(),
        },
        language_code="sr",
    )
    await live.wait_for_text(user, "сачуван као доказ")
    await live.sandbox.send(user, "/copy", language_code="sr")
    view = await live.sandbox.wait_for(user, lambda v: bool(_documents(v)))
    (document,) = _documents(view)
    assert document["file"]["file_name"].endswith(".pdf")
    assert document["file"]["mime_type"] == "application/pdf"
    assert "has_protected_content" not in document  # she may save and forward it
    assert "Копија твоје пријаве" in (document.get("caption") or "")
    stored = live.server.state.current_bot().files[document["file"]["file_id"]]
    lines = pdf_lines(stored.data)
    text = " ".join(" ".join(lines).split())
    assert WORDS in text
    assert hashlib.sha256(SCREENSHOT).hexdigest() in text
    assert "poruke.png" in text
    await live.wait_for_text(user, "Овај PDF је твој")
    # Exit deletes the PDF from her chat with everything else.
    await live.sandbox.press(user, button="Изађи")
    await live.sandbox.wait_for(user, lambda v: v["messages"] == [])
    await asyncio.sleep(0.3)
    assert (await live.sandbox.chat(user))["messages"] == []
