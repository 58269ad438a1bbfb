"""Plain-text rendering of a routing decision for Telegram (HTML parse mode).

No Telegram library here: the flows send the strings. Every survivor-visible
string is a msgid translated with `t.gettext` and then formatted; names and
data are HTML-escaped. Directory data (hours, descriptions, contact notes) is
translated as msgids too: `Directory.translatable_texts()` lists them for the
catalogue. Each message stays under Telegram's 4096 characters; a long list
of services is split with `split_message`.
"""

from __future__ import annotations

import html

from bot.domain import REGIONS, ContactChannel, CrisisLines, RoutingDecision, Service, ServiceType
from bot.i18n import N_, TranslatorLike
from bot.routing.guidance import TOPICS
from bot.routing.names import display_name
from bot.routing.reasons import (
    EMERGENCY_NOTES,
    FOLLOWED_BY_WHAT_POLICE_NEED,
    NOTES,
    REASONS,
    STANDALONE_EMERGENCY_NOTES,
    WHAT_POLICE_NEED,
)
from bot.routing.visibility import contact_marked, heading_marked

TELEGRAM_LIMIT = 4096

UNVERIFIED_MARK = N_("(not yet verified)")

#: Names of emergency and police entries in the data files, translated as msgids
#: (the proper names of other services are shown as they are).
GENERIC_NAMES = (
    N_("Emergency number"),
    N_("Police"),
    N_("Ambulance"),
    N_("Police (non-emergency)"),
    N_("Police line for reporting domestic violence"),
)

CONTACT_LABELS: dict[str, str] = {
    "phone": N_("Phone: {value}"),
    "sms": N_("Text message: {value}"),
    "web": N_("Website: {value}"),
    "email": N_("Email: {value}"),
    "form": N_("Online form: {value}"),
    "chat": N_("Chat: {value}"),
    "in_person": N_("In person: {value}"),
}


DANGER_HEADING = N_("If you are in danger now, call:")
HELPER_DANGER_HEADING = N_("If you or the person you are helping are in danger now, call:")

FIXED_MSGIDS = (
    N_("free"),
    N_("24/7"),
    N_("anonymous"),
    N_("hours: {hours}"),
    DANGER_HEADING,
    HELPER_DANGER_HEADING,
    N_("Who can help"),
    N_("You can talk to someone here:"),
    N_("We do not know of a crisis line for where you are."),
)
"""Other msgids used below (listed here so `bot.routing.texts` can enumerate them)."""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _tr(t: TranslatorLike, msgid: str) -> str:
    """Translate and escape; for data strings with no translation this is the English."""
    return _e(t.gettext(msgid))


def service_name(service: Service, t: TranslatorLike) -> str:
    """Escaped name: translated for generic entries, else in her language or script.

    See bot/routing/names.py: one name, never every language's name joined.
    """
    if service.type in (ServiceType.EMERGENCY, ServiceType.POLICE):
        return _tr(t, service.name_en)
    return _e(display_name(service, t.language))


def _heading(service: Service, t: TranslatorLike) -> str:
    parts = ["<b>{}</b>".format(service_name(service, t))]
    if service.regions:
        parts.append("– " + ", ".join(_tr(t, REGIONS[r].name) for r in service.regions))
    if heading_marked(service):
        parts.append(_tr(t, UNVERIFIED_MARK))
    return " ".join(parts)


def _contact(service: Service, contact: ContactChannel, t: TranslatorLike) -> str:
    value = t.gettext(contact.value) if contact.kind == "in_person" else contact.value
    if contact.kind in ("phone", "sms"):
        shown = "<b>{}</b>".format(_e(value))
    else:
        shown = _e(value)
    line = t.gettext(CONTACT_LABELS[contact.kind]).format(value=shown)
    if contact.note:
        line += " ({})".format(_tr(t, contact.note))
    if contact_marked(service, contact):
        line += " " + _tr(t, UNVERIFIED_MARK)
    return line


def _facts(service: Service, t: TranslatorLike) -> str:
    facts = []
    if service.free:
        facts.append(_tr(t, N_("free")))
    if service.h24:
        facts.append(_tr(t, N_("24/7")))
    if service.anonymous:
        facts.append(_tr(t, N_("anonymous")))
    if service.hours:
        facts.append(_e(t.gettext(N_("hours: {hours}")).format(hours=t.gettext(service.hours))))
    return " · ".join(facts)


def describe_reason(reason_id: str, t: TranslatorLike) -> str:
    """Why a service was chosen, in her language (escaped). Unknown ids get a general line."""
    text = t.gettext(REASONS.get(reason_id, REASONS["related_service"]))
    if reason_id in FOLLOWED_BY_WHAT_POLICE_NEED:
        text += " " + t.gettext(WHAT_POLICE_NEED)
    return _e(text)


def describe_note(note_id: str, t: TranslatorLike) -> str:
    return _tr(t, NOTES[note_id])


def _note_lines(
    decision: RoutingDecision, t: TranslatorLike, *, emergency: bool, standalone: bool = False
) -> list[str]:
    """Survivor notes for one section; `standalone`: only those that need no numbers above."""
    return [
        describe_note(n, t)
        for n in decision.notes
        if n in NOTES
        and (n in EMERGENCY_NOTES) == emergency
        and (not standalone or n in STANDALONE_EMERGENCY_NOTES)
    ]


