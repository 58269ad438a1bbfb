"""Fast to help (issue #13, item 3): how many presses and messages after /start until
she sees her country's emergency numbers, and until a minimal report is sent, for
every country and region.

A survivor is played by a policy that answers whatever the bot asks with the
quickest answer, so the count follows the flow as it is, not a script. The table is
printed (`pytest -s`) and kept in the README's survivor section.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.domain import COUNTRY_NAMES, REGIONS, REGIONS_BY_COUNTRY, Country
from bot.flows import report
from bot.flows.actions import Action, Send, SubmitCase
from bot.flows.context import FlowContext
from bot.flows.events import Command, Inbound, Press, Text
from bot.flows.state import ConversationState
from tests.helpers.flow_context import build_flow_context

MOST_TO_EMERGENCY = 2
MOST_TO_SUBMISSION = 10


@dataclass(frozen=True)
class Place:
    country: str
    region: str | None

    @property
    def name(self) -> str:
        country = COUNTRY_NAMES.get(Country(self.country), "Somewhere else")
        if self.region is None:
            return country
        return "{} – {}".format(country, REGIONS[self.region].name)  # type: ignore[index]


PLACES = [
    *(
        Place(country.value, region.value if region else None)
        for country in COUNTRY_NAMES
        for region in (REGIONS_BY_COUNTRY.get(country) or (None,))
    ),
    Place(Country.OTHER.value, None),
]


def _quickest(state: ConversationState, place: Place, *, in_danger: bool) -> Inbound:
    """What a survivor in a hurry does at each question."""
    answers = {
        "country": "country:" + place.country,
        "safety": "safety:no" if in_danger else "safety:yes",
        "region": "region:{}".format(place.region),
        "categories": "categories:done",
        "relationship": "relationship:unknown",
        "age": "age:unknown",
        "images": "images:skip",
        "public_role": "public_role:no",
        "consent": "consent:quiet",
        "replies": "replies:no",
    }
    if state.step == "narrative":
        if not state.draft.parts:
            return Text("He keeps posting my address in groups.")
        return Press("narrative:done")
    if state.step == "partner":
        return Press("partner:" + state.draft.partner_choices[0])
    return Press(answers[state.step])


def _walk(
    ctx: FlowContext, place: Place, *, in_danger: bool, until: type | str, most: int = 20
) -> int | None:
    """Actions after /start until `until` (an action type, or a Send's step) is seen."""

    def seen(actions: list[Action]) -> bool:
        if isinstance(until, str):
            return any(isinstance(a, Send) and a.step == until for a in actions)
        return any(isinstance(a, until) for a in actions)

    state, actions = report.step(ConversationState(), Command("start", language_hint="en"), ctx)
    for count in range(1, most + 1):
        if state.step in ("closed", "done"):
            return None
        state, actions = report.step(state, _quickest(state, place, in_danger=in_danger), ctx)
        state = ConversationState.from_json(state.to_json())
        if seen(actions):
            return count
    return None


@pytest.fixture(scope="module")
def ctx() -> FlowContext:
    return build_flow_context()


@pytest.mark.parametrize("place", PLACES, ids=lambda p: "{}-{}".format(p.country, p.region))
def test_emergency_numbers_within_two_actions(ctx: FlowContext, place: Place) -> None:
    count = _walk(ctx, place, in_danger=True, until="emergency")
    assert count is not None and count <= MOST_TO_EMERGENCY, (place, count)


@pytest.mark.parametrize(
    "place", [p for p in PLACES if p.country != "other"], ids=lambda p: p.country
)
def test_a_minimal_report_is_sent_within_ten_actions(ctx: FlowContext, place: Place) -> None:
    count = _walk(ctx, place, in_danger=False, until=SubmitCase)
    assert count is not None and count <= MOST_TO_SUBMISSION, (place, count)


def test_print_the_table(ctx: FlowContext, capsys: pytest.CaptureFixture[str]) -> None:
    """The table in the README (survivor section); `pytest -s` shows it."""
    rows = ["| Place | To her emergency numbers | To a sent report |", "|---|---|---|"]
    for place in PLACES:
        danger = _walk(ctx, place, in_danger=True, until="emergency")
        sent = _walk(ctx, place, in_danger=False, until=SubmitCase)
        rows.append(
            "| {} | {} | {} |".format(
                place.name, danger, sent if sent is not None else "nothing can be sent"
            )
        )
    with capsys.disabled():
        print("\nActions after /start (presses and messages she sends):")
        print("\n".join(rows))
    assert len(rows) == len(PLACES) + 2
