"""/privacy: in her language, a few short messages, the deployment's controller and
contact, and how to hide the chat; her conversation stays where it was."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from bot.flows import report
from bot.flows.actions import Send
from bot.flows.context import PrivacyFacts
from bot.flows.events import Command, Press
from bot.flows.notices import PRIVACY_DATA
from bot.flows.privacy import HIDE_DATA
from bot.flows.state import ConversationState
from bot.i18n import LANGUAGES
from tests.helpers.flow_context import build_flow_context

TAGS = re.compile(r"<[^>]+>")
FACTS = PrivacyFacts(
    controller="Fondacija Primjer", contact="privacy@primjer.example", draft_days=30
)


def shown(send: Send) -> str:
    return html.unescape(TAGS.sub("", send.text))


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_privacy_is_a_few_short_messages_in_her_language(code: str) -> None:
    ctx = dataclasses.replace(build_flow_context(), privacy=FACTS)
    state = ConversationState(step="narrative", language=code)
    after, actions = report.step(state, Command("privacy"), ctx)
    sends = [a for a in actions if isinstance(a, Send)]
    notice, asked_again = sends[:-1], sends[-1]
    assert len(notice) == 4
    assert all(len(shown(s)) <= 600 for s in notice)
    assert "Fondacija Primjer" in notice[-1].text and "privacy@primjer.example" in notice[-1].text
    assert "/forget" in notice[-1].text and "/copy" in notice[-1].text
    assert asked_again.step == "narrative" and after == state  # nothing about her changed
    if code != "en":
        english = report.step(ConversationState(step="narrative"), Command("privacy"), ctx)[1]
        assert notice[0].text != english[0].text  # translated  # type: ignore[union-attr]


def test_what_the_notice_says_in_english() -> None:
    ctx = dataclasses.replace(build_flow_context(), privacy=FACTS)
    _state, actions = report.step(ConversationState(step="consent"), Command("privacy"), ctx)
    text = "\n".join(shown(a) for a in actions if isinstance(a, Send))
    assert "Never your Telegram name, username or phone number" in text
    assert "deleted after 30 days" in text
    assert "not the people who run this bot" in text
    assert "not end-to-end encrypted" in text
    assert "Responsible for your data: Fondacija Primjer" in text


def test_without_a_configured_controller_no_controller_line_and_no_retention_claim() -> None:
    ctx = build_flow_context()
    _state, actions = report.step(ConversationState(step="safety"), Command("privacy"), ctx)
    text = "\n".join(shown(a) for a in actions if isinstance(a, Send))
    assert "Responsible for your data" not in text
    assert "unfinished is deleted after" not in text


def test_the_welcome_links_to_it_and_hiding_the_chat_is_one_press_away() -> None:
    ctx = build_flow_context()
    state, actions = report.step(ConversationState(), Command("start"), ctx)
    welcome = actions[-1]
    assert isinstance(welcome, Send)
    assert PRIVACY_DATA in [b.data for row in welcome.buttons for b in row]
    state, actions = report.step(state, Press(PRIVACY_DATA), ctx)
    rights = [a for a in actions if isinstance(a, Send)][-2]
    assert HIDE_DATA in [b.data for row in rights.buttons for b in row]
    assert actions[-1].step == "country"  # type: ignore[union-attr]
    state, actions = report.step(state, Press(HIDE_DATA), ctx)
    advice = shown(actions[-1])  # type: ignore[arg-type]
    assert "Archive" in advice and "Passcode" in advice and "Auto-delete" in advice
