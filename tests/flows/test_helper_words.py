"""After the questions, someone reporting for another person reads the helper's words
(issue 17, item 7): why each service fits, the topics' titles and a framing line above
a topic, the safety plan offered to go through with her, /privacy on what is told about
her. The survivor's own screens are unchanged (her goldens too)."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from bot.domain import Country
from bot.flows import report, safety_plan
from bot.flows.actions import Action, Button, Send
from bot.flows.events import Command, Inbound, Press, Text
from bot.flows.helper_words import HELPER_WORDS, TOPIC_FRAMING, HelperTranslator
from bot.flows.length import MESSAGE_LIMIT, visible_length
from bot.flows.state import ConversationState
from bot.i18n import LANGUAGES, Catalogues, default_locales_dir
from bot.i18n_tools import read_catalog
from bot.routing.directory import load_directory
from bot.routing.partners import PartnerService
from bot.routing.port import DirectoryRouting
from tests.helpers.flow_context import build_flow_context

TAGS = re.compile(r"<[^>]+>")
YOU = re.compile(r"\b(you|your|yourself)\b", re.IGNORECASE)


def _questions(reporter: str) -> list[Inbound]:
    """A report about an ex who tracks her and shares her images, in England."""
    return [
        Command("start"),
        Press("country:gb"),
        *(
            [Press("safety:someone_else"), Press("person_safety:yes")]
            if reporter == "helper"
            else [Press("safety:yes")]
        ),
        Press("region:gb_eng"),
        Press("categories:image_abuse"),
        Press("categories:stalking"),
        Press("categories:done"),
        Text("He tracks her phone and sent her photos to her friends."),
        Press("narrative:done"),
        Press("relationship:partner_or_ex"),
        Press("age:adult"),
        Press("images:shared"),
        Press("public_role:no"),
    ]


def _play(
    events: list[Inbound], language: str = "en"
) -> tuple[ConversationState, list[list[Send]]]:
    """Each event's messages, the state stored and read back between steps."""
    ctx = build_flow_context()
    state, replies = ConversationState(language=language), list[list[Send]]()
    for event in events:
        state = ConversationState.from_json(state.to_json())
        state, actions = report.step(state, event, ctx)
        replies.append(_sends(actions))
    return state, replies


def _sends(actions: list[Action]) -> list[Send]:
    return [a for a in actions if isinstance(a, Send)]


def _buttons(send: Send) -> list[Button]:
    return [b for row in send.buttons for b in row]


def _shown(send: Send) -> str:
    return html.unescape(TAGS.sub("", send.text))


def _results(reporter: str) -> dict[str, Send]:
    _state, replies = _play(_questions(reporter))
    return {s.step: s for s in replies[-1]}


def test_why_each_service_fits_speaks_of_the_person_to_a_helper() -> None:
    helper, her = _results("helper")["services"], _results("self")["services"]
    assert "the person makes a digital fingerprint of the images on their own device" in (
        helper.text
    )
    assert "a digital fingerprint of your images on your own device" in her.text
    assert "your images" not in helper.text and "the person" not in her.text


def test_the_topics_titles_speak_of_the_person_to_a_helper() -> None:
    helper = [b.label for b in _buttons(_results("helper")["guidance"])]
    her = [b.label for b in _buttons(_results("self")["guidance"])]
    assert "Securing the person's accounts" in helper and "Secure your accounts" in her
    assert "A safety plan to go through with the person" in helper
    assert "A few steps for your safety" in her
    assert not [title for title in helper if YOU.search(title)]
    assert [b.data for b in _buttons(_results("helper")["guidance"])] == [
        b.data for b in _buttons(_results("self")["guidance"])
    ]  # the same topics, only their words differ


@pytest.mark.parametrize("topic", ["secure_accounts", "self_care"])
def test_a_topic_comes_to_a_helper_as_written_for_her_after_a_framing_line(topic: str) -> None:
    _state, helper = _play([*_questions("helper"), Press("g:" + topic)])
    _state, her = _play([*_questions("self"), Press("g:" + topic)])
    framing, *pages = helper[-1]
    assert framing.step == "topic" and framing.text.startswith("<i>This is written for the person")
    assert "if someone may be reading their phone, tell them in person" in framing.text
    assert [p.text for p in pages] == [p.text for p in her[-1]]  # her text, unchanged
    assert "This is written for" not in her[-1][0].text


def test_after_sending_a_helper_still_reads_a_helpers_words() -> None:
    events = [*_questions("helper"), Press("consent:quiet"), Press("g:self_care")]
    state, replies = _play(events)
    assert state.step == "done" and state.draft.for_someone_else
    assert replies[-1][0].text.startswith("<i>This is written for the person")
    _state, declined = _play([*_questions("helper"), Press("consent:no"), Press("g:self_care")])
    assert declined[-1][0].text.startswith("<i>This is written for the person")


