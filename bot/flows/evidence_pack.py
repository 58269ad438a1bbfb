"""Her evidence pack: a PDF copy of her report so far, in her language, for her to keep.

When she can have it, honestly: from her draft, at any point after she added
something to it (a message or a file), and at the consent question before she
decides. Once her report is sent it is sealed to the partner service's key and
this bot cannot open it again, so it cannot make a copy; she is told so. After
she declined, her draft was deleted and there is nothing left to copy.

The pack is composed here from her draft (what she wrote, each file's name,
type, size, received time and SHA-256, forward origins and dates, her answers,
and a one-page timeline); the service lays it out as a PDF. Nothing is stored.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import REGIONS, Region
from bot.flows.actions import Action, AnswerCallback, SendDocument
from bot.flows.context import FlowContext
from bot.flows.documents import Block, Document, Fields, Heading, PageBreak, Paragraph, Table
from bot.flows.notices import PACK_DATA, exit_row, message
from bot.flows.prompts import Result, asked, done_row, translator
from bot.flows.state import ConversationState, Draft, EvidenceItem, NarrativePart
from bot.flows.steps import (
    AGE,
    CATEGORIES,
    COUNTRY,
    FOR_SOMEONE_ELSE,
    IMAGES,
    PERSON_SAFETY,
    RELATIONSHIP,
    SAFETY,
    SOMEONE_ELSE,
    SUBMITTED,
    ChoiceStep,
    Option,
)
from bot.i18n import TranslatorLike

COMMAND = "copy"
TIMELINE_ROWS = 40  # what fits one page under its heading
SNIPPET_CHARS = 90


def has_content(draft: Draft) -> bool:
    return bool(draft.parts or draft.evidence)


def on_request(state: ConversationState, ctx: FlowContext, *, pressed: bool = False) -> Result:
    """/copy, or the button: the pack when her draft holds something, else why not."""
    t = translator(state, ctx)
    _ = t.gettext
    actions: list[Action] = [AnswerCallback()] if pressed else []
    if state.step == SUBMITTED:
        partner = ctx.routing.partner_name(state.draft.partner_id or "", t)
        text = _(
            "When you sent your report, it was sealed so that only {partner} can open it. "
            "This bot cannot open it any more, so it cannot make a copy. You can ask "
            "{partner} for one."
        ).format(partner=partner)
        return state, [*actions, message(t, text, (), PACK_DATA)]
    if not has_content(state.draft):
        text = _(
            "There is nothing in your report to copy yet. Once you have written what "
            "happened or sent a file, /copy gives you a PDF copy of it."
        )
        return state, [*actions, *asked(state, ctx, text)]
    now = ctx.now()
    document = compose(state, t, now)
    caption = _("A copy of your report, made on {date}.").format(date=utc_time(now.isoformat()))
    warning = _(
        "This PDF is yours to keep. Anyone who can open this phone, or wherever you save "
        "it, can read it. Exit deletes it from this chat, but not a copy you saved or "
        "forwarded."
    )
    actions.append(SendDocument(document, caption, (exit_row(t),), PACK_DATA))
    if state.step == "narrative":
        actions.append(message(t, warning, done_row(t), "narrative"))
    else:
        actions.extend(asked(state, ctx, warning))  # split when too long together
    return state, actions


def compose(state: ConversationState, t: TranslatorLike, now: datetime) -> Document:
    """The pack's words and layout, from her draft as it is now."""
    _ = t.gettext
    draft = state.draft
    made = utc_time(now.isoformat())
    blocks: list[Block] = [
        Paragraph(
            _(
                "Made on {date} from the messages and files sent in this chat. Each file has "
                "a SHA-256 fingerprint: the same file always gives the same fingerprint, so "
                "anyone can check that a file has not changed since it was sent. Times are in "
                "UTC."
            ).format(date=made),
            small=True,
        ),
        Fields(_answers(draft, t)),
        Heading(_("Timeline")),
        _timeline(draft, t),
        PageBreak(),
    ]
    if draft.parts:
        blocks.append(Heading(_("My messages")))
        for number, part in enumerate(draft.parts, start=1):
            blocks.append(Paragraph(_part_line(number, part, t), small=True))
            blocks.append(Paragraph(part.text))
    if draft.evidence:
        blocks.append(Heading(_("Files")))
        for number, item in enumerate(draft.evidence, start=1):
            blocks.append(Paragraph("{}.".format(number), small=True))
            blocks.append(Fields(_file_fields(item, t), mono=(_("SHA-256"),)))
    return Document(
        file_name="copy-{}.pdf".format(now.date().isoformat()),
        title=_("Copy of my report"),
        created_at=now.isoformat(),
        language=state.language,
        footer=_("Page {page} of {pages}"),
        blocks=tuple(blocks),
    )


def utc_time(iso: str) -> str:
    """A stored time as she reads it: unambiguous in every language, in UTC."""
    moment = datetime.fromisoformat(iso)
    return "{} UTC".format(moment.strftime("%Y-%m-%d %H:%M:%S"))


