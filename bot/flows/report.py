"""The survivor's report flow: one pure function per kind of inbound event.

`step(state, event, ctx)` never mutates its input; it returns a new state and
the actions to carry out. Every bot message carries an Exit button.
"""

from __future__ import annotations

import copy
import hashlib

from bot.domain import (
    AgeGroup,
    Category,
    Country,
    Region,
    Relationship,
    RoutingInput,
    Severity,
)
from bot.domain.grading import StructuredAnswers, combine
from bot.flows.actions import (
    Action,
    AnswerCallback,
    AnswerTransfer,
    Button,
    ClearChat,
    DropEvidence,
    EditPressed,
    ForgetSurvivor,
    Keyboard,
    QueryStatus,
    ReplyToCase,
    Send,
    StoreEvidence,
    SubmitCase,
)
from bot.flows.context import FlowContext, TranslatorLike
from bot.flows.events import Command, FileReceived, Inbound, Press, Text, Unsupported
from bot.flows.state import ConversationState, Draft, EvidenceItem, NarrativePart
from bot.flows.steps import (
    AGE,
    CATEGORIES,
    CHOICE_STEPS,
    COLLECTING_STEPS,
    CONSENT,
    COUNTRY,
    DONE_OPTION,
    EXIT_DATA,
    IMAGES,
    OTHER_CATEGORY,
    REGION_STEPS,
    RELATIONSHIP,
    REPLIES,
    SAFETY,
    ChoiceStep,
)
from bot.i18n import LANGUAGES

Result = tuple[ConversationState, list[Action]]
TOPIC_PREFIX = "g:"
TRANSFER_PREFIX = "transfer:"


def step(state: ConversationState, event: Inbound, ctx: FlowContext) -> Result:
    """Advance the conversation by one inbound event."""
    state = copy.deepcopy(state)
    if isinstance(event, Command):
        return _on_command(state, event, ctx)
    if isinstance(event, Press):
        return _on_press(state, event, ctx)
    if isinstance(event, Text):
        return _on_text(state, event, ctx)
    if isinstance(event, FileReceived):
        return _on_file(state, event, ctx)
    return _on_unsupported(state, event, ctx)


# --- rendering helpers -------------------------------------------------------


def _t(state: ConversationState, ctx: FlowContext) -> TranslatorLike:
    return ctx.translator(state.language)


def _exit_row(t: TranslatorLike) -> tuple[Button, ...]:
    return (Button(t.gettext("Exit"), EXIT_DATA),)


def _send(
    t: TranslatorLike, text: str, rows: Keyboard = (), step_id: str = "", exit_button: bool = True
) -> Send:
    buttons = (*rows, _exit_row(t)) if exit_button else rows
    return Send(text=text, buttons=buttons, step=step_id)


def _choice_rows(
    t: TranslatorLike, choice: ChoiceStep, selected: frozenset[str] = frozenset()
) -> Keyboard:
    buttons = []
    for option in choice.options:
        label = t.gettext(option.label)
        if option.id in selected:
            label = "✓ " + label
        buttons.append(Button(label, f"{choice.id}:{option.id}"))
    rows = [tuple(buttons[i : i + choice.columns]) for i in range(0, len(buttons), choice.columns)]
    if choice.multi:
        rows.append((Button(t.gettext("Done"), f"{choice.id}:{DONE_OPTION}"),))
    return tuple(rows)


def _language_prompt(state: ConversationState, ctx: FlowContext) -> Send:
    t = _t(state, ctx)
    _ = t.gettext
    text = _(
        "Welcome. This is a safe place to report online abuse. You don't need to give "
        "your name, and it is free.\n\nYou can leave at any time: press Exit and this "
        "chat is deleted.\n\nChoose your language:"
    )
    buttons = []
    for code, language in LANGUAGES.items():
        label = ("✓ " if code == state.language else "") + language.native_name
        buttons.append(Button(label, f"language:{code}"))
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return _send(t, text, rows, "language")


