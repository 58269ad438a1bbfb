"""Safety first, at any step: what she reads when she is in danger or speaks of ending
her life, before anything else (DESIGN principle 1).

- In danger (her answer, or words of immediate danger): the emergency numbers of her
  place, and with them her place's SOS and women's lines.
- Words of self-harm or suicide: a short, warm answer of their own with the crisis
  lines of her place (or a plain "we know of none"), then the emergency numbers.
- "Somewhere else": her local emergency number, 112 in most of Europe.
"""

from __future__ import annotations

from bot.domain import COUNTRY_NAMES, Assessment, Category, Country, Region, Severity
from bot.flows.actions import Send
from bot.flows.context import FlowContext
from bot.flows.helper_words import helper_translator
from bot.flows.notices import message
from bot.flows.state import ConversationState
from bot.i18n import TranslatorLike


def _place(state: ConversationState) -> tuple[Country | None, Region | None]:
    country = Country(state.draft.country) if state.draft.country else None
    region = Region(state.draft.region) if state.draft.region else None
    return country, region


def _elsewhere(t: TranslatorLike) -> str:
    return t.gettext("Anywhere else: your local emergency number, 112 in most of Europe.")


def emergency(state: ConversationState, ctx: FlowContext) -> Send:
    """The numbers to call now: her country's, her local one "somewhere else", or every
    country's until she has chosen."""
    t = ctx.translator(state.language)
    country, region = _place(state)
    helper = state.draft.for_someone_else
    if country is Country.OTHER:
        if helper:
            call = t.gettext(
                "If you or the person you are helping are in danger now, call the local "
                "emergency number: 112 in most of Europe."
            )
        else:
            call = t.gettext(
                "If you are in danger now, call your local emergency number: 112 in most of Europe."
            )
        text = "<b>{}</b>".format(call)
    elif country is not None:
        words = helper_translator(state, t)  # its notes, worded for a helper too
        text = ctx.routing.emergency_message(country, region, words, for_someone_else=helper)
    else:  # before the country: nobody has said yet whom the report is about
        lines = ["<b>{}</b>".format(t.gettext("If you are in danger now, call:"))]
        for each, name in COUNTRY_NAMES.items():
            numbers = ctx.routing.emergency_numbers(each)
            lines.append("{}: <b>{}</b>".format(t.gettext(name), ", ".join(numbers)))
        lines.append(_elsewhere(t))
        text = "\n".join(lines)
    return message(t, text, (), "emergency")


def danger(state: ConversationState, ctx: FlowContext) -> list[Send]:
    """Emergency numbers, and with them the SOS and women's lines of her place."""
    shown = [emergency(state, ctx)]
    country, region = _place(state)
    if country is not None and country is not Country.OTHER:
        t = ctx.translator(state.language)
        lines = ctx.routing.sos_message(country, region, t)
        if lines:
            shown.append(message(t, lines, (), "sos"))
    return shown


def crisis(state: ConversationState, ctx: FlowContext) -> list[Send]:
    """Words of self-harm or suicide: warm words and crisis lines, then emergency numbers."""
    t = ctx.translator(state.language)
    _ = t.gettext
    country, region = _place(state)
    helper = state.draft.for_someone_else
    if helper:
        warm = _(
            "Thank you for telling me. If the person you are helping is thinking of "
            "ending their life, neither of you has to face it alone: you can call one of "
            "these lines for them or with them. If it is you who feels this way, they are "
            "there for you too."
        )
    else:
        warm = _(
            "Thank you for telling me. I'm sorry you are going through this. "
            "You don't have to face it alone."
        )
    if country is not None:
        lines = ctx.routing.crisis_message(country, region, t)
    else:
        known = [
            "{}: <b>{}</b>".format(t.gettext(name), ", ".join(numbers))
            for each, name in COUNTRY_NAMES.items()
            if (numbers := ctx.routing.crisis_numbers(each))
        ]
        if known:
            lines = "\n".join(["<b>{}</b>".format(_("You can talk to someone here:")), *known])
        else:
            lines = ctx.routing.crisis_message(Country.OTHER, None, t)
    if helper:
        after = _("If the person might act on these thoughts now, call an emergency number:")
    else:
        after = _("If you might act on these thoughts now, please call an emergency number:")
    text = "{}\n\n{}\n\n{}".format(warm, lines, after)
    return [message(t, text, (), "crisis"), emergency(state, ctx)]


def first_on_screen(
    state: ConversationState, assessment: Assessment | None, ctx: FlowContext
) -> list[Send]:
    """What comes before the answer to what she wrote: the crisis answer for words of
    self-harm, the danger answer for words of immediate danger, else nothing."""
    if assessment is None:
        return []
    if Category.SELF_HARM in assessment.categories:
        return crisis(state, ctx)
    if assessment.severity is Severity.CRITICAL:
        return danger(state, ctx)
    return []
