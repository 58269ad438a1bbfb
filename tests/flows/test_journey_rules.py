"""The journey's rules on the pure flow (issue #13 and #15 finding 2), each proven
without storage: crisis and danger answers, what Exit keeps, /start with a case,
/forget's one question, files after sending, and a minor's files."""

from __future__ import annotations

import pytest

from bot.domain import Assessment, Category, Severity
from bot.flows import report
from bot.flows.actions import (
    Action,
    AddToCase,
    ClearChat,
    DropEvidence,
    ForgetSurvivor,
    PauseMessages,
    ReplyToCase,
    RevealMessage,
    Send,
    ShowWaiting,
    StopMessages,
    StoreEvidence,
    SubmitCase,
)
from bot.flows.context import FlowContext
from bot.flows.events import Command, FileReceived, Inbound, Press, Text
from bot.flows.media import may_show_a_person
from bot.flows.state import ConversationState
from tests.flows.test_safety_rules import PATH_TO_CONSENT, play
from tests.helpers.flow_context import build_flow_context

SELF_HARM = Assessment(Severity.CRITICAL, categories=(Category.SELF_HARM,))
SENT_WITH_MESSAGES = [*PATH_TO_CONSENT, Press("consent:yes"), Press("replies:yes")]


@pytest.fixture
def ctx() -> FlowContext:
    return build_flow_context()


def _sends(actions: list[Action]) -> list[Send]:
    return [a for a in actions if isinstance(a, Send)]


def _after(ctx: FlowContext, events: list[Inbound]) -> ConversationState:
    return play(ctx, events)[0]


# --- item 2: crisis and danger --------------------------------------------------


@pytest.mark.parametrize("cut", range(1, len(PATH_TO_CONSENT) + 1))
def test_words_of_self_harm_get_their_own_answer_first_at_any_step(
    ctx: FlowContext, cut: int
) -> None:
    state = _after(ctx, PATH_TO_CONSENT[:cut])
    _new, actions = report.step(state, Text("I want to end it", assessment=SELF_HARM), ctx)
    sends = _sends(actions)
    assert [s.step for s in sends[:2]] == ["crisis", "emergency"]
    assert "Thank you for telling me" in sends[0].text
    assert "192" in sends[1].text or "Serbia" in sends[1].text  # then the emergency number


def test_no_known_crisis_line_is_said_plainly(ctx: FlowContext) -> None:
    state = _after(ctx, [Command("start"), Press("country:other")])
    _new, actions = report.step(state, Text("…", assessment=SELF_HARM), ctx)
    crisis, emergency = _sends(actions)[:2]
    lines = ctx.routing.crisis_message(*_place(state), ctx.translator("en"))
    assert lines in crisis.text
    assert "112" in emergency.text


def _place(state: ConversationState) -> tuple:  # type: ignore[type-arg]
    from bot.domain import Country

    return Country(state.draft.country), None


def test_somewhere_else_in_danger_is_told_to_call_112(ctx: FlowContext) -> None:
    state = _after(ctx, [Command("start"), Press("country:other")])
    _new, actions = report.step(state, Press("safety:no"), ctx)
    (first, *_rest) = _sends(actions)
    assert first.step == "emergency"
    assert "local emergency number" in first.text and "112" in first.text


def test_in_danger_the_sos_lines_come_with_the_emergency_numbers(ctx: FlowContext) -> None:
    state = _after(ctx, [Command("start"), Press("country:rs")])
    _new, actions = report.step(state, Press("safety:no"), ctx)
    steps = [s.step for s in _sends(actions)]
    assert steps[:2] == ["emergency", "sos"]
    assert "0800 222 003" in _sends(actions)[1].text  # Serbia's SOS line for women


# --- item 1: the case relay survives Exit and /start ------------------------------


@pytest.mark.parametrize("leave", [Press("x"), Command("exit")])
def test_exit_clears_the_chat_and_keeps_the_case_relay(ctx: FlowContext, leave: Inbound) -> None:
    state = _after(ctx, SENT_WITH_MESSAGES)
    reference = state.case_reference
    state, actions = report.step(state, leave, ctx)
    assert any(isinstance(a, ClearChat) for a in actions) and not _sends(actions)
    assert state.case_reference == reference and state.replies_allowed
    assert not state.draft.parts
    _state, actions = report.step(state, Text("Thank you, I am safe."), ctx)
    assert ReplyToCase("Thank you, I am safe.", reference=reference or "") in actions


