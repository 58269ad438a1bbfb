"""The portal's words for the bot's stable ids (severity, status, categories, her answers,
audit actions), in the caseworker's language; shared by the pages, the case summary PDF
and the inbox CSV, so all three say the same thing.

Every English text here is marked with `P_` (msgctxt "portal"); an id with no words
here (a newer one) is shown as it is, readably, rather than hidden.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from bot.domain import COUNTRY_NAMES, REGIONS, Country, Region
from bot.i18n import LANGUAGES, P_, PN_
from bot.routing.guidance import TOPICS
from bot.storage.portal_models import AuditEntry
from bot.web.language import PortalLanguage

SEVERITIES = {
    "critical": P_("Critical"),
    "high": P_("High"),
    "medium": P_("Medium"),
    "low": P_("Low"),
    "none": P_("None"),
}
STATUSES = {
    "new": P_("New"),
    "in_progress": P_("In progress"),
    "referred": P_("Referred"),
    "closed": P_("Closed"),
    "withdrawn": P_("Withdrawn"),
}
CATEGORIES = {
    "harassment": P_("Harassment"),
    "sexual_harassment": P_("Sexual harassment"),
    "threat": P_("Threat"),
    "image_abuse": P_("Image abuse"),
    "sextortion": P_("Sextortion"),
    "doxxing": P_("Doxxing"),
    "stalking": P_("Stalking"),
    "impersonation": P_("Impersonation"),
    "hate": P_("Hate"),
    "self_harm": P_("Self-harm"),
    "other": P_("Something else"),
}
OUTCOMES = {
    "support_given": P_("Support given"),
    "content_removed": P_("Content removed or reported to the platform"),
    "referred_police": P_("Referred to the police"),
    "referred_legal": P_("Referred to legal aid"),
    "referred_other": P_("Referred to another organisation"),
    "no_response": P_("She did not respond"),
    "other": P_("Other"),
}
# Confidence shares the severity words ("High"…): in the portal's languages both
# nouns they describe (ozbiljnost/pouzdanost, сериозност/доверливост) take one form.
SERVICE_TYPES = {
    "emergency": P_("Emergency number"),
    "police": P_("Police"),
    "cybercrime_unit": P_("Cybercrime unit"),
    "national_helpline": P_("National helpline"),
    "child_helpline": P_("Child helpline"),
    "ngo": P_("Non-governmental organisation"),
    "online_tool": P_("Online tool"),
    "platform_channel": P_("Platform reporting channel"),
    "crisis_line": P_("Crisis line"),
}
EVIDENCE_KINDS = {
    "photo": P_("Photo"),
    "document": P_("Document"),
    "voice": P_("Voice message"),
    "video": P_("Video"),
}
LANGUAGE_NAMES = {
    "en": P_("English"),
    "sq": P_("Albanian"),
    "sr": P_("Serbian (Cyrillic)"),
    "sr_Latn": P_("Serbian (Latin)"),
    "bs": P_("Bosnian"),
    "hr": P_("Croatian"),
    "cnr": P_("Montenegrin"),
    "mk": P_("Macedonian"),
}
# Who made the report (a plain column of the case, and the first of her answers).
REPORTED_BY = {
    "self": P_("The person herself"),
    "someone_else": P_("Someone else, for her"),
}
# The same, in a word, for the inbox's column and filter.
REPORTED_BY_SHORT = {
    "self": P_("Herself"),
    "someone_else": P_("Someone else"),
}
# Her answers: the question, then the words for each button she may have pressed.
ANSWER_QUESTIONS = {
    "reported_by": P_("Reported by"),
    "country": P_("Country"),
    "region": P_("Region"),
    "safe_now": P_("Safe right now"),
    "categories": P_("What happened"),
    "relationship": P_("Who did it"),
    "age": P_("Under 18"),
    "images": P_("Intimate images"),
}
ANSWER_VALUES = {
    "reported_by": REPORTED_BY,
    "safe_now": {"yes": P_("Yes"), "no": P_("No, in danger"), "unsure": P_("Not sure")},
    "relationship": {
        "partner_or_ex": P_("A partner or ex-partner"),
        "family": P_("Someone in her family"),
        "known": P_("Someone else she knows"),
        "unknown": P_("A stranger, or she does not know"),
    },
    "age": {
        "minor": P_("Yes, under 18"),
        "adult": P_("No, 18 or older"),
        "unknown": P_("Not said"),
    },
    "images": {
        "shared": P_("Shared"),
        "threatened": P_("Threatened to be shared"),
        "no": P_("No"),
        "skip": P_("Not said"),
    },
}
ANSWER_REASONS = {
    "in_danger": P_("She said she is in danger now"),
    "unsure_if_safe": P_("She is not sure she is safe"),
    "images": P_("Intimate images shared or threatened"),
    "minor_images": P_("Intimate images of someone under 18"),
    "minor_sexual_exploitation": P_("Sexual exploitation of someone under 18"),
    "partner_threat_or_stalking": P_("Threats or stalking by a partner or ex-partner"),
}
AUDIT_ACTIONS = {
    "opened": P_("opened the case"),
    "downloaded": P_("downloaded a file"),
    "took": P_("took the case"),
    "status": P_("changed the status"),
    "note": P_("added a note"),
    "reply": P_("wrote to her"),
    "reply_delivered": P_("delivered a reply"),
    "transfer_requested": P_("asked her about a transfer"),
    "transfer_accepted": P_("agreed to a transfer"),
    "transfer_declined": P_("declined a transfer"),
    "transfer_undeliverable": P_("could not ask her about a transfer: the bot cannot write to her"),
    "exported_summary": P_("downloaded the case summary (PDF)"),
    "printed": P_("printed the case page"),
    "exported_inbox": P_("downloaded the inbox as CSV"),
    "reply_read": P_("she opened a reply"),
    "replies_stopped": P_("she stopped messages from the service"),
    "evidence_added": P_("she added a file"),
    "login": P_("signed in"),
    "login_failed": P_("sign-in failed"),
    "login_locked": P_("sign-in refused: account locked"),
    "account_locked": P_("account locked after failed sign-ins"),
    "logout": P_("signed out"),
    "password_changed": P_("password changed"),
    "totp_enrolled": P_("authenticator app set up"),
    "language_changed": P_("portal language changed"),
    "account_created": P_("account created"),
    "account_unlocked": P_("account unlocked"),
    "member_added": P_("member added to a service"),
    "member_removed": P_("member removed from a service"),
    "alerts_requeued": P_("queued new-case alerts again"),
}
_STATUS_CHANGE = re.compile(r"^(\w+) → (\w+)(?: \((.+)\))?$")


def readable(value: str) -> str:
    """An id nobody has words for yet, readable: "some_new_thing" → "Some new thing"."""
    return value.replace("_", " ").capitalize()


def _from(table: dict[str, str], lang: PortalLanguage, value: str | None) -> str:
    if not value:
        return ""
    words = table.get(value)
    return lang.gettext(words) if words else readable(value)


def severity(lang: PortalLanguage, value: str | None) -> str:
    return _from(SEVERITIES, lang, value or "none")


def status(lang: PortalLanguage, value: str | None) -> str:
    return _from(STATUSES, lang, value)


def reported_by(lang: PortalLanguage, value: str | None) -> str:
    return _from(REPORTED_BY, lang, value or "self")


def reported_by_short(lang: PortalLanguage, value: str | None) -> str:
    return _from(REPORTED_BY_SHORT, lang, value or "self")


def category(lang: PortalLanguage, value: str | None) -> str:
    return _from(CATEGORIES, lang, value)


def categories(lang: PortalLanguage, joined: str) -> str:
    """A case's categories ("threat,doxxing") in words, or a dash."""
    return ", ".join(category(lang, c) for c in joined.split(",") if c) or "–"


