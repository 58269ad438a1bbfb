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
    DropEvidence,
    KeepMessage,
    PauseMessages,
    QueryStatus,
    RevealMessage,
    ShowWaiting,
    StopMessages,
)
from bot.flows.collect import new_report, on_file, on_text, on_unsupported
from bot.flows.commands import EXIT_COMMANDS, FORGET_COMMANDS, MESSAGES_COMMANDS
from bot.flows.context import FlowContext
from bot.flows.events import Command, FileReceived, Inbound, Press, Text
from bot.flows.helper_words import framing_for_helper
from bot.flows.length import split
from bot.flows.notices import (
    ANSWER_PREFIX,
    EXIT_DATA,
    KEEP_PREFIX,
    MESSAGES_PREFIX,
    PACK_DATA,
    SHOW_PREFIX,
    TRANSFER_PREFIX,
    kept,
    message,
    messages_settings,
    stop_question,
    stopped,
)
from bot.flows.prompts import (
    HOME_NEW_REPORT,
    LANGUAGE_DATA,
    Result,
    asked,
    prompt,
    stale,
    translator,
)
from bot.flows.results import MORE_PREFIX, TOPIC_PREFIX, services_page
from bot.flows.state import ConversationState
from bot.flows.steps import AT_REST, progress

# A press on a question's button, by the question's id (the first part of its data).
ANSWERS: dict[str, answers.Answer] = {
    "language": answers.language,
    "resume": answers.resume,
    "country": answers.country,
    "region": answers.region,
    "safety": answers.safety,
    "person_safety": answers.person_safety,
    "categories": answers.categories,
    "narrative": answers.narrative,
    "relationship": answers.relationship,
    "age": answers.age,
    "images": answers.images,
    "public_role": answers.public_role,
    "partner": answers.partner,
    "consent": answers.consent,
    "replies": answers.replies,
    "home": answers.home,
    "forget": answers.forget,
}
# Guidance topics and the services stay readable once the results were shown.
_TOPICS_KNOWN_FROM = ("partner", "consent", "replies", "done", "home", "closed")
_REFERENCE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


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


def quick_exit(state: ConversationState) -> list:  # type: ignore[type-arg]
    """Exit: the chat and the draft go, files not yet in a case with them; her case
    relay stays (a caseworker's message still reaches her, her answer still goes)."""
    dropped = tuple(item.id for item in state.draft.evidence)
    return [DropEvidence(dropped)] if dropped else []