def render_emergency(
    decision: RoutingDecision, t: TranslatorLike, *, heading: str = DANGER_HEADING
) -> str:
    """The numbers to call now, first on screen; empty when there is nothing to say."""
    lines = []
    if decision.emergency:
        lines.append("<b>{}</b>".format(_tr(t, heading)))
    for match in decision.emergency:
        service = match.service
        phones = [c for c in service.contacts if c.kind in ("phone", "sms")]
        # Never marked "(not yet verified)": see bot/routing/visibility.py.
        line = "{}: {}".format(
            service_name(service, t), ", ".join(_contact_value(c, t) for c in phones)
        )
        lines.append(line)
    notes = _note_lines(decision, t, emergency=True, standalone=not decision.emergency)
    lines.extend(notes)
    return "\n".join(lines)


def _contact_value(contact: ContactChannel, t: TranslatorLike) -> str:
    text = "<b>{}</b>".format(_e(contact.value))
    if contact.note:
        text += " ({})".format(_tr(t, contact.note))
    return text


def render_service(
    service: Service, reason_id: str, t: TranslatorLike, *, brief: bool = False
) -> str:
    """One service: name, contacts, facts, and (unless brief) what it is and why it is listed."""
    lines = [_heading(service, t)]
    lines.extend(_contact(service, c, t) for c in service.contacts)
    facts = _facts(service, t)
    if facts:
        lines.append(facts)
    if not brief:
        if service.description_en:
            lines.append(_tr(t, service.description_en))
        lines.append("<i>{}</i>".format(describe_reason(reason_id, t)))
    return "\n".join(lines)


def render_service_blocks(
    decision: RoutingDecision, t: TranslatorLike, *, budget: int | None = None
) -> list[str]:
    """The heading, the notes and one block per signposted service, in order.

    With a `budget` (characters), services are shown in full while they fit
    and briefly (contacts only) after that, so every service stays listed.
    """
    blocks = ["<b>{}</b>".format(_tr(t, N_("Who can help")))]
    blocks.extend(_note_lines(decision, t, emergency=False))
    used = sum(len(b) + 2 for b in blocks)
    matches = decision.signposted
    brief_len = sum(len(render_service(m.service, m.reason_id, t, brief=True)) + 2 for m in matches)
    squeezed = False  # once one service is shown briefly, the rest are too (order = priority)
    for match in matches:
        full = render_service(match.service, match.reason_id, t)
        short = render_service(match.service, match.reason_id, t, brief=True)
        brief_len -= len(short) + 2
        squeezed = squeezed or (budget is not None and used + len(full) + 2 + brief_len > budget)
        block = short if squeezed else full
        blocks.append(block)
        used += len(block) + 2
    return blocks


def split_message(blocks: list[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join blocks with blank lines into as few messages as fit under `limit`."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = block
        while len(current) > limit:  # one huge block: cut at a line break where possible
            cut = current.rfind("\n", 0, limit)
            cut = cut if cut > 0 else limit
            messages.append(current[:cut])
            current = current[cut:].lstrip("\n")
    if current:
        messages.append(current)
    return messages


def render_services_messages(decision: RoutingDecision, t: TranslatorLike) -> list[str]:
    """The services as one or more Telegram messages, none over 4096 characters."""
    return split_message(render_service_blocks(decision, t))


def render_services(decision: RoutingDecision, t: TranslatorLike) -> str:
    """The signposted services as one message under 4096 characters.

    When the full text would be too long, the services lower in the list are
    shown briefly (name, contacts, hours) rather than left out: a service is
    never hidden to save space. `render_services_messages` gives every detail
    over several messages instead.
    """
    text = "\n\n".join(render_service_blocks(decision, t, budget=TELEGRAM_LIMIT))
    return text if len(text) <= TELEGRAM_LIMIT else split_message([text])[0]


def render_topic_title(topic_id: str, t: TranslatorLike) -> str:
    """A guidance topic's title, as her button shows it."""
    return t.gettext(TOPICS[topic_id].title)


def render_crisis_lines(crisis: CrisisLines, t: TranslatorLike) -> str:
    """Her place's crisis lines, one line each, or a plain "we know of none".

    The crisis answer shows this first, then the emergency number.
    """
    if crisis.none_known:
        return _tr(t, N_("We do not know of a crisis line for where you are."))
    lines = ["<b>{}</b>".format(_tr(t, N_("You can talk to someone here:")))]
    for match in crisis.lines:
        service = match.service
        phones = [c for c in service.contacts if c.kind in ("phone", "sms")] or list(
            service.contacts
        )
        line = "{}: {}".format(
            service_name(service, t), ", ".join(_contact_value(c, t) for c in phones)
        )
        if heading_marked(service):
            line += " " + _tr(t, UNVERIFIED_MARK)
        facts = _facts(service, t)
        if facts:
            line += " · " + facts
        lines.append(line)
    return "\n".join(lines)


def render_guidance_topic(topic_id: str, t: TranslatorLike) -> str:
    topic = TOPICS[topic_id]
    return "<b>{}</b>\n\n{}".format(_tr(t, topic.title), _tr(t, topic.body))