def outcome(lang: PortalLanguage, value: str | None) -> str:
    if value and value not in OUTCOMES:
        # Older audit entries kept the English words, not the id.
        for key, english in OUTCOMES.items():
            if english == value:
                value = key
    return _from(OUTCOMES, lang, value)


def confidence(lang: PortalLanguage, value: str | None) -> str:
    return _from(SEVERITIES, lang, value)


def service_type(lang: PortalLanguage, value: str | None) -> str:
    return _from(SERVICE_TYPES, lang, value)


def evidence_kind(lang: PortalLanguage, value: str | None) -> str:
    return _from(EVIDENCE_KINDS, lang, value)


def topic(lang: PortalLanguage, topic_id: str) -> str:
    """A guidance topic by the title she read (the bot's own translation)."""
    found = TOPICS.get(topic_id)
    return lang.shared(found.title) if found else readable(topic_id)


def place(lang: PortalLanguage, country_code: str, region_code: str | None) -> str:
    """ "Serbia", "Bosnia and Herzegovina (Republika Srpska)", in the bot's own words."""
    try:
        name = (
            lang.shared("Somewhere else")
            if country_code == "other"
            else lang.shared(COUNTRY_NAMES[Country(country_code)])
        )
    except (KeyError, ValueError):
        name = country_code
    if not region_code:
        return name
    return "{} ({})".format(name, region(lang, region_code))


def country(lang: PortalLanguage, code: str) -> str:
    return place(lang, code, None)


def region(lang: PortalLanguage, code: str) -> str:
    try:
        return lang.shared(REGIONS[Region(code)].name)
    except (KeyError, ValueError):
        return code


def language_name(lang: PortalLanguage, code: str) -> str:
    """A language's name in the caseworker's words: "Macedonian", "македонски"."""
    return _from(LANGUAGE_NAMES, lang, code)