def _on_command(state: ConversationState, event: Command, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    _ = t.gettext
    name = event.name
    state.answering = False
    if name in EXIT_COMMANDS:
        return state.kept_on_exit(), [*quick_exit(state), ClearChat()]
    if name in FORGET_COMMANDS:
        if state.case_reference and state.step != "forget":
            # It would withdraw a report she sent: one confirmation (Exit stays instant).
            state.return_to = state.step
            state.step = "forget"
            return state, [prompt(state, ctx)]
        return answers.forget_everything(state, ctx, pressed=False)
    if name == "start":
        if _has_draft(state):
            state.return_to = state.step
            state.step = "resume"
            return state, [prompt(state, ctx)]
        if event.entry is not None:
            return entry.welcomed(state, event.entry, ctx)
        if event.link_refused:
            return entry.refused(state, ctx)
        if state.case_reference:
            home = state.kept_on_exit()
            return home, [prompt(home, ctx), ShowWaiting()]
        return new_report(state, ctx)
    if name == "language":
        if state.step not in ("language", "new"):
            state.return_to = state.step
        state.step = "language"
        return state, [prompt(state, ctx)]
    if name == "help":
        return state, [*asked(state, ctx, _help_text(ctx, state))]
    if name in MESSAGES_COMMANDS:
        replies = bool(state.case_reference and state.replies_allowed)
        settings = messages_settings(t, paused=state.messages_paused, replies=replies)
        return state, [settings, *([ShowWaiting()] if replies else [])]
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
    return state, [*asked(state, ctx, _("I don't know that command. /help shows what I can do."))]


def _help_text(ctx: FlowContext, state: ConversationState) -> str:
    return translator(state, ctx).gettext(
        "I help you report online abuse anonymously and find support.\n"
        "/start – begin or continue a report\n"
        "/language – change the language\n"
        "/status CODE – see what happened to your report\n"
        "/messages – pause or stop messages from the service\n"
        "/copy – a PDF copy of your report, to keep\n"
        "/plan – a safety plan, step by step\n"
        "/privacy – what is kept, and who can read it\n"
        "/exit – leave now and delete this chat\n"
        "/forget – delete everything you shared here"
    )


def _has_draft(state: ConversationState) -> bool:
    """Something of hers to resume: at her first question (the country, or the safety
    question after a partner's link chose it) she has answered nothing yet, so /start
    or another link starts afresh."""
    if state.draft.parts:
        return True
    if state.step in ("new", "language", *AT_REST):
        return False
    where = progress(state)
    return where is None or where[0] > 1


# --- button presses ----------------------------------------------------------


def _on_press(state: ConversationState, event: Press, ctx: FlowContext) -> Result:
    data = event.data
    if data == EXIT_DATA:
        return state.kept_on_exit(), [AnswerCallback(), *quick_exit(state), ClearChat()]
    if data == LANGUAGE_DATA:
        if state.step not in ("language", "new"):
            state.return_to = state.step
        state.step = "language"
        return state, [AnswerCallback(), prompt(state, ctx)]
    if data == PACK_DATA:
        return evidence_pack.on_request(state, ctx, pressed=True)
    if data == privacy.DATA or data == privacy.HIDE_DATA:
        return privacy.on_press(state, data, ctx)
    if data.startswith(safety_plan.PREFIX):
        return safety_plan.on_press(state, data, ctx)
    if data.startswith(TOPIC_PREFIX):
        return _show_topic(state, data[len(TOPIC_PREFIX) :], ctx)
    if data.startswith(MORE_PREFIX):
        return _more_services(state, data[len(MORE_PREFIX) :], ctx)
    if data.startswith(TRANSFER_PREFIX):
        return _answer_transfer(state, data[len(TRANSFER_PREFIX) :], ctx)
    if data.startswith(SHOW_PREFIX):
        return _reveal(state, data[len(SHOW_PREFIX) :], ctx)
    if data.startswith(MESSAGES_PREFIX):
        return _messages(state, data[len(MESSAGES_PREFIX) :], ctx)
    if data.startswith(ANSWER_PREFIX):
        return _answer(state, data[len(ANSWER_PREFIX) :], ctx)
    if data.startswith(KEEP_PREFIX):
        return _keep(state, data[len(KEEP_PREFIX) :], ctx)
    if data == HOME_NEW_REPORT and state.step in AT_REST:
        fresh, started = new_report(state, ctx)  # valid on any screen after a report
        return fresh, [AnswerCallback(), *started]
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
    state.answering = False
    return answer(state, option, ctx)


def _answer_transfer(state: ConversationState, payload: str, ctx: FlowContext) -> Result:
    """Her yes or no to a transfer a caseworker proposed; valid at any step."""
    request_id, _sep, answer = payload.partition(":")
    if answer not in ("yes", "no") or not _is_hex_id(request_id):
        return stale(state, ctx)
    return state, [AnswerCallback(), AnswerTransfer(request_id, answer == "yes")]


def _is_hex_id(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def _is_reference(value: str) -> bool:
    return 0 < len(value) <= 16 and set(value) <= _REFERENCE_CHARS


def _reveal(state: ConversationState, payload: str, ctx: FlowContext) -> Result:
    """She opens a neutral notice: the service's message replaces it (the service
    checks that it is hers); her texts now answer that case."""
    kind, _sep, rest = payload.partition(":")
    item_id, _sep, reference = rest.partition(":")
    if kind not in ("r", "t") or not _is_hex_id(item_id):
        return stale(state, ctx)
    if kind == "r":
        if not _is_reference(reference):
            return stale(state, ctx)
        state.answer_to = reference
    return state, [AnswerCallback(), RevealMessage("reply" if kind == "r" else "transfer", item_id)]


def _keep(state: ConversationState, item_id: str, ctx: FlowContext) -> Result:
    """Keep under a service's message: the quiet-period sweep leaves it; valid at any step."""
    if not _is_hex_id(item_id):
        return stale(state, ctx)
    return state, [AnswerCallback(kept(translator(state, ctx))), KeepMessage(item_id)]


def _answer(state: ConversationState, reference: str, ctx: FlowContext) -> Result:
    """Answer under a service's message while she writes a new report: her next text
    goes to that case, then she is back at her question."""
    if not _is_reference(reference) or not (state.case_reference and state.replies_allowed):
        return stale(state, ctx)
    t = translator(state, ctx)
    state.answer_to = reference
    state.answering = True
    text = t.gettext("Write your answer now. It goes only to the service that has your report.")
    return state, [AnswerCallback(), message(t, text, (), "answer")]


def _messages(state: ConversationState, what: str, ctx: FlowContext) -> Result:
    """Pause, resume or stop the service's messages: a button under each, and /messages."""
    t = translator(state, ctx)
    replies = bool(state.case_reference and state.replies_allowed)
    if what in ("pause", "resume") and replies:
        state.messages_paused = what == "pause"
        settings = messages_settings(t, paused=state.messages_paused, replies=True)
        after = [ShowWaiting()] if what == "resume" else []
        return state, [AnswerCallback(), PauseMessages(state.messages_paused), settings, *after]
    if what == "stop" and replies:
        return state, [AnswerCallback(), stop_question(t)]
    if what == "stop_yes" and replies:
        state.replies_allowed = False
        state.messages_paused = False
        state.answer_to = None
        return state, [
            AnswerCallback(),
            StopMessages(),
            stopped(t, reference=state.case_reference or ""),
        ]
    if what == "keep":
        settings = messages_settings(t, paused=state.messages_paused, replies=replies)
        return state, [AnswerCallback(), settings]
    return stale(state, ctx)


def _more_services(state: ConversationState, payload: str, ctx: FlowContext) -> Result:
    if not payload.isdigit() or not 0 < int(payload) < len(state.draft.services_shown):
        return stale(state, ctx)
    return state, [AnswerCallback(), services_page(state, ctx, int(payload))]


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
    pages = [message(t, page, (), "topic") for page in split(text)]
    return state, [AnswerCallback(), *framing_for_helper(state, t), *pages]
