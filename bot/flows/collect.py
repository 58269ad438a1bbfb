"""What she writes and sends outside the buttons: texts, files and the rest.

From the categories question on (`steps.COLLECTING_STEPS`), texts and files belong
to her report. Once a report was sent, and after Exit or /start too, her texts go to
the service if she allowed messages, and her files are added to that case. Words of
self-harm or immediate danger come first, at any step (`danger.first_on_screen`).
"""

from __future__ import annotations

import hashlib

from bot.flows.actions import Action, AddToCase, ReplyToCase, StoreEvidence
from bot.flows.context import FlowContext
from bot.flows.danger import first_on_screen
from bot.flows.events import FileReceived, Text, Unsupported
from bot.flows.media import may_show_a_person
from bot.flows.notices import message
from bot.flows.prompts import Result, asked, done_row, prompt, translator, welcome
from bot.flows.state import ConversationState, Draft, EvidenceItem, NarrativePart
from bot.flows.steps import AT_REST, COLLECTING_STEPS, next_step
from bot.i18n import TranslatorLike


def what_she_sent(t: TranslatorLike, draft: Draft) -> str:
    """ "2 messages and 1 file", in her language."""
    messages, files = len(draft.parts), len(draft.evidence)
    said = t.ngettext("{count} message", "{count} messages", messages).format(count=messages)
    sent = t.ngettext("{count} file", "{count} files", files).format(count=files)
    if messages and files:
        return t.gettext("{messages} and {files}").format(messages=said, files=sent)
    return said if messages else sent


def new_report(state: ConversationState, ctx: FlowContext, note: str = "") -> Result:
    """A fresh report, keeping her language and her case relay; the welcome on top."""
    fresh = state.kept_on_exit()
    fresh.step = next_step(fresh)  # the language question is skipped: her guess stands
    t = translator(fresh, ctx)
    return fresh, [prompt(fresh, ctx, note=note or welcome(t, ctx.privacy.quiet_hours))]


def _to_her_case(state: ConversationState, event: Text, ctx: FlowContext) -> list[Action]:
    t = translator(state, ctx)
    reference = state.answer_to or state.case_reference or ""
    text = event.text[: ctx.limits.max_text_chars]
    return [
        ReplyToCase(text, reference=reference),
        message(t, t.gettext("Sent to your caseworker."), (), "sent"),
    ]


