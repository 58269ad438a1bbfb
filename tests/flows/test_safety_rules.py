"""Survivor-safety guarantees of the report flow, each proven on the pure flow."""

from __future__ import annotations

import re

import pytest

from bot.domain import Assessment, Severity
from bot.flows import report
from bot.flows.actions import ClearChat, ForgetSurvivor, Send, SubmitCase
from bot.flows.context import FlowContext
from bot.flows.events import Command, Press, Text
from bot.flows.state import ConversationState
from bot.i18n import default_locales_dir
from tests.helpers.flow_context import build_flow_context

PATH_TO_CONSENT = [
    Command("start"),
    Press("country:rs"),
    Press("safety:yes"),
    Press("categories:threat"),
    Press("categories:done"),
    Text("He wrote that he will hurt me."),
    Press("narrative:done"),
    Press("relationship:partner_or_ex"),
    Press("age:adult"),
    Press("images:no"),
    Press("public_role:no"),  # asked: a public role would add Access Now for threats
]


@pytest.fixture
def ctx() -> FlowContext:
    return build_flow_context()


def play(ctx: FlowContext, events: list) -> tuple[ConversationState, list[list]]:
    state = ConversationState()
    outputs = []
    for event in events:
        state, actions = report.step(state, event, ctx)
        # Serialise between steps, as storage does.
        state = ConversationState.from_json(state.to_json())
        outputs.append(actions)
    return state, outputs


def test_reaching_consent_sends_nothing(ctx: FlowContext) -> None:
    state, outputs = play(ctx, PATH_TO_CONSENT)
    assert state.step == "consent"
    assert not any(isinstance(a, SubmitCase) for actions in outputs for a in actions)


def test_declining_consent_sends_nothing(ctx: FlowContext) -> None:
    state, outputs = play(ctx, [*PATH_TO_CONSENT, Press("consent:no")])
    assert not any(isinstance(a, SubmitCase) for actions in outputs for a in actions)
    assert state.step == "closed" and not state.draft.parts


def test_only_an_explicit_yes_submits(ctx: FlowContext) -> None:
    _state, outputs = play(ctx, [*PATH_TO_CONSENT, Press("consent:yes"), Press("replies:no")])
    submits = [a for actions in outputs for a in actions if isinstance(a, SubmitCase)]
    assert len(submits) == 1 and submits[0].allow_replies is False


def test_a_forged_replies_press_before_consent_submits_nothing(ctx: FlowContext) -> None:
    _state, outputs = play(ctx, [*PATH_TO_CONSENT, Press("replies:yes")])
    assert not any(isinstance(a, SubmitCase) for actions in outputs for a in actions)


@pytest.mark.parametrize("cut", range(len(PATH_TO_CONSENT) + 1))
@pytest.mark.parametrize("how", ["button", "command"])
def test_quick_exit_works_from_every_step(ctx: FlowContext, cut: int, how: str) -> None:
    state, _ = play(ctx, PATH_TO_CONSENT[:cut])
    event = Press("x") if how == "button" else Command("exit")
    new_state, actions = report.step(state, event, ctx)
    assert any(isinstance(a, ClearChat) for a in actions)
    assert not any(isinstance(a, Send) for a in actions), "nothing is sent after quick exit"
    assert new_state.step == "new" and not new_state.draft.parts


@pytest.mark.parametrize("cut", range(len(PATH_TO_CONSENT) + 1))
def test_forget_works_from_every_step(ctx: FlowContext, cut: int) -> None:
    state, _ = play(ctx, PATH_TO_CONSENT[:cut])
    new_state, actions = report.step(state, Command("forget"), ctx)
    assert isinstance(actions[0], ForgetSurvivor)
    assert new_state.step == "new" and not new_state.draft.parts


def test_every_bot_message_has_an_exit_button(ctx: FlowContext) -> None:
    _state, outputs = play(ctx, [*PATH_TO_CONSENT, Press("consent:yes"), Press("replies:yes")])
    for actions in outputs:
        for action in actions:
            if isinstance(action, Send):
                assert action.buttons[-1][0].data == "x", action.text[:40]


def test_danger_answer_shows_emergency_numbers_first(ctx: FlowContext) -> None:
    state, _ = play(ctx, PATH_TO_CONSENT[:2])
    assert state.step == "safety"
    _new, actions = report.step(state, Press("safety:no"), ctx)
    sends = [a for a in actions if isinstance(a, Send)]
    assert sends[0].step == "emergency"
    assert "192" in sends[0].text  # Serbia's police


@pytest.mark.parametrize("cut", range(1, len(PATH_TO_CONSENT) + 1))
def test_words_of_immediate_danger_show_emergency_first_at_any_step(
    ctx: FlowContext, cut: int
) -> None:
    state, _ = play(ctx, PATH_TO_CONSENT[:cut])
    critical = Assessment(Severity.CRITICAL)
    _new, actions = report.step(
        state, Text("he is at my door with a knife", assessment=critical), ctx
    )
    sends = [a for a in actions if isinstance(a, Send)]
    assert sends and sends[0].step == "emergency"


ASKS_FOR_IMAGES = re.compile(
    r"\b(send|upload|share|forward)\b[^.]*\b(intimate|nude|naked)\b", re.IGNORECASE
)
NEGATED = re.compile(r"\b(don't|do not|never|no need|not)\b", re.IGNORECASE)


def test_no_message_asks_for_intimate_images() -> None:
    from babel.messages.pofile import read_po

    with (default_locales_dir() / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    offending = []
    for message in template:
        if not message.id:
            continue
        text = message.id if isinstance(message.id, str) else " ".join(message.id)
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if ASKS_FOR_IMAGES.search(sentence) and not NEGATED.search(sentence):
                offending.append(sentence)
    assert not offending, offending


def test_images_of_minors_are_never_stored(ctx: FlowContext) -> None:
    from bot.flows.actions import DropEvidence, StoreEvidence
    from bot.flows.events import FileReceived

    state, _ = play(ctx, PATH_TO_CONSENT[:6])
    state, actions = report.step(state, FileReceived("photo", 10, b"0123456789"), ctx)
    stored = [a for a in actions if isinstance(a, StoreEvidence)]
    assert stored
    state, _ = report.step(state, Text("more"), ctx)
    state, _ = report.step(state, Press("narrative:done"), ctx)
    state, _ = report.step(state, Press("relationship:unknown"), ctx)
    state, actions = report.step(state, Press("age:minor"), ctx)
    dropped = [a for a in actions if isinstance(a, DropEvidence)]
    assert dropped and dropped[0].evidence_ids == (stored[0].evidence_id,)
    assert not any(e.kind == "photo" for e in state.draft.evidence)
    state, actions = report.step(state, FileReceived("photo", 10, b"abcdefghij"), ctx)
    assert not any(isinstance(a, StoreEvidence) for a in actions)