def test_start_after_sending_shows_her_case_and_what_waits_for_her(ctx: FlowContext) -> None:
    state = _after(ctx, [*SENT_WITH_MESSAGES, Press("x")])
    state, actions = report.step(state, Command("start"), ctx)
    assert state.step == "home" and any(isinstance(a, ShowWaiting) for a in actions)
    _state, actions = report.step(state, Text("Here is my answer"), ctx)
    assert any(isinstance(a, ReplyToCase) for a in actions)


def test_opening_a_notice_reveals_it_and_her_texts_answer_that_case(ctx: FlowContext) -> None:
    state = _after(ctx, [*SENT_WITH_MESSAGES, Press("x")])
    hex_id = "ab" * 16
    state, actions = report.step(state, Press("show:r:{}:OLD0-CASE".format(hex_id)), ctx)
    assert RevealMessage("reply", hex_id) in actions
    _state, actions = report.step(state, Text("yes"), ctx)
    assert ReplyToCase("yes", reference="OLD0-CASE") in actions
    for forged in ("show:r:zz:REF", "show:q:{}".format(hex_id), "show:r:{}:<b>".format(hex_id)):
        _state, actions = report.step(state, Press(forged), ctx)
        assert not any(isinstance(a, RevealMessage) for a in actions)


def test_pause_resume_and_stop(ctx: FlowContext) -> None:
    state = _after(ctx, SENT_WITH_MESSAGES)
    state, actions = report.step(state, Press("msgs:pause"), ctx)
    assert PauseMessages(True) in actions and state.messages_paused
    state, actions = report.step(state, Press("msgs:resume"), ctx)
    assert PauseMessages(False) in actions and not state.messages_paused
    state, actions = report.step(state, Press("msgs:stop"), ctx)
    assert not any(isinstance(a, StopMessages) for a in actions)  # asked first
    state, actions = report.step(state, Press("msgs:stop_yes"), ctx)
    assert any(isinstance(a, StopMessages) for a in actions) and not state.replies_allowed
    _state, actions = report.step(state, Text("hello?"), ctx)
    assert not any(isinstance(a, ReplyToCase) for a in actions)


def test_messages_only_after_she_says_this_phone_is_safe(ctx: FlowContext) -> None:
    state, outputs = play(ctx, [*PATH_TO_CONSENT, Press("consent:yes")])
    assert state.step == "replies" and "on this phone" in _sends(outputs[-1])[0].text
    assert not any(isinstance(a, SubmitCase) for actions in outputs for a in actions)
    _state, actions = report.step(state, Press("replies:no"), ctx)
    (submit,) = [a for a in actions if isinstance(a, SubmitCase)]
    assert submit.allow_replies is False  # not safe on this phone: sent without messages


# --- item 6: files after sending, Exit, /forget -----------------------------------


def test_a_file_after_sending_joins_her_case_also_after_exit(ctx: FlowContext) -> None:
    state = _after(ctx, [*PATH_TO_CONSENT, Press("consent:quiet")])
    for event in (Press("x"), None):
        if event is not None:
            state, _ = report.step(state, event, ctx)
        state, actions = report.step(state, FileReceived("photo", 3, b"png"), ctx)
        (added,) = [a for a in actions if isinstance(a, AddToCase)]
        assert added.reference == state.case_reference and added.content == b"png"
        assert not any(isinstance(a, StoreEvidence) for a in actions)


def test_exit_drops_the_files_of_her_draft(ctx: FlowContext) -> None:
    state = _after(ctx, PATH_TO_CONSENT[:6])
    state, actions = report.step(state, FileReceived("document", 3, b"pdf", name="a.pdf"), ctx)
    (stored,) = [a for a in actions if isinstance(a, StoreEvidence)]
    _state, actions = report.step(state, Press("x"), ctx)
    assert DropEvidence((stored.evidence_id,)) in actions