def test_the_safety_plan_is_offered_to_go_through_with_the_person() -> None:
    _state, helper = _play([*_questions("helper"), Press(safety_plan.START_DATA)])
    _state, her = _play([*_questions("self"), Press(safety_plan.START_DATA)])
    intro, first = (s.text for s in helper[-1])
    assert intro.startswith("A safety plan to go through with the person you are helping")
    assert "What to do is their choice." in intro
    assert first.startswith("<b>Step 1 of 14 · Securing their accounts and devices</b>")
    (mine,) = (s.text for s in her[-1])
    assert mine.startswith("A safety plan, step by step: 14 short steps for your situation.")
    assert "Step 1 of 14 · Secure your accounts and devices" in mine
    # The step itself stays hers: what only she can do, in her words.
    assert first.split("</b>\n\n")[1] == mine.split("</b>\n\n")[1]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_helpers_plan_fits_a_screen_a_message_in_every_language(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Her first step carries the plan's first words; a helper's are a message of their
    own, or the first step of the longest part would no longer fit one screen."""
    ctx = build_flow_context()
    for first in safety_plan.STEP_IDS:
        monkeypatch.setattr(safety_plan, "choose_steps", lambda draft, first=first: [first])
        state = ConversationState(language=code)
        state.draft.reporter, state.draft.country = "someone_else", "mk"
        _state, actions = report.step(state, Press(safety_plan.START_DATA), ctx)
        shown = _sends(actions)
        assert len(shown) == 2 and shown[1].text.startswith("<b>")  # the intro, the step
        assert all(visible_length(s.text) <= MESSAGE_LIMIT for s in shown), (code, first)


def test_the_end_of_the_plan_speaks_to_the_helper_of_supporting_her() -> None:
    steps = len(safety_plan.choose_steps(_play(_questions("helper"))[0].draft))
    nexts = [Press("plan:next:{}".format(i)) for i in range(steps)]
    _state, helper = _play([*_questions("helper"), Press(safety_plan.START_DATA), *nexts])
    assert helper[-1][0].text.startswith("That is the end of the safety plan.")
    assert "talk with you about how to support them" in helper[-1][0].text
    _state, her = _play([*_questions("self"), Press(safety_plan.START_DATA), *nexts])
    assert her[-1][0].text.startswith("That is the end of your safety plan.")


def test_privacy_tells_a_helper_what_becomes_of_what_is_told_about_the_person() -> None:
    _state, helper = _play([*_questions("helper"), Command("privacy")])
    _state, her = _play([*_questions("self"), Command("privacy")])
    mine = {s.text for s in her[-1] if s.step == "privacy"}
    extra = [s for s in helper[-1] if s.step == "privacy" and s.text not in mine]
    assert [_shown(s).split("\n")[0] for s in extra] == ["What you tell about the person"]
    assert "/forget" in extra[0].text
    assert len(helper[-1]) == len(her[-1]) + 1


def test_the_helpers_words_are_in_every_language() -> None:
    for code in sorted(set(LANGUAGES) - {"en"}):
        _state, replies = _play([*_questions("helper"), Press("g:self_care")], language=code)
        results = {s.step: s for s in replies[-2]}
        english = {s.step: s for s in _play(_questions("helper"))[1][-1]}
        assert results["services"].text != english["services"].text
        assert _buttons(results["guidance"])[0].label != _buttons(english["guidance"])[0].label
        assert replies[-1][0].text != TOPIC_FRAMING  # translated


def test_every_survivor_msgid_a_helper_reads_otherwise_is_one_she_is_shown() -> None:
    """A change of her words cannot leave a helper's version behind unseen (the template
    is extracted from the code and the directory; a test of its own keeps it current)."""
    template = read_catalog(Path(default_locales_dir()) / "messages.pot")
    assert set(HELPER_WORDS) <= {m.id for m in template if m.id}
    hers = re.compile(r"\b(of you|yourself|your (?!report))")  # her report is the helper's too
    assert not [msgid for msgid in HELPER_WORDS.values() if hers.search(msgid)]


def test_the_helper_translator_reads_only_the_words_listed() -> None:
    t = Catalogues(default_locales_dir()).translator("sr")
    helper = HelperTranslator(t)
    assert helper.language == "sr"
    assert helper.gettext("Secure your accounts") == t.gettext("Securing the person's accounts")
    assert helper.gettext("Who can help") == t.gettext("Who can help")
    assert helper.ngettext("{count} more service", "{count} more services", 3) == t.ngettext(
        "{count} more service", "{count} more services", 3
    )


def test_a_report_ended_unsent_points_a_helper_to_help_for_the_person() -> None:
    _state, helper = _play([*_questions("helper"), Press("consent:no")])
    _state, her = _play([*_questions("self"), Press("consent:no")])
    assert "can still help the person directly, and many also talk with family and " in (
        helper[-1][-1].text
    )
    assert "The services above can still help you directly." in her[-1][-1].text


def test_choosing_among_partners_a_helper_reads_what_each_does_for_the_person() -> None:
    partners = [
        PartnerService(id=pid, name=pid, countries=(Country.SERBIA,), role="support_service")
        for pid in ("first", "second")
    ]
    routing = DirectoryRouting(directory=load_directory(), partners=partners)
    ctx = dataclasses.replace(build_flow_context(), routing=routing)
    for reporter, line in (
        ("helper", "A support service that can receive your report and help the person."),
        ("self", "A support service that can receive your report and help you."),
    ):
        state = ConversationState()
        safety = [Press("safety:someone_else"), Press("person_safety:yes")]
        events: list[Inbound] = [
            Command("start"),
            Press("country:rs"),
            *(safety if reporter == "helper" else [Press("safety:yes")]),
            Press("categories:harassment"),
            Press("categories:done"),
            Text("Insults every day."),
            Press("narrative:done"),
            Press("relationship:unknown"),
            Press("age:adult"),
            Press("images:no"),
            Press("public_role:no"),
        ]
        for event in events:
            state, actions = report.step(state, event, ctx)
        choice = _sends(actions)[-1]
        assert choice.step == "partner" and choice.text.count(line) == 2, choice.text
