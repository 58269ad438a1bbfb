"""Reporting for someone else (issue 17, item 7), rule by rule: the helper is asked about
the person, danger and crisis answers are worded for both, her own report is unchanged."""

from __future__ import annotations

from bot.domain import Assessment, Category, Severity
from bot.flows import report
from bot.flows.actions import Action, Send
from bot.flows.events import Command, Inbound, Press, Text
from bot.flows.state import ConversationState
from tests.helpers.flow_context import build_flow_context

SELF_HARM = Assessment(Severity.CRITICAL, categories=(Category.SELF_HARM,))
HELPER = [
    Command("start"),
    Press("country:al"),
    Press("safety:someone_else"),  # the fourth answer to "Are you safe right now?"
]


def _play(events: list[Inbound]) -> tuple[ConversationState, list[Send]]:
    ctx = build_flow_context()
    state, actions = ConversationState(), list[Action]()
    for event in events:
        state = ConversationState.from_json(state.to_json())  # stored between steps
        state, actions = report.step(state, event, ctx)
    return state, [a for a in actions if isinstance(a, Send)]


def test_the_person_in_danger_gets_the_numbers_first_worded_for_both() -> None:
    state, sends = _play([*HELPER, Press("person_safety:no")])
    assert [s.step for s in sends] == ["emergency", "sos", "categories"]
    assert sends[0].text.startswith(
        "<b>If you or the person you are helping are in danger now, call:</b>"
    )
    assert "112" in sends[0].text  # Albania's emergency number
    assert state.draft.danger_answered and state.draft.safe_now is None
    assert state.draft.for_someone_else


def test_words_of_self_harm_get_the_crisis_answer_worded_for_the_helper() -> None:
    _state, sends = _play(
        [
            *HELPER,
            Press("person_safety:yes"),
            Press("categories:done"),
            Text("She says she wants to die", assessment=SELF_HARM),
        ]
    )
    assert sends[0].step == "crisis"
    assert sends[0].text.startswith("Thank you for telling me. If the person you are helping")
    assert "If the person might act on these thoughts now" in sends[0].text
    assert sends[1].step == "emergency"


def test_her_own_report_is_asked_as_before() -> None:
    """No press more for her: after her safety, what is happening (as on main)."""
    state, sends = _play([Command("start"), Press("country:al"), Press("safety:yes")])
    assert sends[-1].step == "categories" and "Someone pretends to be me" in str(sends[-1])
    assert state.draft.reporter == "self" and not state.draft.for_someone_else


def test_the_fourth_safety_answer_asks_the_persons_safety_next() -> None:
    _state, sends = _play([Command("start"), Press("country:al")])
    safety_buttons = [b.data for row in sends[-1].buttons for b in row]
    assert safety_buttons[:4] == [
        "safety:yes",
        "safety:no",
        "safety:unsure",
        "safety:someone_else",
    ]
    state, sends = _play(HELPER)
    assert [s.step for s in sends] == ["person_safety"]  # no numbers: nobody said danger
    assert state.draft.for_someone_else


def test_her_own_danger_still_brings_the_numbers_first() -> None:
    for answer in ("no", "unsure"):
        state, sends = _play([Command("start"), Press("country:al"), Press("safety:" + answer)])
        assert sends[0].step == "emergency" and sends[-1].step == "categories"
        assert sends[0].text.startswith("<b>If you are in danger now")
        assert not state.draft.for_someone_else


def test_a_helper_in_a_country_with_regions_is_asked_the_region_after_the_person() -> None:
    _state, sends = _play(
        [
            Command("start"),
            Press("country:gb"),
            Press("safety:someone_else"),
            Press("person_safety:no"),
        ]
    )
    assert sends[0].step == "emergency" and sends[-1].step == "region"