def test_forget_asks_once_when_it_would_withdraw_a_sent_report(ctx: FlowContext) -> None:
    state = _after(ctx, [*PATH_TO_CONSENT, Press("consent:quiet")])
    state, actions = report.step(state, Command("forget"), ctx)
    assert not any(isinstance(a, ForgetSurvivor) for a in actions)
    assert state.step == "forget"
    back, actions = report.step(state, Press("forget:no"), ctx)
    assert back.step == "done" and back.case_reference
    _state, actions = report.step(state, Press("forget:yes"), ctx)
    assert any(isinstance(a, ForgetSurvivor) for a in actions)
    # Exit stays instant, also with a report sent.
    _state, actions = report.step(state, Press("x"), ctx)
    assert any(isinstance(a, ClearChat) for a in actions) and not _sends(actions)


# --- #15 finding 2: a minor's pictures, videos and archives -----------------------

VISUAL = [
    ("photo", None, None),
    ("document", "photo.jpg", "image/jpeg"),
    ("document", "IMG_1.HEIC", None),
    ("document", "scan", "image/png"),
    ("video", None, "video/mp4"),
    ("video_note", None, "video/mp4"),
    ("animation", "a.gif.mp4", "video/mp4"),
    ("document", "clip.mov", "application/octet-stream"),
    ("document", "chat.zip", "application/zip"),
    ("document", "backup.7z", None),
    ("document", None, None),  # a file we cannot tell anything about
]
WORDS = [
    ("document", "chat.pdf", "application/pdf"),
    ("document", "notes.txt", "text/plain"),
    ("document", None, "application/pdf"),
    ("voice", None, "audio/ogg"),  # her voice message holds no picture (kept for a minor)
    ("audio", "call.mp3", "audio/mpeg"),
]


@pytest.mark.parametrize(("kind", "name", "mime"), VISUAL)
def test_files_that_could_show_a_person(kind: str, name: str | None, mime: str | None) -> None:
    assert may_show_a_person(kind, name, mime)


@pytest.mark.parametrize(("kind", "name", "mime"), WORDS)
def test_files_of_words(kind: str, name: str | None, mime: str | None) -> None:
    assert not may_show_a_person(kind, name, mime)


@pytest.mark.parametrize(("kind", "name", "mime"), VISUAL)
def test_a_minors_picture_video_or_archive_is_deleted_when_she_says_her_age(
    ctx: FlowContext, kind: str, name: str | None, mime: str | None
) -> None:
    state = _after(ctx, PATH_TO_CONSENT[:6])
    event = FileReceived(kind, 4, b"data", name=name, mime_type=mime)
    state, actions = report.step(state, event, ctx)
    (stored,) = [a for a in actions if isinstance(a, StoreEvidence)]
    for answer in (Press("narrative:done"), Press("relationship:unknown")):
        state, _ = report.step(state, answer, ctx)
    state, actions = report.step(state, Press("age:minor"), ctx)
    assert DropEvidence((stored.evidence_id,)) in actions
    assert not state.draft.evidence
    assert any("I have deleted 1 file" in s.text for s in _sends(actions))  # told truly


@pytest.mark.parametrize(("kind", "name", "mime"), VISUAL)
def test_a_minors_picture_video_or_archive_is_never_kept_after_she_said_her_age(
    ctx: FlowContext, kind: str, name: str | None, mime: str | None
) -> None:
    state = _after(ctx, [*PATH_TO_CONSENT[:8], Press("age:minor")])
    event = FileReceived(kind, 4, b"data", name=name, mime_type=mime)
    state, actions = report.step(state, event, ctx)
    assert not any(isinstance(a, StoreEvidence) for a in actions)
    assert "I did not keep this one" in _sends(actions)[0].text
    # And not after her report was sent either.
    state = _after(
        ctx, [*PATH_TO_CONSENT[:8], Press("age:minor"), Press("images:no"), Press("consent:quiet")]
    )
    _state, actions = report.step(state, event, ctx)
    assert not any(isinstance(a, (StoreEvidence, AddToCase)) for a in actions)


def test_a_minors_pdf_is_kept(ctx: FlowContext) -> None:
    state = _after(ctx, [*PATH_TO_CONSENT[:8], Press("age:minor")])
    pdf = FileReceived("document", 4, b"%PDF", name="chat.pdf", mime_type="application/pdf")
    _state, actions = report.step(state, pdf, ctx)
    assert any(isinstance(a, StoreEvidence) for a in actions)
