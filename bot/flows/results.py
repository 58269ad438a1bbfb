"""After the last question: grade her report, route it, and show what she can do now."""

from __future__ import annotations

import dataclasses

from bot.domain import (
    AgeGroup,
    Category,
    Country,
    Region,
    Relationship,
    RoutingDecision,
    RoutingInput,
    Severity,
)
from bot.domain.grading import StructuredAnswers, combine
from bot.flows import safety_plan
from bot.flows.actions import Action, Button, Send
from bot.flows.context import FlowContext
from bot.flows.danger import danger
from bot.flows.helper_words import helper_translator
from bot.flows.length import MESSAGE_LIMIT, pack, visible_length
from bot.flows.notices import message
from bot.flows.prompts import translator
from bot.flows.state import ConversationState, Draft
from bot.i18n import TranslatorLike

TOPIC_PREFIX = "g:"  # g:<topic id>, a guidance topic's button
MORE_PREFIX = "more:"  # more:<index of the first service not shown yet>
FIRST_SERVICES = 3  # the services that fit best, shown first; "more" shows the rest
_CATEGORY_IDS = {c.value for c in Category}


def _answers(draft: Draft) -> StructuredAnswers:
    categories = frozenset(Category(c) for c in draft.categories if c in _CATEGORY_IDS)
    return StructuredAnswers(
        in_danger=draft.danger_answered,
        unsure_if_safe=draft.unsure_if_safe,
        relationship=Relationship(draft.relationship) if draft.relationship else None,
        age=AgeGroup(draft.age) if draft.age else AgeGroup.UNKNOWN,
        images_shared_or_threatened=draft.images in ("shared", "threatened"),
        categories=categories,
    )


def routing_input(draft: Draft, severity: Severity) -> RoutingInput:
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
        in_danger=draft.danger_answered,
        for_someone_else=draft.for_someone_else,
    )


def public_role_matters(draft: Draft, ctx: FlowContext) -> bool:
    """Whether being an activist, journalist or human-rights defender would change what
    she is shown (services for civil society): the question is asked only then."""
    inp = routing_input(draft, Severity.NONE)
    without = ctx.routing.decide(inp)
    with_role = ctx.routing.decide(dataclasses.replace(inp, public_role=True))
    return [m.service.id for m in with_role.signposted] != [
        m.service.id for m in without.signposted
    ]


def _decide(draft: Draft, severity: Severity, ctx: FlowContext) -> RoutingDecision:
    inp = routing_input(draft, severity)
    if draft.public_role:
        inp = dataclasses.replace(inp, public_role=True)
    return ctx.routing.decide(inp)


def _topic_data(topic: str) -> str:
    """A topic's button; safety planning opens her interactive plan, step by step."""
    return safety_plan.START_DATA if topic == safety_plan.TOPIC_ID else TOPIC_PREFIX + topic


def show_results(state: ConversationState, ctx: FlowContext) -> list[Action]:
    """Grade and route her draft (recorded in it, with the partners who can receive it)
    and return what to show: emergency numbers first, the services that fit best with
    a "more" button for the rest, the guidance."""
    t = translator(state, ctx)
    draft = state.draft
    grade = combine(_answers(draft), [(Severity(p.severity), tuple(p.rules)) for p in draft.parts])
    draft.severity = grade.severity.value
    draft.severity_reasons = list(grade.reasons)
    inp = routing_input(draft, grade.severity)
    decision = _decide(draft, grade.severity, ctx)
    draft.guidance_topics = list(decision.guidance_topics)
    matches = (*decision.emergency, *decision.signposted)
    draft.services_shown = [m.service.id for m in matches]
    draft.service_reasons = [m.reason_id for m in matches]
    shown: list[Action] = []
    nowhere_listed = draft.country == Country.OTHER.value  # no numbers of hers in the directory
    in_danger = draft.danger_answered or grade.severity is Severity.CRITICAL
    if decision.emergency or (nowhere_listed and in_danger):
        shown.extend(danger(state, ctx))
    words = helper_translator(state, t)  # why each service fits, the topics: for a helper too
    if decision.signposted:
        heading = ctx.routing.services_heading(decision, words)
        start = len(decision.emergency)
        shown.append(services_page(state, ctx, start, heading=heading))
    if decision.guidance_topics:
        rows = tuple(
            (Button(ctx.routing.topic_title(topic, words), _topic_data(topic)),)
            for topic in decision.guidance_topics
        )
        if draft.for_someone_else:
            text = t.gettext(
                "What the person can do now – choose a topic to read, and share it with "
                "them if it helps:"
            )
        else:
            text = t.gettext("What you can do now – choose a topic to read:")
        shown.append(message(t, text, rows, "guidance"))
    if draft.for_someone_else:
        shown.append(message(t, how_you_can_help(t), (), "helper"))
    # The partner that fits her best receives it (a minor's case goes to the young
    # people's service where one is configured); she chooses only among equals.
    fits = {p: ctx.routing.partner_fit(p, inp) for p in decision.partners}
    best = max(fits.values(), default=())
    draft.partner_choices = [p for p in decision.partners if fits[p] == best]
    draft.partner_id = draft.partner_choices[0] if draft.partner_choices else None
    if draft.referred_by in draft.partner_choices:
        # She came through this partner's link and it fits her as well as any: the link
        # chose it, as it chose her country (a minor's case still goes where minors' go).
        draft.partner_choices = [draft.referred_by or ""]
        draft.partner_id = draft.referred_by
    return shown


def how_you_can_help(t: TranslatorLike) -> str:
    """What a friend, a parent or a teacher can do, beside what the person can do."""
    _ = t.gettext
    return "<b>{}</b>\n• {}\n• {}\n• {}\n• {}".format(
        _("How you can help"),
        _("Don't share the images or messages any further, not even to show what happened."),
        _(
            "Help the person keep evidence: screenshots with dates, links and usernames. "
            "Don't delete anything."
        ),
        _(
            "What happens next is the person's decision. The services will want to hear "
            "from them if possible: you can pass on the numbers above."
        ),
        _("Look after yourself too: many of the services above also talk with family and friends."),
    )


def _card(state: ConversationState, ctx: FlowContext, index: int, t: TranslatorLike) -> str:
    draft = state.draft
    service, reason = draft.services_shown[index], draft.service_reasons[index]
    card = ctx.routing.service_card(service, reason, t)
    if visible_length(card) > MESSAGE_LIMIT // 2:
        card = ctx.routing.service_card(service, reason, t, brief=True)
    return card


def services_page(
    state: ConversationState, ctx: FlowContext, start: int, *, heading: str = ""
) -> Send:
    """Services from `start` on, as many as fit one short message (the first page: the
    few that fit best), and a "more" button while any are left."""
    t = helper_translator(state, translator(state, ctx))
    total = len(state.draft.services_shown)
    wanted = FIRST_SERVICES if heading else total
    blocks = [heading] if heading else []
    index = start
    while index < total and index - start < wanted:
        candidate = _card(state, ctx, index, t)
        if index > start and not pack([*blocks, candidate]):
            break
        blocks.append(candidate)
        index += 1
    rows: tuple[tuple[Button, ...], ...] = ()
    left = total - index
    if left:
        label = t.ngettext("{count} more service", "{count} more services", left).format(count=left)
        rows = ((Button(label, "{}{}".format(MORE_PREFIX, index)),),)
    return message(t, "\n\n".join(blocks), rows, "services")
