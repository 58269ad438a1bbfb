"""What a press on each question does: check the option, record her answer, go on.

A handler never names the step that comes next: `advance` asks `steps.next_step`,
so the order of the questions lives in `steps.QUESTIONS` alone. `advance` also shows
the results when she moves past the last question before them, and sends her report
when she moves past the last question of all (only after her explicit yes). The few
moves that are not "the next question" (back after /language, start again, the end
without a partner) say so by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.flows.actions import (
    Action,
    AnswerCallback,
    ClearChat,
    DropEvidence,
    EditPressed,
    ForgetSurvivor,
    SubmitCase,
)
from bot.flows.collect import new_report, what_she_sent
from bot.flows.commands import chat_menu
from bot.flows.context import FlowContext
from bot.flows.danger import danger
from bot.flows.helper_words import helper_translator
from bot.flows.media import may_show_a_person
from bot.flows.notices import exit_row, message
from bot.flows.prompts import HOME_NEW_REPORT, Result, choice_rows, prompt, stale, translator
from bot.flows.results import public_role_matters, show_results
from bot.flows.state import ConversationState, Draft
from bot.flows.steps import (
    AGE,
    CATEGORIES,
    CONSENT,
    COUNTRY,
    DONE_OPTION,
    IMAGES,
    OTHER_CATEGORY,
    PERSON_SAFETY,
    PUBLIC_ROLE,
    REGION_STEPS,
    RELATIONSHIP,
    REPLIES,
    REPORTING_FOR_SELF,
    SAFETY,
    SOMEONE_ELSE,
    SUBMITTED,
    UNSURE_REGION,
    ChoiceStep,
    choice_for,
    comes_after_results,
    next_step,
    results_shown,
)
from bot.i18n import LANGUAGES

Answer = Callable[[ConversationState, str, FlowContext], Result]


def advance(
    state: ConversationState, ctx: FlowContext, *, before: Sequence[Action] = (), note: str = ""
) -> Result:
    """On to the next question that applies to her, after anything `before` it; the
    results on the way past the questions, her report sent past the last one."""
    following = next_step(state)
    if comes_after_results(following) and not results_shown(state):
        shown = show_results(state, ctx)
        if state.draft.partner_id is None:
            return _no_partner(state, ctx, [*before, *shown])
        before = [*before, *shown]
        following = next_step(state)
    if following == SUBMITTED:
        return _submit(state, ctx, before)
    state.step = following
    return state, [AnswerCallback(), *before, prompt(state, ctx, note=note)]


def back_to_where_she_was(state: ConversationState, ctx: FlowContext) -> Result:
    assert state.return_to is not None
    state.step, state.return_to = state.return_to, None
    return state, [AnswerCallback(), prompt(state, ctx)]


def _valid(choice: ChoiceStep, option: str) -> bool:
    return any(o.id == option for o in choice.options)


def language(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option not in LANGUAGES:
        return stale(state, ctx)
    menu = chat_menu(state.language, option, ctx.translator(option))
    state.language = option
    if state.return_to and state.return_to not in ("new", "language"):
        state, actions = back_to_where_she_was(state, ctx)
    else:
        state, actions = advance(state, ctx)
    if menu is not None:
        actions.insert(1, menu)  # after the press is answered, before her next question
    return state, actions


def resume(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option == "continue" and state.return_to:
        return back_to_where_she_was(state, ctx)
    if option == "restart":
        dropped = tuple(item.id for item in state.draft.evidence)
        fresh, started = new_report(state, ctx)
        actions: list[Action] = [AnswerCallback()]
        if dropped:
            actions.append(DropEvidence(dropped))
        return fresh, [*actions, *started]
    return stale(state, ctx)


def _place_known(state: ConversationState, ctx: FlowContext) -> None:
    """Whether any partner could receive a report from her place, before her story."""
    from bot.domain import Country, Region

    draft = state.draft
    country = Country(draft.country or Country.OTHER.value)
    region = Region(draft.region) if draft.region else None
    draft.partner_possible = bool(ctx.routing.partners_for_place(country, region))


def country(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(COUNTRY, option):
        return stale(state, ctx)
    state.draft.country = option
    state.draft.region = None
    _place_known(state, ctx)
    return advance(state, ctx)


def region(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    choice = REGION_STEPS.get(state.draft.country or "")
    if choice is None or not _valid(choice, option):
        return stale(state, ctx)
    state.draft.region = None if option == UNSURE_REGION else option
    _place_known(state, ctx)
    return advance(state, ctx)


def safety(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    """Her safety; or, the fourth answer, a helper reporting for someone else: the
    person's safety is asked next, and every later question is about "the person"."""
    if not _valid(SAFETY, option):
        return stale(state, ctx)
    if option == SOMEONE_ELSE:
        state.draft.reporter = SOMEONE_ELSE
        state.draft.safe_now = None
        return advance(state, ctx)
    state.draft.reporter = REPORTING_FOR_SELF
    state.draft.person_safe_now = None
    state.draft.safe_now = option
    first = danger(state, ctx) if option in ("no", "unsure") else []
    return advance(state, ctx, before=first)