def _prompt(state: ConversationState, ctx: FlowContext, note: str = "") -> Send:
    """The message that asks the current step's question (with an optional note first)."""
    t = _t(state, ctx)
    _ = t.gettext
    prefix = note + "\n\n" if note else ""
    current = state.step
    if current in ("new", "language"):
        send = _language_prompt(state, ctx)
        return Send(prefix + send.text, send.buttons, send.step)
    if current == "region" and state.draft.country in REGION_STEPS:
        choice = REGION_STEPS[state.draft.country]
        return _send(t, prefix + _(choice.prompt), _choice_rows(t, choice), "region")
    if current == "categories":
        selected = frozenset(state.draft.categories)
        return _send(
            t, prefix + _(CATEGORIES.prompt), _choice_rows(t, CATEGORIES, selected), "categories"
        )
    if current == "narrative":
        return _send(t, prefix + _narrative_prompt(state, t), _done_row(t), "narrative")
    if current == "consent":
        return _send(t, prefix + _consent_text(state, ctx), _choice_rows(t, CONSENT), "consent")
    if current == "replies":
        return _send(t, prefix + _replies_text(state, ctx), _choice_rows(t, REPLIES), "replies")
    if current == "done":
        return _send(t, prefix + _done_text(state, t), (), "done")
    if current == "closed":
        return _send(
            t,
            prefix + _("Nothing more is needed here. To make a new report, send /start."),
            (),
            "closed",
        )
    listed = CHOICE_STEPS.get(current)
    if listed is not None:
        return _send(t, prefix + _(listed.prompt), _choice_rows(t, listed), current)
    return _send(t, prefix + _("Send /start to begin."), (), current)


def _done_row(t: TranslatorLike) -> Keyboard:
    return ((Button(t.gettext("Done, continue"), "narrative:done"),),)


def _narrative_prompt(state: ConversationState, t: TranslatorLike) -> str:
    _ = t.gettext
    text = _(
        "In your own words, what happened? Write as much or as little as you want, in "
        "several messages if you like. You can also forward messages, and send screenshots, "
        "documents or links as evidence.\n\nWhen you have finished, press Done."
    )
    if Category.IMAGE_ABUSE.value in state.draft.categories or (
        Category.SEXTORTION.value in state.draft.categories
    ):
        text += "\n\n" + _("Please don't send intimate images. Describing them in words is enough.")
    return text


# --- commands ----------------------------------------------------------------


