"""What she writes and sends outside the buttons: texts, files and the rest.

From the categories question on (`steps.COLLECTING_STEPS`), texts and files belong
to her report; after it was sent, a text goes to her caseworker if she allowed
replies. Words of immediate danger show the emergency numbers first, at any step.
"""

from __future__ import annotations

import hashlib

from bot.domain import Severity
from bot.flows.actions import Action, ReplyToCase, Send, StoreEvidence
from bot.flows.context import FlowContext
from bot.flows.events import FileReceived, Text, Unsupported
from bot.flows.notices import message
from bot.flows.prompts import Result, done_row, emergency, prompt, translator
from bot.flows.state import ConversationState, EvidenceItem, NarrativePart
from bot.flows.steps import COLLECTING_STEPS, SUBMITTED
from bot.i18n import TranslatorLike


def _danger_first(state: ConversationState, severity: str, ctx: FlowContext) -> list[Action]:
    if severity == Severity.CRITICAL.value:
        return [emergency(state, ctx)]
    return []


def on_text(state: ConversationState, event: Text, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    _ = t.gettext
    severity = event.assessment.severity.value if event.assessment else "none"
    actions = _danger_first(state, severity, ctx)
    if state.step == SUBMITTED:
        if state.replies_allowed and state.case_reference:
            text = event.text[: ctx.limits.max_text_chars]
            actions += [
                ReplyToCase(text),
                message(t, _("Sent to your caseworker."), (), SUBMITTED),
            ]
            return state, actions
        actions.append(prompt(state, ctx))
        return state, actions
    if state.step in COLLECTING_STEPS:
        return _collect_text(state, event, ctx, actions)
    if state.step == "new":
        state.step = "language"
        return state, [*actions, prompt(state, ctx)]
    note = _("Please use the buttons below to answer.")
    actions.append(prompt(state, ctx, note=note))
    return state, actions


def _added(state: ConversationState, ctx: FlowContext, note: str) -> Send:
    """Under the narrative question: the note and Done; on a later question: the question."""
    if state.step == "narrative":
        t = translator(state, ctx)
        return message(t, note, done_row(t), "narrative")
    return prompt(state, ctx, note=note)


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
        actions.append(
            prompt(state, ctx, note=_("Your report is full, so I could not add this message."))
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
        notes.append(_("Added to your report."))
    actions.append(_added(state, ctx, " ".join(notes)))
    return state, actions


def on_file(state: ConversationState, event: FileReceived, ctx: FlowContext) -> Result:
    t = translator(state, ctx)
    _ = t.gettext
    caption_severity = event.caption_assessment.severity.value if event.caption_assessment else ""
    actions = _danger_first(state, caption_severity, ctx)
    refused = _refusal(state, event, ctx)
    if refused:
        actions.append(prompt(state, ctx, note=refused))
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
    state.draft.evidence.append(item)
    actions.append(StoreEvidence(item.id, item.kind, digest, event.content))
    note = (
        _saved_note(t, event.kind)
        + " "
        + _("Fingerprint (SHA-256): {digest}…").format(digest=digest[:12])
    )
    actions.append(_added(state, ctx, note))
    return state, actions


# Files that show people: none is kept once she says she is under 18.
PICTURE_KINDS = ("photo", "video", "video_note")
RECORDING_KINDS = ("voice", "video", "video_note", "audio")


def _saved_note(t: TranslatorLike, kind: str) -> str:
    _ = t.gettext
    notes = {
        "photo": _("Screenshot saved as evidence."),
        "voice": _("Voice message saved as evidence."),
        "audio": _("Recording saved as evidence."),
        "video": _("Video saved as evidence."),
        "video_note": _("Video saved as evidence."),
    }
    return notes.get(kind) or _("Document saved as evidence.")


def _refusal(state: ConversationState, event: FileReceived, ctx: FlowContext) -> str:
    """Why this file cannot be kept, in her words; empty when it can."""
    _ = translator(state, ctx).gettext
    limits = ctx.limits
    if state.step not in COLLECTING_STEPS:
        return _("I can receive files when you describe what happened, after a few questions.")
    if event.content is None or event.size > limits.max_file_bytes:
        return _(
            "This file is larger than {size} MB, so I could not receive it. "
            "Please send a smaller file or a screenshot."
        ).format(size=limits.max_file_bytes // (1024 * 1024))
    if len(state.draft.evidence) >= limits.max_evidence_files:
        return _("You have sent the most files one report can hold ({count}).").format(
            count=limits.max_evidence_files
        )
    if event.kind == "photo" and state.draft.age == "minor":
        return _(
            "For your safety, images from people under 18 are never kept here, so I did "
            "not keep this picture. Please describe it in words instead."
        )
    if event.kind in PICTURE_KINDS and state.draft.age == "minor":
        return _(
            "For your safety, videos from people under 18 are never kept here, so I did "
            "not keep this video. Please describe it in words instead."
        )
    return ""


def on_unsupported(state: ConversationState, event: Unsupported, ctx: FlowContext) -> Result:
    note = translator(state, ctx).gettext(
        "I can't receive stickers or locations. Please write in words, or send a "
        "screenshot, a document, a voice message or a video."
    )
    return state, [prompt(state, ctx, note=note)]
