"""/start from a partner's QR code or link: partner, country and language chosen for her.

The service has checked the link's signature (`bot.services.deep_links`); the flow
only sees what a genuine link chose (`EntryLink`) or that a link was refused. She
still sees the welcome and can choose another language; the country question is
skipped (a plain /start asks it again); the partner is preferred when her report is
routed, if it may receive her case (a minor's case still goes where minors' cases go).
"""

from __future__ import annotations

from bot.domain import COUNTRY_NAMES, Country
from bot.flows.context import FlowContext
from bot.flows.events import EntryLink
from bot.flows.prompts import Result, prompt, translator
from bot.flows.state import ConversationState
from bot.i18n import LANGUAGES


def welcome(fresh: ConversationState, entry: EntryLink, ctx: FlowContext) -> Result:
    """A fresh conversation with the link's choices, welcomed in her language."""
    fresh.language = entry.language
    fresh.draft.country = entry.country
    fresh.draft.referred_by = entry.partner_id
    t = translator(fresh, ctx)
    note = t.gettext(
        "You came here through a link from {partner}, so the country ({country}) and the "
        "language ({language}) are already chosen: you can choose another language below. "
        "If you are somewhere else, send /start to choose again."
    ).format(
        partner=ctx.routing.partner_name(entry.partner_id, t),
        country=t.gettext(COUNTRY_NAMES[Country(entry.country)]),
        language=LANGUAGES[entry.language].native_name,
    )
    return fresh, [prompt(fresh, ctx, note=note)]


def refused(fresh: ConversationState, ctx: FlowContext) -> Result:
    """A link that could not be checked chooses nothing; she starts as from /start."""
    note = translator(fresh, ctx).gettext(
        "This link could not be checked, so nothing was chosen for you. You can still make "
        "a report here."
    )
    return fresh, [prompt(fresh, ctx, note=note)]
