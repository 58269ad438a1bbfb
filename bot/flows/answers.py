"""What a press on each question does: check the option, record her answer, go on.

A handler never names the step that comes next: `advance` asks `steps.next_step`,
so the order of the questions lives in `steps.QUESTIONS` alone. The few moves
that are not "the next question" (back after /language, start again, the end
without a partner) say so by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.flows.actions import Action, AnswerCallback, DropEvidence, EditPressed, SubmitCase
from bot.flows.collect import PICTURE_KINDS
from bot.flows.commands import chat_menu
from bot.flows.context import FlowContext
from bot.flows.notices import exit_row, message
from bot.flows.prompts import Result, choice_rows, emergency, prompt, stale, translator
from bot.flows.results import show_results
from bot.flows.state import ConversationState, Draft
from bot.flows.steps import (
    AGE,
    CATEGORIES,
    COUNTRY,
    DONE_OPTION,
    IMAGES,
    OTHER_CATEGORY,
    REGION_STEPS,
    RELATIONSHIP,
    SAFETY,
    UNSURE_REGION,
    ChoiceStep,
    next_step,
)
from bot.i18n import LANGUAGES

Answer = Callable[[ConversationState, str, FlowContext], Result]


def advance(
    state: ConversationState, ctx: FlowContext, *, before: Sequence[Action] = (), note: str = ""
) -> Result:
    """On to the next question that applies to her, after anything `before` it."""
    state.step = next_step(state)
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
        fresh = ConversationState(language=state.language, step="language")
        actions: list[Action] = [AnswerCallback()]
        if dropped:
            actions.append(DropEvidence(dropped))
        actions.append(prompt(fresh, ctx))
        return fresh, actions
    return stale(state, ctx)


def country(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(COUNTRY, option):
        return stale(state, ctx)
    state.draft.country = option
    state.draft.region = None
    return advance(state, ctx)


def region(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    choice = REGION_STEPS.get(state.draft.country or "")
    if choice is None or not _valid(choice, option):
        return stale(state, ctx)
    state.draft.region = None if option == UNSURE_REGION else option
    return advance(state, ctx)


def safety(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(SAFETY, option):
        return stale(state, ctx)
    state.draft.safe_now = option
    danger = [emergency(state, ctx)] if option in ("no", "unsure") else []
    return advance(state, ctx, before=danger)


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
    rows = (*choice_rows(t, CATEGORIES, frozenset(state.draft.categories)), exit_row(t))
    return state, [AnswerCallback(), EditPressed(t.gettext(CATEGORIES.prompt), rows)]


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
    count = len(state.draft.parts) + len(state.draft.evidence)
    note = t.ngettext(
        "Thank you. Your report holds {count} message or file.",
        "Thank you. Your report holds {count} messages or files.",
        count,
    ).format(count=count)
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
    pictures = [item for item in state.draft.evidence if item.kind in PICTURE_KINDS]
    if option == "minor" and pictures:
        t = translator(state, ctx)
        state.draft.evidence = [i for i in state.draft.evidence if i not in pictures]
        before.append(DropEvidence(tuple(item.id for item in pictures)))
        if any(item.kind != "photo" for item in pictures):
            text = t.gettext(
                "For your safety, images and videos from people under 18 are never kept "
                "here, so I have deleted the pictures and videos you sent. Your words are "
                "enough."
            )
        else:
            text = t.gettext(
                "For your safety, images from people under 18 are never kept here, "
                "so I have deleted the pictures you sent. Your words are enough."
            )
        before.append(message(t, text))
    return advance(state, ctx, before=before)


def images(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    """The last question before the results: grade, route, show, then ask to send."""
    if not _valid(IMAGES, option):
        return stale(state, ctx)
    state.draft.images = option
    shown = show_results(state, ctx)
    if state.draft.partner_id is not None:
        return advance(state, ctx, before=shown)
    closed = ConversationState(language=state.language, step="closed")
    closed.draft.guidance_topics = state.draft.guidance_topics  # the topics stay readable
    text = translator(state, ctx).gettext(
        "No partner service can receive reports from here yet, so nothing has been "
        "sent and your report has been deleted. The services above can help you "
        "directly. To start again, send /start."
    )
    return _end_without_sending(state, closed, text, ctx, shown=shown)


def consent(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option == "yes" and state.draft.partner_id:
        return advance(state, ctx)
    if option == "no":
        closed = ConversationState(language=state.language, step="closed")
        closed.topics_read = state.topics_read
        text = translator(state, ctx).gettext(
            "Nothing has been sent, and your report has been deleted. The services "
            "above can still help you directly. To start again, send /start."
        )
        return _end_without_sending(state, closed, text, ctx)
    return stale(state, ctx)


def replies(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option not in ("yes", "no") or not state.draft.partner_id:
        return stale(state, ctx)
    allow = option == "yes"
    reference = ctx.new_reference()
    state.case_reference = reference
    state.replies_allowed = allow
    state.draft.allow_replies = allow
    submit = SubmitCase(
        reference=reference,
        partner_id=state.draft.partner_id,
        allow_replies=allow,
        draft=state.draft,
    )
    # Once sent, the content lives only in the case: the conversation keeps no copy.
    state.draft = Draft(
        country=state.draft.country,
        region=state.draft.region,
        guidance_topics=state.draft.guidance_topics,
        partner_id=state.draft.partner_id,
    )
    return advance(state, ctx, before=[submit])


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
