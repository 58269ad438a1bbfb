"""The survivor's report conversation, on one screen.

`step(state, event, ctx)` never mutates its input; it returns a new state and the
actions to carry out. Where things are:

- the order of the questions, and which she is asked: `steps.QUESTIONS`, `next_step`;
- what each question asks: `prompts.PROMPTS` (and the `ChoiceStep`s in `steps.py`);
- what a press on each question does: `ANSWERS` below (handlers in `answers.py`);
- commands, and buttons valid at any step (Exit, guidance, transfers): below;
- texts and files she sends: `collect.py`; messages outside the questions: `notices.py`.

Every bot message carries an Exit button.
"""

from __future__ import annotations

import copy

from bot.flows import answers, entry, evidence_pack, privacy, safety_plan
from bot.flows.actions import (
    AnswerCallback,
    AnswerTransfer,
    ClearChat,
    ForgetSurvivor,
    QueryStatus,
)
from bot.flows.collect import on_file, on_text, on_unsupported
from bot.flows.commands import EXIT_COMMANDS, FORGET_COMMANDS
from bot.flows.context import FlowContext
from bot.flows.events import Command, FileReceived, Inbound, Press, Text
from bot.flows.notices import EXIT_DATA, PACK_DATA, TRANSFER_PREFIX, message
from bot.flows.prompts import Result, prompt, stale, translator
from bot.flows.results import TOPIC_PREFIX
from bot.flows.state import ConversationState

# A press on a question's button, by the question's id (the first part of its data).
ANSWERS: dict[str, answers.Answer] = {
    "language": answers.language,
    "resume": answers.resume,
    "country": answers.country,
    "region": answers.region,
    "safety": answers.safety,
    "categories": answers.categories,
    "narrative": answers.narrative,
    "relationship": answers.relationship,
    "age": answers.age,
    "images": answers.images,
    "consent": answers.consent,
    "replies": answers.replies,
}
# Guidance topics stay readable once the results were shown.
_TOPICS_KNOWN_FROM = ("consent", "replies", "done", "closed")


def step(state: ConversationState, event: Inbound, ctx: FlowContext) -> Result:
    """Advance the conversation by one inbound event."""
    state = copy.deepcopy(state)
    if isinstance(event, Command):
        return _on_command(state, event, ctx)
    if isinstance(event, Press):
        return _on_press(state, event, ctx)
    if isinstance(event, Text):
        return on_text(state, event, ctx)
    if isinstance(event, FileReceived):
        return on_file(state, event, ctx)
    return on_unsupported(state, event, ctx)


# --- commands ----------------------------------------------------------------


def _on_command(state: ConversationState, event: Command, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    _ = t.gettext
    name = event.name
    if name in EXIT_COMMANDS:
        return ConversationState(language=state.language), [ClearChat()]
    if name in FORGET_COMMANDS:
        return ConversationState(language=state.language), [
            ForgetSurvivor(),
            ClearChat(),
            message(
                t,
                _("Everything you shared here has been deleted. Take care."),
                exit_button=False,
            ),
        ]
    if name == "start":
        if _has_draft(state):
            state.return_to = state.step
            state.step = "resume"
            return state, [prompt(state, ctx)]
        fresh = ConversationState(language=state.language, step="language")
        if event.entry is not None:
            return entry.welcome(fresh, event.entry, ctx)
        if event.link_refused:
            return entry.refused(fresh, ctx)
        return fresh, [prompt(fresh, ctx)]
    if name == "language":
        if state.step not in ("language", "new"):
            state.return_to = state.step
        state.step = "language"
        return state, [prompt(state, ctx)]
    if name == "help":
        return state, [prompt(state, ctx, note=_help_text(ctx, state))]
    if name == privacy.COMMAND:
        return privacy.show(state, ctx)
    if name == safety_plan.COMMAND:
        return safety_plan.start(state, ctx)
    if name == evidence_pack.COMMAND:
        return evidence_pack.on_request(state, ctx)
    if name == "status":
        reference = event.args.strip()
        if not reference:
            text = _("Send /status followed by your reference code, like /status K7QM-4TZD.")
            return state, [message(t, text)]
        return state, [QueryStatus(reference)]
    note = _("I don't know that command. /help shows what I can do.")
    return state, [prompt(state, ctx, note=note)]


def _help_text(ctx: FlowContext, state: ConversationState) -> str:
    return translator(state, ctx).gettext(
        "I help you report online abuse anonymously and find support.\n"
        "/start – begin or continue a report\n"
        "/language – change the language\n"
        "/status CODE – see what happened to your report\n"
        "/copy – a PDF copy of your report, to keep\n"
        "/plan – a safety plan, step by step\n"
        "/privacy – what is kept, and who can read it\n"
        "/exit – leave now and delete this chat\n"
        "/forget – delete everything you shared here"
    )


def _has_draft(state: ConversationState) -> bool:
    return state.step not in ("new", "language", "done", "closed") or bool(state.draft.parts)


# --- button presses ----------------------------------------------------------


def _on_press(state: ConversationState, event: Press, ctx: FlowContext) -> Result:
    data = event.data
    if data == EXIT_DATA:
        return ConversationState(language=state.language), [AnswerCallback(), ClearChat()]
    if data == PACK_DATA:
        return evidence_pack.on_request(state, ctx, pressed=True)
    if data == privacy.DATA or data == privacy.HIDE_DATA:
        return privacy.on_press(state, data, ctx)
    if data.startswith(safety_plan.PREFIX):
        return safety_plan.on_press(state, data, ctx)
    if data.startswith(TOPIC_PREFIX):
        return _show_topic(state, data[len(TOPIC_PREFIX) :], ctx)
    if data.startswith(TRANSFER_PREFIX):
        return _answer_transfer(state, data[len(TRANSFER_PREFIX) :], ctx)
    step_id, _sep, option = data.partition(":")
    if step_id != state.step or not option:
        # An old message, a double press or tampered data: answer, show where we are.
        t = translator(state, ctx)
        return state, [
            AnswerCallback(t.gettext("That question is already answered.")),
            prompt(state, ctx),
        ]
    answer = ANSWERS.get(step_id)
    if answer is None:
        return state, [AnswerCallback(), prompt(state, ctx)]
    return answer(state, option, ctx)


def _answer_transfer(state: ConversationState, payload: str, ctx: FlowContext) -> Result:
    """Her yes or no to a transfer a caseworker proposed; valid at any step."""
    request_id, _sep, answer = payload.partition(":")
    if answer not in ("yes", "no") or len(request_id) != 32 or not request_id.isalnum():
        return stale(state, ctx)
    return state, [AnswerCallback(), AnswerTransfer(request_id, answer == "yes")]


def _show_topic(state: ConversationState, topic: str, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    if topic not in state.draft.guidance_topics and topic not in state.topics_read:
        if state.step not in _TOPICS_KNOWN_FROM:
            return stale(state, ctx)
    if topic not in state.topics_read:
        state.topics_read.append(topic)
    try:
        text = ctx.routing.topic_message(topic, t)
    except KeyError:
        return stale(state, ctx)
    return state, [AnswerCallback(), message(t, text, (), "topic")]