def her_language(lang: PortalLanguage, code: str | None) -> str:
    """ "Serbian (Cyrillic) – Српски" in the caseworker's words, then in its own."""
    language = LANGUAGES.get(code or "")
    if language is None:
        return lang.gettext(P_("Not recorded"))
    name = lang.gettext(LANGUAGE_NAMES[language.code])
    return name if name == language.native_name else "{} – {}".format(name, language.native_name)


def answer_rows(lang: PortalLanguage, answers: dict[str, object]) -> list[tuple[str, str]]:
    """Her structured answers as (question, answer) lines for the page and the summary."""
    rows = []
    for key, value in answers.items():
        question = _from(ANSWER_QUESTIONS, lang, key)
        if key == "country" and isinstance(value, str):
            shown = country(lang, value)
        elif key == "region" and isinstance(value, str):
            shown = region(lang, value)
        elif key == "categories" and isinstance(value, list):
            shown = ", ".join(category(lang, str(v)) for v in value)
        elif isinstance(value, str):
            shown = _from(ANSWER_VALUES.get(key, {}), lang, value)
        elif isinstance(value, list):
            shown = ", ".join(_from(ANSWER_VALUES.get(key, {}), lang, str(v)) for v in value)
        else:
            shown = ""
        rows.append((question, shown or "–"))
    return rows


def reason(lang: PortalLanguage, value: str) -> str:
    """Why a case has its severity ("answer:in_danger", "category:threat", "rule:…")."""
    kind, _sep, detail = value.partition(":")
    if kind == "answer":
        return _from(ANSWER_REASONS, lang, detail)
    if kind == "category":
        return lang.gettext(P_("Category: {category}")).format(category=category(lang, detail))
    if kind == "text":
        return lang.gettext(P_("What she wrote was graded {severity}")).format(
            severity=severity(lang, detail)
        )
    if kind == "rule":
        return lang.gettext(P_("Safety word rule {rule}")).format(rule=detail)
    return readable(value)


INBOX_FILTERS = {"open": P_("Open (new and in progress)"), "all": P_("All")}


def _filter_words(lang: PortalLanguage, name: str, value: str, service_name: object) -> str:
    """One inbox filter of an export, in words: "In progress", "High", "Serbia"."""
    if name == "status":
        return lang.gettext(INBOX_FILTERS[value]) if value in INBOX_FILTERS else status(lang, value)
    if name == "severity":
        return severity(lang, value)
    if name == "category":
        return category(lang, value)
    if name == "country":
        return country(lang, value)
    if name == "reported_by":
        return "{}: {}".format(
            lang.gettext(ANSWER_QUESTIONS["reported_by"]), reported_by(lang, value)
        )
    if name == "service" and callable(service_name):
        return str(service_name(value))
    return value


def audit_action(lang: PortalLanguage, action: str) -> str:
    return lang.gettext(AUDIT_ACTIONS[action]) if action in AUDIT_ACTIONS else readable(action)


def audit_detail(lang: PortalLanguage, entry: AuditEntry, service_name: object) -> str:
    """An audit entry's detail in her words where it is made of ids, else as kept."""
    detail = entry.detail or ""
    if entry.action == "status":
        match = _STATUS_CHANGE.match(detail)
        if match:
            before, after, ended = match.groups()
            text = "{} → {}".format(status(lang, before), status(lang, after))
            return text + (" ({})".format(outcome(lang, ended)) if ended else "")
    if entry.action == "exported_inbox":
        count, _sep, query = detail.partition(" cases; ")
        if count.isdigit():
            number = int(count)
            text = lang.ngettext(*PN_("{count} case", "{count} cases"), number)
            shown = [
                _filter_words(lang, name, value, service_name) for name, value in parse_qsl(query)
            ]
            return "; ".join([text.format(count=lang.number(number)), *shown])
    if entry.action == "alerts_requeued":
        return _alerts_requeued(lang, dict(parse_qsl(detail)), service_name)
    if entry.action == "transfer_requested" and detail.startswith("to "):
        name = service_name(detail[3:]) if callable(service_name) else detail[3:]
        return lang.gettext(P_("to {service}")).format(service=name)
    return detail


def _alerts_requeued(lang: PortalLanguage, detail: dict[str, str], service_name: object) -> str:
    """ "2 alerts; Demo service; its alert chat was changed": alerts queued again."""
    service = detail.get("service", "")
    count = int(detail["count"]) if detail.get("count", "").isdigit() else 0
    shown = [
        lang.ngettext(*PN_("{count} alert", "{count} alerts"), count).format(
            count=lang.number(count)
        ),
        str(service_name(service)) if callable(service_name) else service,
    ]
    if detail.get("why") == "chat_changed":
        shown.append(lang.gettext(P_("its alert chat was changed")))
    return "; ".join(shown)
