"""Her evidence pack: when she can have it, what it holds, and that it reads back.

The PDF is opened with pypdf and searched for her words and the files' SHA-256,
in Latin (English, Albanian ë and ç) and Cyrillic (Serbian).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from bot.flows import report
from bot.flows.actions import Action, Send, SendDocument, StoreEvidence
from bot.flows.context import FlowContext
from bot.flows.documents import Document
from bot.flows.events import Command, FileReceived, Inbound, Press, Text
from bot.flows.evidence_pack import TIMELINE_ROWS, compose
from bot.flows.notices import PACK_DATA
from bot.flows.state import ConversationState, EvidenceItem, NarrativePart
from bot.i18n import Catalogues, default_locales_dir
from bot.services.evidence_pack import render_pdf
from bot.services.pending_codec import decode, encode
from tests.helpers.flow_context import build_flow_context
from tests.helpers.pdf import pdf_pages

WORDS = {
    "en": ("He wrote that he knows where I live, on Oak Street 14.", "Copy of my report"),
    "sq": ("Më kërcënoi se do të vijë te shtëpia ime në Çamëri; më tha që ë ç.", "Kopje e"),
    "sr": ("Написао је да зна где живим и да ће доћи у суботу.", "Копија моје пријаве"),
}
SCREENSHOT = b"%PDF-1.4 a screenshot export of the chat 4471"
VOICE = b"OggS voice message bytes 8812"


def play(ctx: FlowContext, state: ConversationState, events: list[Inbound]) -> Any:
    actions: list[Action] = []
    for event in events:
        state, actions = report.step(state, event, ctx)
    return state, actions


def to_narrative(language: str) -> list[Inbound]:
    return [
        Command("start"),
        Command("language"),  # her Telegram language is the first guess; she changes it
        Press("language:" + language),
        Press("country:rs"),
        Press("safety:yes"),
        Press("categories:threat"),
        Press("categories:done"),
    ]


def documents(actions: list[Action]) -> list[SendDocument]:
    return [a for a in actions if isinstance(a, SendDocument)]


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_pack_holds_her_words_and_every_hash_in_her_language(language: str) -> None:
    ctx = build_flow_context()
    words, title = WORDS[language]
    state, _actions = play(
        ctx,
        ConversationState(),
        [
            *to_narrative(language),
            Text(words),
            Text(
                "Znam gde živiš", forwarded_from="Marko", forwarded_at="2026-01-14T21:40:00+00:00"
            ),
            FileReceived("document", len(SCREENSHOT), SCREENSHOT, name="chat.pdf"),
            FileReceived("voice", len(VOICE), VOICE, mime_type="audio/ogg", duration=42),
        ],
    )
    before = state.to_json()
    after, actions = report.step(state, Command("copy"), ctx)
    (sent,) = documents(actions)
    assert after.to_json() == before  # nothing new is kept: the pack is made and sent
    assert not any(isinstance(a, StoreEvidence) for a in actions)
    pages = pdf_pages(render_pdf(sent.document))
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert title in pages[0]
    assert " ".join(words.split()) in flat
    for content in (SCREENSHOT, VOICE):
        assert hashlib.sha256(content).hexdigest() in text
    assert "chat.pdf" in text and "Marko" in text
    assert "2026-01-14 21:40:00 UTC" in text  # when the forwarded message was first sent
    assert "0:42" in text  # the voice message's length
    assert sent.document.file_name.endswith(".pdf") and sent.document.language == language
    # The timeline is on the first page; her messages in full come after it.
    assert "Znam gde živiš" in pages[0] and len(pages) >= 2


def test_the_timeline_fits_one_page_however_much_she_sent() -> None:
    state = ConversationState(step="narrative", language="en")
    state.draft.parts = [
        NarrativePart("message number {}".format(i), "2026-01-15T09:{:02d}:00+00:00".format(i))
        for i in range(50)
    ]
    state.draft.evidence = [
        EvidenceItem(
            str(i), "photo", "{:064x}".format(i), 10, "2026-01-15T10:00:{:02d}+00:00".format(i)
        )
        for i in range(20)
    ]
    t = Catalogues(default_locales_dir()).translator("en")
    from datetime import UTC, datetime

    pages = pdf_pages(render_pdf(compose(state, t, datetime(2026, 1, 15, 11, tzinfo=UTC))))
    assert "… and {} more, listed below".format(70 - TIMELINE_ROWS) in pages[0]
    assert "My messages" not in pages[0]
    assert "message number 49" in "\n".join(pages[1:])
    assert "{:064x}".format(19) in "\n".join(pages)


def test_before_she_wrote_anything_there_is_nothing_to_copy() -> None:
    ctx = build_flow_context()
    state, actions = play(ctx, ConversationState(), [*to_narrative("en"), Command("copy")])
    assert documents(actions) == []
    assert "nothing in your report to copy yet" in actions[-1].text  # type: ignore[union-attr]
    assert state.step == "narrative"


def _to_consent(ctx: FlowContext) -> ConversationState:
    state, _actions = play(
        ctx,
        ConversationState(),
        [
            *to_narrative("en"),
            Text("He threatens me every night."),
            Press("narrative:done"),
            Press("relationship:known"),
            Press("age:adult"),
            Press("images:no"),
            Press("public_role:no"),  # asked: for a threat, her public role changes her list
        ],
    )
    assert state.step == "consent"
    return state


def test_at_consent_she_can_take_a_copy_before_she_decides() -> None:
    ctx = build_flow_context()
    state = _to_consent(ctx)
    question = report.step(state, Command("help"), ctx)[1][-1]
    assert isinstance(question, Send)
    assert any(b.data == PACK_DATA for row in question.buttons for b in row)
    after, actions = report.step(state, Press(PACK_DATA), ctx)
    assert len(documents(actions)) == 1
    assert after.step == "consent"  # still her decision to make, asked again below the PDF
    assert isinstance(actions[-1], Send) and actions[-1].step == "consent"


def test_once_sent_the_bot_cannot_open_her_report_and_says_so() -> None:
    ctx = build_flow_context()
    state = _to_consent(ctx)
    state, _actions = play(ctx, state, [Press("consent:yes"), Press("replies:no")])
    assert state.step == "done"
    state, actions = report.step(state, Command("copy"), ctx)
    assert documents(actions) == []
    assert "cannot make a copy" in actions[-1].text  # type: ignore[union-attr]
    assert "sealed" in actions[-1].text  # type: ignore[union-attr]


def test_after_she_declined_her_draft_is_gone_and_so_is_the_pack() -> None:
    ctx = build_flow_context()
    state = _to_consent(ctx)
    state, actions = play(ctx, state, [Press("consent:no"), Command("copy")])
    assert documents(actions) == []


def test_a_pending_pack_survives_a_crash_as_words_not_as_a_pdf() -> None:
    ctx = build_flow_context()
    state, _actions = play(ctx, ConversationState(), [*to_narrative("sr"), Text("Прети ми.")])
    _state, actions = report.step(state, Command("copy"), ctx)
    (sent,) = documents(actions)
    restored = decode(encode([sent]))
    assert restored == [sent]
    assert isinstance(restored[0], SendDocument) and isinstance(restored[0].document, Document)
    assert render_pdf(restored[0].document) == render_pdf(sent.document)


def test_the_bot_starts_without_the_pdf_library() -> None:
    """fpdf2 is loaded on her first /copy: a bot process starting (or restarting after a
    crash) on a busy host does not pay for it."""
    import subprocess
    import sys

    code = "import sys, bot.app\nprint('fpdf' in sys.modules, 'qrcode' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_helpers_pack_says_who_reported_and_is_worded_about_the_person() -> None:
    """Reporting for someone else (issue 17, item 7): the helper's copy says so."""
    ctx = build_flow_context()
    state, _actions = play(
        ctx,
        ConversationState(),
        [
            Command("start"),
            Press("country:rs"),
            Press("safety:someone_else"),
            Press("person_safety:unsure"),
            Press("categories:doxxing"),
            Press("categories:done"),
            Text("Her ex posted my friend's address."),
            Press("narrative:done"),
            Press("relationship:family"),
        ],
    )
    _after, actions = report.step(state, Command("copy"), ctx)
    (sent,) = documents(actions)
    flat = " ".join(" ".join(pdf_pages(render_pdf(sent.document))).split())
    assert "Who is reporting I'm reporting for someone else" in flat
    assert "The person safe at the time I'm not sure" in flat
    assert "The person's address, phone or details were posted" in flat
    assert "Someone in the person's family" in flat