def recording_length(seconds: int) -> str:
    """A recording's length as a clock reads it (m:ss, or h:mm:ss)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return "{}:{:02d}:{:02d}".format(hours, minutes, secs)
    return "{}:{:02d}".format(minutes, secs)


def _size(t: TranslatorLike, size: int) -> str:
    return t.ngettext("{count} byte", "{count} bytes", size).format(count=size)


def kind_label(t: TranslatorLike, kind: str) -> str:
    _ = t.gettext
    labels = {
        "photo": _("Screenshot or photo"),
        "voice": _("Voice message"),
        "audio": _("Audio recording"),
        "video": _("Video"),
        "video_note": _("Video message"),
    }
    return labels.get(kind) or _("Document")


def _option(t: TranslatorLike, options: tuple[Option, ...], chosen: str | None) -> str | None:
    for option in options:
        if option.id == chosen:
            return t.gettext(option.label)
    return None


def _answers(draft: Draft, t: TranslatorLike) -> tuple[tuple[str, str], ...]:
    _ = t.gettext
    rows: list[tuple[str, str]] = []
    if draft.country:
        country = _option(t, COUNTRY.options, draft.country) or draft.country
        if draft.region and draft.region in {r.value for r in Region}:
            country += " – " + _(REGIONS[Region(draft.region)].name)
        rows.append((_("Country"), country))

    def asked(step: ChoiceStep) -> ChoiceStep:
        """In the words she was asked in: about "the person" for a helper."""
        return FOR_SOMEONE_ELSE[step.id] if draft.for_someone_else else step

    helper = draft.for_someone_else
    answered = (
        (_("Who is reporting"), _option(t, SAFETY.options, SOMEONE_ELSE) if helper else None),
        (_("Safe at the time"), _option(t, SAFETY.options, draft.safe_now)),
        (
            _("The person safe at the time"),
            _option(t, PERSON_SAFETY.options, draft.person_safe_now) if helper else None,
        ),
        (
            _("What is happening"),
            ", ".join(
                label
                for label in (_option(t, asked(CATEGORIES).options, c) for c in draft.categories)
                if label
            ),
        ),
        (_("Who is doing this"), _option(t, asked(RELATIONSHIP).options, draft.relationship)),
        (_("Under 18"), _option(t, asked(AGE).options, draft.age)),
        (_("Intimate images"), _option(t, IMAGES.options, draft.images)),
    )
    rows.extend((label, value) for label, value in answered if value)
    count = len(draft.parts)
    files = len(draft.evidence)
    # Counts beside a label: "{count} message" is said as an object elsewhere
    # ("your report holds 1 message"), which some languages decline differently.
    rows.append((_("Messages"), str(count)))
    rows.append((_("Files"), str(files)))
    return tuple(rows)


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def _timeline(draft: Draft, t: TranslatorLike) -> Table:
    _ = t.gettext
    entries: list[tuple[str, str]] = []
    for part in draft.parts:
        if part.forwarded_from is not None:
            what = _("Forwarded from {name}: {text}").format(
                name=part.forwarded_from or _("someone hidden"), text=_snippet(part.text)
            )
        elif part.edited:
            what = _("Corrected message: {text}").format(text=_snippet(part.text))
        else:
            what = _("My message: {text}").format(text=_snippet(part.text))
        entries.append((part.received_at, what))
    for item in draft.evidence:
        kind, size = kind_label(t, item.kind), _size(t, item.size)
        if item.name:
            what = _("File: {name} ({kind}, {size})").format(name=item.name, kind=kind, size=size)
        else:
            what = _("File: {kind} ({size})").format(kind=kind, size=size)
        entries.append((item.received_at, what))
    entries.sort(key=lambda entry: entry[0])
    rows = [(utc_time(at), what) for at, what in entries[:TIMELINE_ROWS]]
    if len(entries) > TIMELINE_ROWS:
        more = len(entries) - TIMELINE_ROWS
        rows.append(("", _("… and {count} more, listed below").format(count=more)))
    return Table(
        header=(_("Received"), _("What")),
        rows=tuple(rows),
        widths=(0.27, 0.73),
    )


def _forward_note(t: TranslatorLike, name: str | None, at: str | None) -> str:
    _ = t.gettext
    who = name or _("someone hidden")
    if at:
        return _("forwarded from {name}, first sent {date}").format(name=who, date=utc_time(at))
    return _("forwarded from {name}").format(name=who)


def _part_line(number: int, part: NarrativePart, t: TranslatorLike) -> str:
    bits = ["{}.".format(number), utc_time(part.received_at)]
    if part.forwarded_from is not None:
        bits.append(_forward_note(t, part.forwarded_from, part.forwarded_at))
    if part.edited:
        bits.append(t.gettext("a corrected version"))
    return " · ".join(bits)


def _file_fields(item: EvidenceItem, t: TranslatorLike) -> tuple[tuple[str, str], ...]:
    _ = t.gettext
    kind = kind_label(t, item.kind)
    if item.mime_type:
        kind += " ({})".format(item.mime_type)
    rows = [
        (_("Name"), item.name or _("(no name)")),
        (_("Type"), kind),
        (_("Size"), _size(t, item.size)),
    ]
    if item.duration is not None:
        rows.append((_("Length"), recording_length(item.duration)))
    rows.append((_("Received"), utc_time(item.received_at)))
    rows.append((_("SHA-256"), item.sha256))
    if item.forwarded_from is not None:
        rows.append((_("Forwarded from"), item.forwarded_from or _("someone hidden")))
        if item.forwarded_at:
            rows.append((_("First sent"), utc_time(item.forwarded_at)))
    if item.caption:
        rows.append((_("Caption"), item.caption))
    return tuple(rows)
