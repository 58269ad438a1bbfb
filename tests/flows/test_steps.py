"""The question order is data, and each thing she can meet is defined once.

These tests also tell whoever adds a question, a country, a region or a command
what they forgot (see docs/extending.md).
"""

from __future__ import annotations

import pytest

from bot.domain import COUNTRY_NAMES, REGIONS, REGIONS_BY_COUNTRY, Country, Region
from bot.flows import report, steps
from bot.flows.actions import ClearChat, ForgetSurvivor, Send
from bot.flows.commands import EXIT_COMMANDS, FORGET_COMMANDS, MENU, never_limited
from bot.flows.context import FlowContext
from bot.flows.events import Command, Press, Text
from bot.flows.notices import EXIT_DATA
from bot.flows.prompts import PROMPTS
from bot.flows.state import ConversationState, Draft
from bot.flows.steps import (
    CHOICE_STEPS,
    COUNTRY,
    QUESTIONS,
    REGION_QUESTIONS,
    REGION_STEPS,
    Question,
    next_step,
)
from bot.routing.directory import COUNTRY_FILES
from tests.helpers.flow_context import build_flow_context


@pytest.fixture
def ctx() -> FlowContext:
    return build_flow_context()


def _at(step: str, **draft: object) -> ConversationState:
    return ConversationState(step=step, draft=Draft(**draft))  # type: ignore[arg-type]


def test_next_step_follows_the_list() -> None:
    order = [q.id for q in QUESTIONS]
    assert order[0] == "language" and order[-1] == "replies"
    assert next_step(_at("new")) == "country"  # her Telegram language is the first guess
    assert next_step(_at("language")) == "country"
    assert next_step(_at("safety")) == "categories"
    assert next_step(_at("country")) == "safety"
    assert next_step(_at("replies", partner_id="demo-rs")) == steps.SUBMITTED


def test_a_question_that_does_not_apply_is_skipped() -> None:
    assert next_step(_at("safety", country="rs")) == "categories"
    assert next_step(_at("safety", country="ba")) == "region"
    # A helper (the fourth safety answer) is asked the person's safety, then on as she is.
    helper = {"reporter": "someone_else"}
    assert next_step(_at("safety", country="ba", **helper)) == "person_safety"
    assert next_step(_at("person_safety", country="ba", **helper)) == "region"
    assert next_step(_at("person_safety", country="rs", **helper)) == "categories"
    # After the results (graded): no partner, no consent; one partner, no choice.
    assert next_step(_at("images", severity="low")) == steps.SUBMITTED
    assert next_step(_at("images", severity="low", partner_id="demo-rs")) == "consent"
    several = _at("images", severity="low", partner_id="a", partner_choices=["a", "b"])
    assert next_step(several) == "partner"
    # Messages from the service only when she allows them: then the phone question.
    assert next_step(_at("consent", partner_id="a", allow_replies=False)) == steps.SUBMITTED
    assert next_step(_at("consent", partner_id="a", allow_replies=True)) == "replies"
    # The public-role question only where it changes what she is shown.
    assert next_step(_at("images", public_role_matters=True)) == "public_role"


def test_safety_comes_before_the_region_so_danger_is_two_presses_away() -> None:
    order = [q.id for q in QUESTIONS]
    assert order.index("safety") == order.index("country") + 1


def test_a_question_added_to_the_list_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    added = (*QUESTIONS[:3], Question("feeling"), *QUESTIONS[3:])
    monkeypatch.setattr(steps, "QUESTIONS", added)
    assert next_step(_at("safety")) == "feeling"
    assert next_step(_at("feeling")) == "categories"


@pytest.mark.parametrize("question", [q.id for q in QUESTIONS])
def test_every_question_is_asked_and_answered(question: str, ctx: FlowContext) -> None:
    """A new question needs a prompt (PROMPTS, or a ChoiceStep) and an answer (ANSWERS)."""
    assert question in report.ANSWERS
    assert question in PROMPTS or question in CHOICE_STEPS
    state = _at(question, country="ba", partner_id="demo-rs", categories=["threat"])
    (asked,) = report.step(state, Text("?"), ctx)[1][-1:]
    assert isinstance(asked, Send) and asked.step == question and asked.buttons


def test_every_country_is_named_and_has_its_directory_file() -> None:
    countries = [c for c in Country if c is not Country.OTHER]
    assert list(COUNTRY_NAMES) == countries
    assert sorted(COUNTRY_FILES.values()) == sorted([c.value for c in countries] + ["int"])
    assert [o.id for o in COUNTRY.options] == [*(c.value for c in countries), "other"]


def test_every_region_is_asked_and_named() -> None:
    assert set(REGION_QUESTIONS) == set(REGIONS_BY_COUNTRY)
    assert set(REGIONS) == set(Region)
    for country, regions in REGIONS_BY_COUNTRY.items():
        offered = [o.id for o in REGION_STEPS[country.value].options]
        assert offered[: len(regions)] == [r.value for r in regions]


@pytest.mark.parametrize("name", EXIT_COMMANDS + FORGET_COMMANDS)
def test_leaving_commands_are_one_list_for_the_flow_and_the_flood_guard(
    name: str, ctx: FlowContext
) -> None:
    assert never_limited(Command(name))
    _state, actions = report.step(_at("narrative"), Command(name), ctx)
    assert any(isinstance(a, ClearChat) for a in actions)
    assert any(isinstance(a, ForgetSurvivor) for a in actions) == (name in FORGET_COMMANDS)
    assert never_limited(Press(EXIT_DATA)) and not never_limited(Command("start"))


@pytest.mark.parametrize("command", [c for c, _ in MENU])
def test_every_command_in_the_menu_is_understood(command: str, ctx: FlowContext) -> None:
    _state, actions = report.step(_at("safety"), Command(command, "K7QM-4TZD"), ctx)
    texts = [a.text for a in actions if isinstance(a, Send)]
    assert not any("I don't know that command" in t for t in texts)


def test_her_progress_never_grows_when_the_public_role_question_appears() -> None:
    """'7 of 8' then '8 of 9' reads as if the report grew under her: the public-role
    question is a follow-up, asked without a number, like the phone question."""
    before = steps.progress(_at("images", country="al", partner_id="a"))
    role = _at("public_role", country="al", partner_id="a", public_role_matters=True)
    after = steps.progress(_at("consent", country="al", partner_id="a", public_role_matters=True))
    assert before is not None and after is not None
    assert steps.progress(role) is None
    assert after == (before[0] + 1, before[1])


def test_a_survivor_pays_no_question_for_helpers_and_a_helper_one() -> None:
    """Reporting for someone else is the fourth safety answer, not a question of its own:
    her count is as it was; the person's safety is one question more for a helper."""
    hers = steps.progress(_at("categories", country="rs", partner_id="a"))
    helpers = steps.progress(
        _at("categories", country="rs", partner_id="a", reporter="someone_else")
    )
    assert hers == (3, 8)
    assert helpers == (4, 9)
    assert "reporter" not in [q.id for q in QUESTIONS]