def on_text(state: ConversationState, event: Text, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    _ = t.gettext
    actions: list[Action] = list(first_on_screen(state, event.assessment, ctx))
    relay = bool(state.case_reference and state.replies_allowed)
    if state.answering and relay:
        # She pressed Answer under a message from the service: this text is for them.
        state.answering = False
        return state, [*actions, *_to_her_case(state, event, ctx), prompt(state, ctx)]
    if state.step in AT_REST:
        if relay:
            return state, [*actions, *_to_her_case(state, event, ctx)]
        if state.step == "new":
            fresh, started = new_report(state, ctx)
            return fresh, [*actions, *started]
        actions.append(prompt(state, ctx))
        return state, actions
    if state.step in COLLECTING_STEPS:
        return _collect_text(state, event, ctx, actions)
    actions.extend(asked(state, ctx, _("Please use the buttons below to answer.")))
    return state, actions


def _added(state: ConversationState, ctx: FlowContext, note: str) -> list[Action]:
    """Under the narrative question: the note and Done; on a later question: the question."""
    if state.step == "narrative":
        t = translator(state, ctx)
        return [message(t, note, done_row(t), "narrative")]
    return asked(state, ctx, note)


def _collect_text(
    state: ConversationState, event: Text, ctx: FlowContext, actions: list[Action]
) -> Result:
    t = translator(state, ctx)
    _ = t.gettext
    draft = state.draft
    limits = ctx.limits
    if len(draft.parts) >= limits.max_narrative_parts or (
        draft.narrative_chars >= limits.max_narrative_chars
    ):
        actions.extend(
            asked(state, ctx, _("Your report is full, so I could not add this message."))
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
            forwarded_at=event.forwarded_at,
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
        notes.append(
            _("Thank you. Your report now holds {what}.").format(what=what_she_sent(t, draft))
        )
    actions.extend(_added(state, ctx, " ".join(notes)))
    return state, actions


# Recordings: their length is kept with them for the caseworker.
RECORDING_KINDS = ("voice", "video", "video_note", "audio")


def _saved_note(t: TranslatorLike, kind: str, digest: str) -> str:
    """What was kept, and its fingerprint said in plain words."""
    _ = t.gettext
    notes = {
        "photo": _(
            "Screenshot saved as evidence, with its own code ({code}…) that can show "
            "later it was not changed."
        ),
        "voice": _(
            "Voice message saved as evidence, with its own code ({code}…) that can show "
            "later it was not changed."
        ),
        "audio": _(
            "Recording saved as evidence, with its own code ({code}…) that can show "
            "later it was not changed."
        ),
        "video": _(
            "Video saved as evidence, with its own code ({code}…) that can show later "
            "it was not changed."
        ),
    }
    notes["video_note"] = notes["video"]
    text = notes.get(kind) or _(
        "File saved as evidence, with its own code ({code}…) that can show later "
        "it was not changed."
    )
    return text.format(code=digest[:12])


def on_file(state: ConversationState, event: FileReceived, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    actions: list[Action] = list(first_on_screen(state, event.caption_assessment, ctx))
    refused = _refusal(state, event, ctx)
    if refused:
        if state.step in AT_REST:
            actions.append(message(t, refused, (), "file"))
        else:
            actions.extend(asked(state, ctx, refused))
        return state, actions
    assert event.content is not None
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
        forwarded_at=event.forwarded_at,
        duration=event.duration if event.kind in RECORDING_KINDS else None,
    )
    if state.step in AT_REST:
        return state, [*actions, *_add_to_case(state, item, event.content, ctx)]
    state.draft.evidence.append(item)
    actions.append(StoreEvidence(item.id, item.kind, digest, event.content))
    actions.extend(_added(state, ctx, _saved_note(t, event.kind, digest)))
    return state, actions


def _add_to_case(
    state: ConversationState, item: EvidenceItem, content: bytes, ctx: FlowContext
) -> list[Action]:
    """After her report was sent: the file joins that case, for the same service."""
    reference = state.case_reference or ""
    add = AddToCase(
        reference=reference,
        evidence_id=item.id,
        kind=item.kind,
        sha256=item.sha256,
        content=content,
        received_at=item.received_at,
        name=item.name,
        mime_type=item.mime_type,
        caption=item.caption,
        forwarded_from=item.forwarded_from,
        forwarded_at=item.forwarded_at,
        duration=item.duration,
    )
    return [add]  # what she is told depends on the case: `notices.file_added`


def _refusal(state: ConversationState, event: FileReceived, ctx: FlowContext) -> str:
    """Why this file cannot be kept, in her words; empty when it can."""
    _ = translator(state, ctx).gettext
    limits = ctx.limits
    at_rest_with_case = state.step in AT_REST and state.case_reference is not None
    if state.step not in COLLECTING_STEPS and not at_rest_with_case:
        return _("I can receive files when you describe what happened, after a few questions.")
    if event.content is None or event.size > limits.max_file_bytes:
        return _(
            "This file is larger than {size} MB, so I could not receive it. "
            "Please send a smaller file or a screenshot."
        ).format(size=limits.max_file_bytes // (1024 * 1024))
    if not at_rest_with_case and len(state.draft.evidence) >= limits.max_evidence_files:
        return _("You have sent the most files one report can hold ({count}).").format(
            count=limits.max_evidence_files
        )
    minor = state.case_minor if at_rest_with_case else state.draft.age == "minor"
    if minor and may_show_a_person(event.kind, event.name, event.mime_type):
        if state.draft.for_someone_else and not at_rest_with_case:
            return _(
                "For the person's safety, pictures, videos and files that could hold pictures "
                "are never kept here for people under 18, so I did not keep this one. Please "
                "describe it in words instead."
            )
        return _(
            "For your safety, pictures, videos and files that could hold pictures are never "
            "kept here for people under 18, so I did not keep this one. Please describe it "
            "in words instead."
        )
    return ""


def on_unsupported(state: ConversationState, event: Unsupported, ctx: FlowContext) -> Result:
    note = translator(state, ctx).gettext(
        "I can't receive stickers or locations. Please write in words, or send a "
        "screenshot, a document, a voice message or a video."
    )
    return state, [prompt(state, ctx, note=note)]