def _on_command(state: ConversationState, event: Command, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    _ = t.gettext
    name = event.name
    if name in ("exit", "quit", "stop"):
        return ConversationState(language=state.language), [ClearChat()]
    if name in ("forget", "delete"):
        return ConversationState(language=state.language), [
            ForgetSurvivor(),
            ClearChat(),
            _send(
                t,
                _("Everything you shared here has been deleted. Take care."),
                exit_button=False,
            ),
        ]
    if name == "start":
        if _has_draft(state):
            state.return_to = state.step
            state.step = "resume"
            return state, [_prompt(state, ctx)]
        fresh = ConversationState(language=state.language, step="language")
        return fresh, [_language_prompt(fresh, ctx)]
    if name == "language":
        if state.step not in ("language", "new"):
            state.return_to = state.step
        state.step = "language"
        return state, [_language_prompt(state, ctx)]
    if name == "help":
        return state, [_prompt(state, ctx, note=_help_text(t))]
    if name == "status":
        reference = event.args.strip()
        if not reference:
            return state, [
                _send(t, _("Send /status followed by your reference code, like /status K7QM-4TZD."))
            ]
        return state, [QueryStatus(reference)]
    note = _("I don't know that command. /help shows what I can do.")
    return state, [_prompt(state, ctx, note=note)]


def _help_text(t: TranslatorLike) -> str:
    _ = t.gettext
    return _(
        "I help you report online abuse anonymously and find support.\n"
        "/start – begin or continue a report\n"
        "/language – change the language\n"
        "/status CODE – see what happened to your report\n"
        "/exit – leave now and delete this chat\n"
        "/forget – delete everything you shared here"
    )


def _has_draft(state: ConversationState) -> bool:
    return state.step not in ("new", "language", "done", "closed") or bool(state.draft.parts)


# --- button presses ----------------------------------------------------------


def _on_press(state: ConversationState, event: Press, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    _ = t.gettext
    data = event.data
    if data == EXIT_DATA:
        return ConversationState(language=state.language), [AnswerCallback(), ClearChat()]
    if data.startswith(TOPIC_PREFIX):
        return _show_topic(state, data[len(TOPIC_PREFIX) :], ctx)
    if data.startswith(TRANSFER_PREFIX):
        return _press_transfer(state, data[len(TRANSFER_PREFIX) :], ctx)
    step_id, _sep, option = data.partition(":")
    current = "region" if state.step == "region" else state.step
    if step_id != current or not option:
        # An old message, a double press or tampered data: answer, show where we are.
        return state, [
            AnswerCallback(_("That question is already answered.")),
            _prompt(state, ctx),
        ]
    handler = _PRESS_HANDLERS.get(step_id)
    if handler is None:
        return state, [AnswerCallback(), _prompt(state, ctx)]
    return handler(state, option, ctx)


def _press_transfer(state: ConversationState, payload: str, ctx: FlowContext) -> Result:
    """Her yes or no to a transfer a caseworker proposed; valid at any step."""
    request_id, _sep, answer = payload.partition(":")
    if answer not in ("yes", "no") or len(request_id) != 32 or not request_id.isalnum():
        return _stale(state, ctx)
    return state, [AnswerCallback(), AnswerTransfer(request_id, answer == "yes")]


def _valid(choice: ChoiceStep, option: str) -> bool:
    return any(o.id == option for o in choice.options)


def _stale(state: ConversationState, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    return state, [AnswerCallback(t.gettext("That button no longer works.")), _prompt(state, ctx)]


def _press_language(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option not in LANGUAGES:
        return _stale(state, ctx)
    state.language = option
    if state.return_to and state.return_to not in ("new", "language"):
        state.step, state.return_to = state.return_to, None
    else:
        state.step = "country"
    return state, [AnswerCallback(), _prompt(state, ctx)]


def _press_resume(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option == "continue" and state.return_to:
        state.step, state.return_to = state.return_to, None
        return state, [AnswerCallback(), _prompt(state, ctx)]
    if option == "restart":
        dropped = tuple(item.id for item in state.draft.evidence)
        fresh = ConversationState(language=state.language, step="language")
        actions: list[Action] = [AnswerCallback()]
        if dropped:
            actions.append(DropEvidence(dropped))
        actions.append(_language_prompt(fresh, ctx))
        return fresh, actions
    return _stale(state, ctx)


def _press_country(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(COUNTRY, option):
        return _stale(state, ctx)
    state.draft.country = option
    state.draft.region = None
    state.step = "region" if option in REGION_STEPS else "safety"
    return state, [AnswerCallback(), _prompt(state, ctx)]


def _press_region(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    choice = REGION_STEPS.get(state.draft.country or "")
    if choice is None or not _valid(choice, option):
        return _stale(state, ctx)
    state.draft.region = None if option == "unsure" else option
    state.step = "safety"
    return state, [AnswerCallback(), _prompt(state, ctx)]


def _press_safety(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(SAFETY, option):
        return _stale(state, ctx)
    state.draft.safe_now = option
    state.step = "categories"
    actions: list[Action] = [AnswerCallback()]
    if option in ("no", "unsure"):
        actions.append(_emergency(state, ctx))
    actions.append(_prompt(state, ctx))
    return state, actions


def _press_categories(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    if option == DONE_OPTION:
        if not state.draft.categories:
            state.draft.categories.append(OTHER_CATEGORY)
        state.step = "narrative"
        return state, [AnswerCallback(), _prompt(state, ctx)]
    if not _valid(CATEGORIES, option):
        return _stale(state, ctx)
    if option in state.draft.categories:
        state.draft.categories.remove(option)
    else:
        state.draft.categories.append(option)
    selected = frozenset(state.draft.categories)
    rows = (*_choice_rows(t, CATEGORIES, selected), _exit_row(t))
    return state, [AnswerCallback(), EditPressed(t.gettext(CATEGORIES.prompt), rows)]


def _press_narrative(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option != DONE_OPTION:
        return _stale(state, ctx)
    t = _t(state, ctx)
    if not state.draft.parts and not state.draft.evidence:
        note = t.gettext(
            "You haven't written anything yet. A few words are enough, "
            "for example what was sent and when."
        )
        return state, [AnswerCallback(), _prompt(state, ctx, note=note)]
    state.step = "relationship"
    count = len(state.draft.parts) + len(state.draft.evidence)
    note = t.ngettext(
        "Thank you. Your report holds {count} message or file.",
        "Thank you. Your report holds {count} messages or files.",
        count,
    ).format(count=count)
    return state, [AnswerCallback(), _prompt(state, ctx, note=note)]


def _press_relationship(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(RELATIONSHIP, option):
        return _stale(state, ctx)
    state.draft.relationship = option
    state.step = "age"
    return state, [AnswerCallback(), _prompt(state, ctx)]


def _press_age(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(AGE, option):
        return _stale(state, ctx)
    t = _t(state, ctx)
    state.draft.age = option
    state.step = "images"
    actions: list[Action] = [AnswerCallback()]
    if option == "minor":
        photos = [item for item in state.draft.evidence if item.kind == "photo"]
        if photos:
            state.draft.evidence = [i for i in state.draft.evidence if i.kind != "photo"]
            actions.append(DropEvidence(tuple(item.id for item in photos)))
            actions.append(
                _send(
                    t,
                    t.gettext(
                        "For your safety, images from people under 18 are never kept here, "
                        "so I have deleted the pictures you sent. Your words are enough."
                    ),
                )
            )
    actions.append(_prompt(state, ctx))
    return state, actions


def _press_images(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if not _valid(IMAGES, option):
        return _stale(state, ctx)
    state.draft.images = option
    return _results(state, ctx)


def _press_consent(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    _ = t.gettext
    if option == "yes" and state.draft.partner_id:
        state.step = "replies"
        return state, [AnswerCallback(), _prompt(state, ctx)]
    if option == "no":
        dropped = tuple(item.id for item in state.draft.evidence)
        closed = ConversationState(language=state.language, step="closed")
        closed.topics_read = state.topics_read
        text = _(
            "Nothing has been sent, and your report has been deleted. The services "
            "above can still help you directly. To start again, send /start."
        )
        actions: list[Action] = [AnswerCallback()]
        if dropped:
            actions.append(DropEvidence(dropped))
        actions.append(_send(t, text, (), "closed"))
        return closed, actions
    return _stale(state, ctx)


def _press_replies(state: ConversationState, option: str, ctx: FlowContext) -> Result:
    if option not in ("yes", "no") or not state.draft.partner_id:
        return _stale(state, ctx)
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
    state.step = "done"
    return state, [AnswerCallback(), submit, _prompt(state, ctx)]


_PRESS_HANDLERS = {
    "language": _press_language,
    "resume": _press_resume,
    "country": _press_country,
    "region": _press_region,
    "safety": _press_safety,
    "categories": _press_categories,
    "narrative": _press_narrative,
    "relationship": _press_relationship,
    "age": _press_age,
    "images": _press_images,
    "consent": _press_consent,
    "replies": _press_replies,
}


# --- results, consent and the end -------------------------------------------


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


_CATEGORY_IDS = {c.value for c in Category}


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


def _results(state: ConversationState, ctx: FlowContext) -> Result:
    """Grade, route, and show what she can do now; then offer to send the report."""
    t = _t(state, ctx)
    _ = t.gettext
    draft = state.draft
    grade = combine(_answers(draft), [(Severity(p.severity), tuple(p.rules)) for p in draft.parts])
    draft.severity = grade.severity.value
    draft.severity_reasons = list(grade.reasons)
    decision = ctx.routing.decide(_routing_input(draft, grade.severity))
    draft.guidance_topics = list(decision.guidance_topics)
    draft.services_shown = [m.service.id for m in (*decision.emergency, *decision.signposted)]
    actions: list[Action] = [AnswerCallback()]
    if decision.emergency:
        actions.append(_emergency(state, ctx))
    for text in ctx.routing.services_messages(decision, t):
        actions.append(_send(t, text, (), "services"))
    if decision.guidance_topics:
        rows = tuple(
            (Button(ctx.routing.topic_title(topic, t), TOPIC_PREFIX + topic),)
            for topic in decision.guidance_topics
        )
        actions.append(
            _send(t, _("What you can do now – choose a topic to read:"), rows, "guidance")
        )
    if decision.partners:
        draft.partner_id = decision.partners[0]
        state.step = "consent"
        actions.append(_prompt(state, ctx))
        return state, actions
    dropped = tuple(item.id for item in draft.evidence)
    closed = ConversationState(language=state.language, step="closed")
    closed.draft.guidance_topics = draft.guidance_topics
    if dropped:
        actions.append(DropEvidence(dropped))
    actions.append(
        _send(
            t,
            _(
                "No partner service can receive reports from here yet, so nothing has been "
                "sent and your report has been deleted. The services above can help you "
                "directly. To start again, send /start."
            ),
            (),
            "closed",
        )
    )
    return closed, actions


def _consent_text(state: ConversationState, ctx: FlowContext) -> str:
    t = _t(state, ctx)
    _ = t.gettext
    partner = ctx.routing.partner_name(state.draft.partner_id or "", t)
    return _(
        "{partner} can receive your report and help you.\n\n"
        "If you say yes, they will receive: what you wrote, the files you sent, "
        "your answers and your country.\n"
        "They will NOT receive your Telegram name, username, phone number or account.\n\n"
        "Do you want to send your report to {partner}?"
    ).format(partner=partner)


def _replies_text(state: ConversationState, ctx: FlowContext) -> str:
    t = _t(state, ctx)
    partner = ctx.routing.partner_name(state.draft.partner_id or "", t)
    return t.gettext(
        "May a caseworker from {partner} write to you here, in this chat? "
        "They will not see who you are. You can say no."
    ).format(partner=partner)


def _done_text(state: ConversationState, t: TranslatorLike) -> str:
    _ = t.gettext
    return _(
        "Your report has been sent. Your reference code is {reference}.\n\n"
        "Keep it somewhere safe. /status {reference} shows what is happening with your "
        "report. A caseworker reads reports in order of urgency. You can delete "
        "everything at any time with /forget."
    ).format(reference=state.case_reference or "")


def _emergency(state: ConversationState, ctx: FlowContext) -> Send:
    t = _t(state, ctx)
    country = Country(state.draft.country) if state.draft.country else None
    region = Region(state.draft.region) if state.draft.region else None
    return _send(t, ctx.routing.emergency_message(country, region, t), (), "emergency")


def _show_topic(state: ConversationState, topic: str, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    if topic not in state.draft.guidance_topics and topic not in state.topics_read:
        known = state.step in ("consent", "replies", "done", "closed")
        if not known:
            return _stale(state, ctx)
    if topic not in state.topics_read:
        state.topics_read.append(topic)
    try:
        text = ctx.routing.topic_message(topic, t)
    except KeyError:
        return _stale(state, ctx)
    return state, [AnswerCallback(), _send(t, text, (), "topic")]


# --- texts, files and the rest ----------------------------------------------


def _danger_first(
    state: ConversationState, assessment_severity: str, ctx: FlowContext
) -> list[Action]:
    if assessment_severity == Severity.CRITICAL.value:
        return [_emergency(state, ctx)]
    return []


def _on_text(state: ConversationState, event: Text, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    _ = t.gettext
    severity = event.assessment.severity.value if event.assessment else "none"
    actions = _danger_first(state, severity, ctx)
    if state.step == "done":
        if state.replies_allowed and state.case_reference:
            text = event.text[: ctx.limits.max_text_chars]
            actions += [
                ReplyToCase(text),
                _send(t, _("Sent to your caseworker."), (), "done"),
            ]
            return state, actions
        actions.append(_prompt(state, ctx))
        return state, actions
    if state.step in COLLECTING_STEPS:
        return _collect_text(state, event, ctx, actions)
    if state.step == "new":
        state.step = "language"
        return state, [*actions, _language_prompt(state, ctx)]
    note = _("Please use the buttons below to answer.")
    actions.append(_prompt(state, ctx, note=note))
    return state, actions


def _collect_text(
    state: ConversationState, event: Text, ctx: FlowContext, actions: list[Action]
) -> Result:
    t = _t(state, ctx)
    _ = t.gettext
    draft = state.draft
    limits = ctx.limits
    if len(draft.parts) >= limits.max_narrative_parts or (
        draft.narrative_chars >= limits.max_narrative_chars
    ):
        actions.append(
            _prompt(state, ctx, note=_("Your report is full, so I could not add this message."))
        )
        return state, actions
    text = event.text
    room = min(limits.max_text_chars, limits.max_narrative_chars - draft.narrative_chars)
    notes = []
    if len(text) > room:
        text = text[:room]
        notes.append(
            _("That message was very long, so I kept the first {count} characters.").format(
                count=room
            )
        )
    assessment = event.assessment
    draft.parts.append(
        NarrativePart(
            text=text,
            received_at=ctx.now().isoformat(),
            forwarded_from=event.forwarded_from,
            edited=event.edited,
            severity=assessment.severity.value if assessment else "none",
            categories=[c.value for c in assessment.categories] if assessment else [],
            scores=dict(assessment.scores) if assessment else {},
            rules=[r.rule_id for r in assessment.rules] if assessment else [],
        )
    )
    if event.edited:
        notes.append(_("You edited a message. I kept both versions."))
    elif event.forwarded_from is not None:
        notes.append(_("Forwarded message saved as evidence."))
    else:
        notes.append(_("Added to your report."))
    if state.step == "narrative":
        actions.append(_send(t, " ".join(notes), _done_row(t), "narrative"))
    else:
        actions.append(_prompt(state, ctx, note=" ".join(notes)))
    return state, actions


def _on_file(state: ConversationState, event: FileReceived, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    _ = t.gettext
    caption_severity = event.caption_assessment.severity.value if event.caption_assessment else ""
    actions = _danger_first(state, caption_severity, ctx)
    if state.step not in COLLECTING_STEPS:
        note = _("I can receive files when you describe what happened, after a few questions.")
        actions.append(_prompt(state, ctx, note=note))
        return state, actions
    draft = state.draft
    limit_mb = ctx.limits.max_file_bytes // (1024 * 1024)
    if event.content is None or event.size > ctx.limits.max_file_bytes:
        note = _(
            "This file is larger than {size} MB, so I could not receive it. "
            "Please send a smaller file or a screenshot."
        ).format(size=limit_mb)
        actions.append(_prompt(state, ctx, note=note))
        return state, actions
    if len(draft.evidence) >= ctx.limits.max_evidence_files:
        note = _("You have sent the most files one report can hold ({count}).").format(
            count=ctx.limits.max_evidence_files
        )
        actions.append(_prompt(state, ctx, note=note))
        return state, actions
    if event.kind == "photo" and draft.age == "minor":
        note = _(
            "For your safety, images from people under 18 are never kept here, so I did "
            "not keep this picture. Please describe it in words instead."
        )
        actions.append(_prompt(state, ctx, note=note))
        return state, actions
    digest = hashlib.sha256(event.content).hexdigest()
    item = EvidenceItem(
        id=ctx.new_id(),
        kind=event.kind,
        sha256=digest,
        size=len(event.content),
        received_at=ctx.now().isoformat(),
        name=event.name,
        mime_type=event.mime_type,
        caption=(event.caption or None) and (event.caption or "")[: ctx.limits.max_text_chars],
        forwarded_from=event.forwarded_from,
    )
    draft.evidence.append(item)
    actions.append(StoreEvidence(item.id, item.kind, digest, event.content))
    if event.kind == "photo":
        note = _("Screenshot saved as evidence.")
    else:
        note = _("Document saved as evidence.")
    note += " " + _("Fingerprint (SHA-256): {digest}…").format(digest=digest[:12])
    if state.step == "narrative":
        actions.append(_send(t, note, _done_row(t), "narrative"))
    else:
        actions.append(_prompt(state, ctx, note=note))
    return state, actions


def _on_unsupported(state: ConversationState, event: Unsupported, ctx: FlowContext) -> Result:
    t = _t(state, ctx)
    note = t.gettext(
        "I can't receive stickers, voice messages, videos or locations. "
        "Please write in words, or send a screenshot or a document."
    )
    return state, [_prompt(state, ctx, note=note)]