def person_safety(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    """A helper's answer for the person: in danger or unsure, the emergency numbers first."""
    if not _valid(PERSON_SAFETY, option):
        return stale(state, ctx)
    state.draft.person_safe_now = option
    first = danger(state, ctx) if option in ("no", "unsure") else []
    return advance(state, ctx, before=first)


def categories(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option == DONE_OPTION:
        if not state.draft.categories:
            state.draft.categories.append(OTHER_CATEGORY)
        return advance(state, ctx)
    if not _valid(CATEGORIES, option):
        return stale(state, ctx)
    if option in state.draft.categories:
        state.draft.categories.remove(option)
    else:
        state.draft.categories.append(option)
    t = translator(state, ctx)
    asked = prompt(state, ctx)
    asking = choice_for(state, CATEGORIES.id)
    rows = (*choice_rows(t, asking, frozenset(state.draft.categories)), exit_row(t))
    return state, [AnswerCallback(), EditPressed(asked.text, rows)]


def narrative(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option != DONE_OPTION:
        return stale(state, ctx)
    t = translator(state, ctx)
    if not state.draft.parts and not state.draft.evidence:
        note = t.gettext(
            "You haven't written anything yet. A few words are enough, "
            "for example what was sent and when."
        )
        return state, [AnswerCallback(), prompt(state, ctx, note=note)]
    note = t.gettext("Thank you for telling me what happened. Your report holds {what}.").format(
        what=what_she_sent(t, state.draft)
    )
    return advance(state, ctx, note=note)


def relationship(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(RELATIONSHIP, option):
        return stale(state, ctx)
    state.draft.relationship = option
    return advance(state, ctx)


def age(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(AGE, option):
        return stale(state, ctx)
    state.draft.age = option
    before: list[Action] = []
    visual = [
        item
        for item in state.draft.evidence
        if may_show_a_person(item.kind, item.name, item.mime_type)
    ]
    if option == "minor" and visual:
        t = translator(state, ctx)
        gone = {item.id for item in visual}
        state.draft.evidence = [i for i in state.draft.evidence if i.id not in gone]
        before.append(DropEvidence(tuple(item.id for item in visual)))
        if state.draft.for_someone_else:
            text = t.ngettext(
                "For the person's safety, pictures, videos and files that could hold pictures "
                "are never kept here for people under 18, so I have deleted {count} file you "
                "sent. Your words are enough.",
                "For the person's safety, pictures, videos and files that could hold pictures "
                "are never kept here for people under 18, so I have deleted {count} files you "
                "sent. Your words are enough.",
                len(visual),
            )
        else:
            text = t.ngettext(
                "For your safety, pictures, videos and files that could hold pictures are never "
                "kept here for people under 18, so I have deleted {count} file you sent. "
                "Your words are enough.",
                "For your safety, pictures, videos and files that could hold pictures are never "
                "kept here for people under 18, so I have deleted {count} files you sent. "
                "Your words are enough.",
                len(visual),
            )
        text = text.format(count=len(visual))
        before.append(message(t, text, step="deleted"))
    return advance(state, ctx, before=before)


def images(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(IMAGES, option):
        return stale(state, ctx)
    state.draft.images = option
    state.draft.public_role_matters = public_role_matters(state.draft, ctx)
    return advance(state, ctx)


def public_role(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(PUBLIC_ROLE, option):
        return stale(state, ctx)
    state.draft.public_role = option == "yes"
    return advance(state, ctx)


def partner(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option not in state.draft.partner_choices:
        return stale(state, ctx)
    state.draft.partner_id = option
    return advance(state, ctx)


def consent(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option in ("yes", "quiet") and state.draft.partner_id:
        state.draft.allow_replies = option == "yes"
        return advance(state, ctx)
    if option == "no" and _valid(CONSENT, option):
        closed = ConversationState(language=state.language, step="closed")
        _keep_relay(state, closed)
        closed.topics_read = state.topics_read
        closed.draft.guidance_topics = state.draft.guidance_topics
        closed.draft.reporter = state.draft.reporter  # a helper still reads a helper's words
        words = helper_translator(state, translator(state, ctx))  # for a helper, hers
        text = words.gettext(
            "Nothing has been sent, and your report has been deleted. The services "
            "above can still help you directly. To start again, send /start."
        )
        return _end_without_sending(state, closed, text, ctx)
    return stale(state, ctx)


def replies(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    """Whether messages on this phone are safe for her; either way her report is sent."""
    if not _valid(REPLIES, option) or not state.draft.partner_id:
        return stale(state, ctx)
    state.draft.allow_replies = option == "yes"
    return advance(state, ctx)


def home(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if "home:" + option != HOME_NEW_REPORT:
        return stale(state, ctx)
    fresh, started = new_report(state, ctx)
    return fresh, [AnswerCallback(), *started]


def forget(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    """/forget would withdraw a report she sent: her one confirmation."""
    if option == "yes":
        return forget_everything(state, ctx, pressed=True)
    if option == "no" and state.return_to:
        return back_to_where_she_was(state, ctx)
    return stale(state, ctx)


def forget_everything(state: ConversationState, ctx: FlowContext, *, pressed: bool) -> Result:
    t = translator(state, ctx)
    goodbye = message(
        t, t.gettext("Everything you shared here has been deleted. Take care."), exit_button=False
    )
    actions: list[Action] = [AnswerCallback()] if pressed else []
    return ConversationState(language=state.language), [
        *actions,
        ForgetSurvivor(),
        ClearChat(),
        goodbye,
    ]


def _keep_relay(source: ConversationState, target: ConversationState) -> None:
    kept = source.kept_on_exit()
    target.case_reference = kept.case_reference
    target.replies_allowed = kept.replies_allowed
    target.case_minor = kept.case_minor
    target.messages_paused = kept.messages_paused


def _submit(state: ConversationState, ctx: FlowContext, before: Sequence[Action]) -> Result:
    """Her explicit yes was given: send the draft; the conversation keeps no copy of it."""
    draft = state.draft
    assert draft.partner_id is not None and draft.allow_replies is not None
    reference = ctx.new_reference()
    allow = draft.allow_replies
    submit = SubmitCase(
        reference=reference, partner_id=draft.partner_id, allow_replies=allow, draft=draft
    )
    state.case_reference = reference
    state.replies_allowed = allow
    state.case_minor = draft.age == "minor"
    state.answer_to = None
    state.answering = False
    state.draft = Draft(
        country=draft.country,
        region=draft.region,
        reporter=draft.reporter,  # the topics, the plan: still in a helper's words
        guidance_topics=draft.guidance_topics,
        partner_id=draft.partner_id,
        services_shown=draft.services_shown,
        service_reasons=draft.service_reasons,
        severity=draft.severity,
    )
    state.step = SUBMITTED
    return state, [AnswerCallback(), *before, submit, prompt(state, ctx)]


def _no_partner(state: ConversationState, ctx: FlowContext, shown: Sequence[Action]) -> Result:
    closed = ConversationState(language=state.language, step="closed")
    _keep_relay(state, closed)
    closed.draft.guidance_topics = state.draft.guidance_topics  # the topics stay readable
    closed.draft.reporter = state.draft.reporter  # in a helper's words for a helper
    closed.draft.services_shown = state.draft.services_shown  # and "more" still works
    closed.draft.service_reasons = state.draft.service_reasons
    t = translator(state, ctx)
    if state.draft.services_shown:
        text = helper_translator(state, t).gettext(
            "No partner service can receive reports from here yet, so nothing has been "
            "sent and your report has been deleted. The services above can help you "
            "directly. To start again, send /start."
        )
    else:  # none fit what happened to her there: no "services above" to point to
        text = t.gettext(
            "No partner service can receive reports from here yet, so nothing has been "
            "sent and your report has been deleted. To start again, send /start."
        )
    return _end_without_sending(state, closed, text, ctx, shown=shown)


def _end_without_sending(
    state: ConversationState,
    closed: ConversationState,
    text: str,
    ctx: FlowContext,
    *,
    shown: Sequence[Action] = (),
) -> Result:
    """Nothing is sent: her report and its files are deleted; the services stay on screen."""
    dropped = tuple(item.id for item in state.draft.evidence)
    actions: list[Action] = [AnswerCallback(), *shown]
    if dropped:
        actions.append(DropEvidence(dropped))
    actions.append(message(translator(closed, ctx), text, (), "closed"))
    return closed, actions
