"""/start from a partner's QR code or link: partner, country and language chosen for her.

The service has checked the link's signature (`bot.services.deep_links`); the flow
only sees what a genuine link chose (`EntryLink`) or that a link was refused. She
still sees the welcome, with the language and privacy buttons under her first
question; the country question is skipped (a plain /start asks it again); the partner
is preferred when her report is routed, if it may receive her case (a minor's case
still goes where minors' cases go). Like any new report, it keeps her case relay.
"""

from __future__ import annotations

from bot.domain import COUNTRY_NAMES, Country
from bot.flows.collect import new_report
from bot.flows.context import FlowContext
from bot.flows.events import EntryLink
from bot.flows.prompts import Result, asked, first_rows, translator, welcome
from bot.flows.state import ConversationState
from bot.flows.steps import next_step
from bot.i18n import LANGUAGES


def welcomed(state: ConversationState, entry: EntryLink, ctx: FlowContext) -> Result:
    """A fresh report with the link's choices, welcomed in her language."""
    fresh = state.kept_on_exit()
    fresh.language = entry.language
    fresh.draft.country = entry.country
    fresh.draft.referred_by = entry.partner_id
    fresh.step = next_step(fresh)  # neither the language nor the country is asked
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
    return fresh, asked(
        fresh, ctx, welcome(t, ctx.privacy.quiet_hours) + "\n\n" + note, extra_rows=first_rows(t)
    )


def refused(state: ConversationState, ctx: FlowContext) -> Result:
    """A link that could not be checked chooses nothing; she starts as from /start."""
    t = translator(state, ctx)
    note = t.gettext(
        "This link could not be checked, so nothing was chosen for you. You can still make "
        "a report here."
    )
    return new_report(state, ctx, note=welcome(t, ctx.privacy.quiet_hours) + "\n\n" + note)
