"""How each step asks its question: `PROMPTS` maps a step to its text and buttons.

A step not in the map asks its `ChoiceStep` from `steps.py` as it is; the map holds
the steps whose text depends on her answers so far.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.domain import COUNTRY_NAMES, Category, Country, Region
from bot.flows import notices
from bot.flows.actions import Action, AnswerCallback, Button, Keyboard, Send
from bot.flows.context import FlowContext
from bot.flows.state import ConversationState
from bot.flows.steps import (
    CATEGORIES,
    CHOICE_STEPS,
    CONSENT,
    DONE_OPTION,
    REGION_STEPS,
    REPLIES,
    ChoiceStep,
)
from bot.i18n import LANGUAGES, TranslatorLike

Result = tuple[ConversationState, list[Action]]
Asking = Callable[[ConversationState, FlowContext, TranslatorLike], tuple[str, Keyboard]]


def translator(state: ConversationState, ctx: FlowContext) -> TranslatorLike:
    return ctx.translator(state.language)


def choice_rows(
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


def done_row(t: TranslatorLike) -> Keyboard:
    """Under the narrative question and each thing she adds to it."""
    return ((Button(t.gettext("Done, continue"), "narrative:" + DONE_OPTION),),)


def _language(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    text = t.gettext(
        "Welcome. This is a safe place to report online abuse. You don't need to give "
        "your name, and it is free.\n\nYou can leave at any time: press Exit and this "
        "chat is deleted.\n\nChoose your language:"
    )
    buttons = []
    for code, language in LANGUAGES.items():
        label = ("✓ " if code == state.language else "") + language.native_name
        buttons.append(Button(label, f"language:{code}"))
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    # What is kept, and who can read it: one press away before she says anything.
    return text, (*rows, (Button(t.gettext("How your data is kept"), notices.PRIVACY_DATA),))


def _region(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    choice = REGION_STEPS.get(state.draft.country or "")
    if choice is None:
        return _start(state, ctx, t)
    return t.gettext(choice.prompt), choice_rows(t, choice)


def _categories(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    selected = frozenset(state.draft.categories)
    return t.gettext(CATEGORIES.prompt), choice_rows(t, CATEGORIES, selected)


def _narrative(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    _ = t.gettext
    text = _(
        "In your own words, what happened? Write as much or as little as you want, in "
        "several messages if you like. You can also forward messages, and send screenshots, "
        "documents, voice messages, videos or links as evidence.\n\nWhen you have "
        "finished, press Done."
    )
    if Category.IMAGE_ABUSE.value in state.draft.categories or (
        Category.SEXTORTION.value in state.draft.categories
    ):
        text += "\n\n" + _("Please don't send intimate images. Describing them in words is enough.")
    return text, done_row(t)


def _consent(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    partner = ctx.routing.partner_name(state.draft.partner_id or "", t)
    text = t.gettext(
        "{partner} can receive your report and help you.\n\n"
        "If you say yes, they will receive: what you wrote, the files you sent, "
        "your answers and your country.\n"
        "They will NOT receive your Telegram name, username, phone number or account.\n\n"
        "Do you want to send your report to {partner}?"
    ).format(partner=partner)
    # Her last chance to keep a copy: once sent, only the partner can open the report.
    pack = (Button(t.gettext("First, a PDF copy for me"), notices.PACK_DATA),)
    return text, (*choice_rows(t, CONSENT), pack)


def _replies(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    partner = ctx.routing.partner_name(state.draft.partner_id or "", t)
    text = t.gettext(
        "May a caseworker from {partner} write to you here, in this chat? "
        "They will not see who you are. You can say no."
    ).format(partner=partner)
    return text, choice_rows(t, REPLIES)


def _submitted(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    reference = state.case_reference or ""
    text = t.gettext(
        "Your report has been sent. Your reference code is {reference}.\n\n"
        "Keep it somewhere safe. /status {reference} shows what is happening with your "
        "report. A caseworker reads reports in order of urgency. You can delete "
        "everything at any time with /forget."
    )
    return text.format(reference=reference), ()


def _closed(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    return t.gettext("Nothing more is needed here. To make a new report, send /start."), ()


def _start(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    return t.gettext("Send /start to begin."), ()


PROMPTS: dict[str, Asking] = {
    "new": _language,
    "language": _language,
    "region": _region,
    "categories": _categories,
    "narrative": _narrative,
    "consent": _consent,
    "replies": _replies,
    "done": _submitted,
    "closed": _closed,
}


def prompt(state: ConversationState, ctx: FlowContext, note: str = "") -> Send:
    """The message that asks the current step's question (with an optional note first)."""
    t = translator(state, ctx)
    asking = PROMPTS.get(state.step)
    if asking is not None:
        text, rows = asking(state, ctx, t)
    elif state.step in CHOICE_STEPS:
        listed = CHOICE_STEPS[state.step]
        text, rows = t.gettext(listed.prompt), choice_rows(t, listed)
    else:
        text, rows = _start(state, ctx, t)
    prefix = note + "\n\n" if note else ""
    step_id = "language" if state.step == "new" else state.step
    return notices.message(t, prefix + text, rows, step_id)


def stale(state: ConversationState, ctx: FlowContext) -> Result:
    """An old or forged button: say so, and show where she is."""
    t = translator(state, ctx)
    return state, [AnswerCallback(t.gettext("That button no longer works.")), prompt(state, ctx)]


def emergency(state: ConversationState, ctx: FlowContext) -> Send:
    """The numbers to call now: her country's, or every country's until she has chosen."""
    t = translator(state, ctx)
    country = Country(state.draft.country) if state.draft.country else None
    region = Region(state.draft.region) if state.draft.region else None
    if country is not None and country is not Country.OTHER:
        text = ctx.routing.emergency_message(country, region, t)
    else:
        lines = ["<b>{}</b>".format(t.gettext("If you are in danger now, call:"))]
        for each, name in COUNTRY_NAMES.items():
            numbers = ctx.routing.emergency_numbers(each)
            lines.append("{}: <b>{}</b>".format(t.gettext(name), ", ".join(numbers)))
        text = "\n".join(lines)
    return notices.message(t, text, (), "emergency")
