"""After the last question: grade her report, route it, and show what she can do now."""

from __future__ import annotations

from bot.domain import AgeGroup, Category, Country, Region, Relationship, RoutingInput, Severity
from bot.domain.grading import StructuredAnswers, combine
from bot.flows import safety_plan
from bot.flows.actions import Action, Button
from bot.flows.context import FlowContext
from bot.flows.notices import message
from bot.flows.prompts import emergency, translator
from bot.flows.state import ConversationState, Draft

TOPIC_PREFIX = "g:"  # g:<topic id>, a guidance topic's button
_CATEGORY_IDS = {c.value for c in Category}


def _answers(draft: Draft) -> StructuredAnswers:
    categories = frozenset(Category(c) for c in draft.categories if c in _CATEGORY_IDS)
    return StructuredAnswers(
        in_danger=draft.safe_now == "no",
        unsure_if_safe=draft.safe_now == "unsure",
        relationship=Relationship(draft.relationship) if draft.relationship else None,
        age=AgeGroup(draft.age) if draft.age else AgeGroup.UNKNOWN,
        images_shared_or_threatened=draft.images in ("shared", "threatened"),
        categories=categories,
    )


def _routing_input(draft: Draft, severity: Severity) -> RoutingInput:
    categories = set(Category(c) for c in draft.categories if c in _CATEGORY_IDS)
    for part in draft.parts:
        categories.update(Category(c) for c in part.categories if c in _CATEGORY_IDS)
    if draft.images in ("shared", "threatened"):
        categories.add(Category.IMAGE_ABUSE)
    return RoutingInput(
        country=Country(draft.country or Country.OTHER.value),
        region=Region(draft.region) if draft.region else None,
        categories=frozenset(categories),
        severity=severity,
        age=AgeGroup(draft.age) if draft.age else AgeGroup.UNKNOWN,
        relationship=Relationship(draft.relationship) if draft.relationship else None,
        in_danger=draft.safe_now == "no",
    )


def _topic_data(topic: str) -> str:
    """A topic's button; safety planning opens her interactive plan, step by step."""
    return safety_plan.START_DATA if topic == safety_plan.TOPIC_ID else TOPIC_PREFIX + topic


def show_results(state: ConversationState, ctx: FlowContext) -> list[Action]:
    """Grade and route her draft (recorded in it, with the partner who can receive it, if
    any) and return what to show: emergency numbers first, the services, the guidance."""
    t = translator(state, ctx)
    draft = state.draft
    grade = combine(_answers(draft), [(Severity(p.severity), tuple(p.rules)) for p in draft.parts])
    draft.severity = grade.severity.value
    draft.severity_reasons = list(grade.reasons)
    decision = ctx.routing.decide(_routing_input(draft, grade.severity))
    draft.guidance_topics = list(decision.guidance_topics)
    draft.services_shown = [m.service.id for m in (*decision.emergency, *decision.signposted)]
    shown: list[Action] = []
    if decision.emergency:
        shown.append(emergency(state, ctx))
    for text in ctx.routing.services_messages(decision, t):
        shown.append(message(t, text, (), "services"))
    if decision.guidance_topics:
        rows = tuple(
            (Button(ctx.routing.topic_title(topic, t), _topic_data(topic)),)
            for topic in decision.guidance_topics
        )
        text = t.gettext("What you can do now – choose a topic to read:")
        shown.append(message(t, text, rows, "guidance"))
    if decision.partners:
        # The partner whose link she came through, when it may receive this case.
        preferred = draft.referred_by if draft.referred_by in decision.partners else None
        draft.partner_id = preferred or decision.partners[0]
    return shown
