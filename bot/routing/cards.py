"""Short renderings of the directory for a phone screen: one service as a card, the
SOS and women's lines of a place.

The flows pack cards into messages that Telegram shows without scrolling (see
`bot.flows.results`); the long renderings of `presentation.py` stay for the portal
and the caseworker. Names and data are escaped; every label is a msgid.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import REGIONS, Service
from bot.i18n import N_, TranslatorLike
from bot.routing.presentation import (
    UNVERIFIED_MARK,
    _contact,
    _contact_value,
    _facts,
    _heading,
    _tr,
    service_name,
)
from bot.routing.reasons import REASONS
from bot.routing.visibility import heading_marked

CARD_CONTACTS = 3  # a card lists at most this many ways to reach a service

CARD_MSGIDS = (N_("SOS and women's lines, free to call:"),)
"""The msgids used below (listed here so `bot.routing.texts` can enumerate them)."""


def render_card(service: Service, reason_id: str, t: TranslatorLike, *, brief: bool = False) -> str:
    """Name, the first ways to reach it, its facts, and what it does for her."""
    lines = [_heading(service, t)]
    contacts = service.contacts if not brief else service.contacts[:1]
    lines.extend(_contact(service, c, t) for c in contacts[:CARD_CONTACTS])
    facts = _facts(service, t)
    if facts:
        lines.append(facts)
    if not brief:
        lines.append("<i>{}</i>".format(_tr(t, REASONS.get(reason_id, REASONS["related_service"]))))
    return "\n".join(lines)


def _phone_line(service: Service, t: TranslatorLike) -> str:
    phones = [c for c in service.contacts if c.kind in ("phone", "sms")] or list(service.contacts)
    numbers = ", ".join(_contact_value(c, t) for c in phones)
    line = "{}: {}".format(service_name(service, t), numbers)
    if heading_marked(service):
        line += " " + _tr(t, UNVERIFIED_MARK)
    return line


def render_sos_lines(services: Sequence[Service], t: TranslatorLike) -> str:
    """The SOS and women's lines of her place, one line each; empty when there are none."""
    if not services:
        return ""
    lines = ["<b>{}</b>".format(_tr(t, N_("SOS and women's lines, free to call:")))]
    for service in services:
        line = _phone_line(service, t)
        if service.regions:
            line += " – " + ", ".join(_tr(t, REGIONS[r].name) for r in service.regions)
        lines.append(line)
    return "\n".join(lines)
