"""Her safety plan: steps chosen by her situation, one short message each, and her place
kept when she stops (through the stored state, as between two updates)."""

from __future__ import annotations

import html
import re

import pytest

from bot.flows import report, safety_plan
from bot.flows.actions import Action, Send
from bot.flows.events import Command, Press, Text
from bot.flows.state import ConversationState, Draft
from bot.i18n import LANGUAGES, Catalogues, default_locales_dir
from tests.helpers.flow_context import build_flow_context

TAGS = re.compile(r"<[^>]+>")


def sends(actions: list[Action]) -> list[Send]:
    return [a for a in actions if isinstance(a, Send)]


def parts_of(steps: list[str]) -> list[str]:
    return list(dict.fromkeys(step.split(".")[0] for step in steps))


def test_steps_are_chosen_by_her_situation() -> None:
    stranger = Draft(categories=["harassment"], relationship="unknown", safe_now="yes")
    assert parts_of(safety_plan.choose_steps(stranger)) == ["evidence", "people"]
    stalked = Draft(categories=["stalking"], relationship="unknown", safe_now="yes")
    assert parts_of(safety_plan.choose_steps(stalked)) == [
        "accounts",
        "stalkerware",
        "evidence",
        "people",
        "if_they_come",
    ]
    ex_in_danger = Draft(categories=["threat"], relationship="partner_or_ex", safe_now="no")
    assert parts_of(safety_plan.choose_steps(ex_in_danger))[0] == "if_they_come"
    impersonated = Draft(categories=["impersonation"], relationship="unknown")
    assert parts_of(safety_plan.choose_steps(impersonated)) == ["accounts", "evidence", "people"]
    # Nothing known yet: every part.
    assert len(safety_plan.choose_steps(Draft())) == len(safety_plan.STEP_IDS)
    # After her report was sent only the topics she was offered remain: they choose.
    sent = Draft(country="rs", guidance_topics=["preserve_evidence", "stalkerware_and_location"])
    assert parts_of(safety_plan.choose_steps(sent)) == ["stalkerware", "evidence", "people"]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_step_is_one_short_message_in_every_language(code: str) -> None:
    ctx = build_flow_context()
    t = Catalogues(default_locales_dir()).translator(code)
    state = ConversationState(language=code)
    state.draft.country = "mk"
    state.plan_steps = list(safety_plan.STEP_IDS)
    for index in range(len(state.plan_steps)):
        state.plan_at = index
        step = safety_plan._step_message(state, ctx, t)
        assert isinstance(step, Send)
        shown = html.unescape(TAGS.sub("", step.text))
        assert len(shown) <= 600, (code, state.plan_steps[index], len(shown))
    # The emergency number of her country is in the step about the person coming.
    state.plan_at = state.plan_steps.index("if_they_come.1")
    assert "192" in safety_plan._step_message(state, ctx, t).text  # type: ignore[union-attr]


def _roundtrip(state: ConversationState) -> ConversationState:
    return ConversationState.from_json(state.to_json())


def test_she_stops_and_comes_back_to_the_same_step() -> None:
    ctx = build_flow_context()
    state = ConversationState(step="categories", language="en")
    state.draft.categories = ["threat"]
    state.draft.relationship = "partner_or_ex"
    state, actions = report.step(state, Command("plan"), ctx)
    (first,) = sends(actions)
    total = len(state.plan_steps)
    assert "Step 1 of {}".format(total) in first.text
    for index in (0, 1):
        state, actions = report.step(_roundtrip(state), Press("plan:next:{}".format(index)), ctx)
    assert "Step 3 of {}".format(total) in sends(actions)[0].text
    state, actions = report.step(_roundtrip(state), Press("plan:stop"), ctx)
    (stopped,) = sends(actions)
    assert "step 3 of {}".format(total) in stopped.text
    assert stopped.step == "categories"  # and her report goes on where it was
    state, _actions = report.step(_roundtrip(state), Text("hello"), ctx)
    state, actions = report.step(_roundtrip(state), Command("plan"), ctx)
    (back,) = sends(actions)
    assert "where the plan stopped" in back.text and "Step 3 of {}".format(total) in back.text
    # An old Next (or a double press) does not skip a step.
    same, actions = report.step(state, Press("plan:next:0"), ctx)
    assert same.plan_at == 2 and "no longer works" in actions[0].text  # type: ignore[union-attr]


def test_the_plan_ends_and_can_be_taken_again() -> None:
    ctx = build_flow_context()
    state = ConversationState(step="done", language="en")
    state.draft.guidance_topics = ["preserve_evidence"]
    state, _actions = report.step(state, Command("plan"), ctx)
    steps = list(state.plan_steps)
    for index in range(len(steps)):
        state, actions = report.step(state, Press("plan:next:{}".format(index)), ctx)
    assert "end of your safety plan" in sends(actions)[-1].text
    assert state.plan_steps == [] and state.step == "done"
    state, _actions = report.step(state, Command("plan"), ctx)
    assert state.plan_steps == steps and state.plan_at == 0


def test_exit_forgets_her_place() -> None:
    ctx = build_flow_context()
    state, _actions = report.step(ConversationState(step="narrative"), Command("plan"), ctx)
    state, _actions = report.step(state, Press("plan:next:0"), ctx)
    state, _actions = report.step(state, Press("x"), ctx)
    assert state.plan_steps == [] and state.plan_at == 0


def test_her_results_open_the_plan_instead_of_a_paragraph() -> None:
    ctx = build_flow_context()
    state = ConversationState()
    for event in (
        Command("start"),
        Press("country:al"),
        Press("safety:no"),
        Press("categories:threat"),
        Press("categories:done"),
        Text("He says he will come to my work."),
        Press("narrative:done"),
        Press("relationship:partner_or_ex"),
        Press("age:adult"),
        Press("images:no"),
    ):
        state, actions = report.step(state, event, ctx)
    # Her results come after the last question (for a threat: whether she has a public role).
    state, actions = report.step(state, Press("public_role:no"), ctx)
    guidance = next(a for a in sends(actions) if a.step == "guidance")
    data = [b.data for row in guidance.buttons for b in row]
    assert safety_plan.START_DATA in data and "g:safety_planning" not in data
    state, actions = report.step(state, Press(safety_plan.START_DATA), ctx)
    assert "Step 1 of" in sends(actions)[0].text
    assert "If the person comes to you" in sends(actions)[0].text  # in danger: that first
    assert safety_plan.TOPIC_ID in state.topics_read  # her caseworker sees she opened it
    assert state.step == "consent"
