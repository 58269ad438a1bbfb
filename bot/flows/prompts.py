"""How each step asks its question: `PROMPTS` maps a step to its text and buttons.

A step not in the map asks its `ChoiceStep` from `steps.py` as it is; the map holds
the steps whose text depends on her answers so far.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from bot.domain import Category
from bot.flows import notices
from bot.flows.actions import Action, AnswerCallback, Button, Keyboard, Send
from bot.flows.context import FlowContext
from bot.flows.helper_words import helper_translator
from bot.flows.length import MESSAGE_LIMIT, visible_length
from bot.flows.state import ConversationState
from bot.flows.steps import (
    CATEGORIES,
    CHOICE_STEPS,
    CONSENT,
    COUNTRY,
    DONE_OPTION,
    FORGET,
    REGION_STEPS,
    REPLIES,
    ChoiceStep,
    choice_for,
    progress,
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


LANGUAGE_DATA = "lang"  # the language button: the language question, then back


def language_row(t: TranslatorLike) -> tuple[Button, ...]:
    return (Button("🌐 " + t.gettext("Change language"), LANGUAGE_DATA),)


def first_rows(t: TranslatorLike) -> Keyboard:
    """Under her first question: the language button, and her privacy notice."""
    return (language_row(t), (Button(t.gettext("How your data is kept"), notices.PRIVACY_DATA),))


def done_row(t: TranslatorLike) -> Keyboard:
    """Under the narrative question and each thing she adds to it."""
    return ((Button(t.gettext("Done, continue"), "narrative:" + DONE_OPTION),),)


def welcome(t: TranslatorLike, quiet_hours: int | None = None) -> str:
    """The first words she reads, above the first question; with the quiet-period sweep
    on, one line says when the chat clears itself."""
    text = t.gettext(
        "Welcome. This is a safe place to report online abuse. You don't need to give "
        "your name, and it is free.\n\nYou can leave at any time: press Exit and this "
        "chat is deleted."
    )
    if quiet_hours is None:
        return text
    quiet = t.ngettext(
        "This chat clears itself after {hours} hour without new messages.",
        "This chat clears itself after {hours} hours without new messages.",
        quiet_hours,
    ).format(hours=quiet_hours)
    return "{}\n{}".format(text, quiet)


def _language(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    buttons = []
    for code, language in LANGUAGES.items():
        label = ("✓ " if code == state.language else "") + language.native_name
        buttons.append(Button(label, f"language:{code}"))
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return t.gettext("Choose your language:"), rows


def _country(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    """Her Telegram language was the first guess: the language button is right here,
    and what is kept, and who can read it, one press away before she says anything."""
    return t.gettext(COUNTRY.prompt), (*choice_rows(t, COUNTRY), *first_rows(t))


def _region(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    choice = REGION_STEPS.get(state.draft.country or "")
    if choice is None:
        return _start(state, ctx, t)
    return t.gettext(choice.prompt), choice_rows(t, choice)


def _categories(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    selected = frozenset(state.draft.categories)
    asking = choice_for(state, CATEGORIES.id)
    return t.gettext(asking.prompt), choice_rows(t, asking, selected)


def _narrative(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike
) -> tuple[str, Keyboard]:
    _ = t.gettext
    if state.draft.for_someone_else:
        # No name or contact of hers is asked for, and none is needed.
        text = _(
            "In your own words, what happened to the person you are helping? You can also "
            "forward messages, and send screenshots, documents, voice messages, videos or "
            "links as evidence. The person's name and contact details are not needed.\n\n"
            "When you have finished, press Done."
        )
    else:
        text = _(
            "In your own words, what happened? Write as much or as little as you want, in "
            "several messages if you like. You can also forward messages, and send "
            "screenshots, documents, voice messages, videos or links as evidence.\n\nWhen "
            "you have finished, press Done."
        )
    if Category.IMAGE_ABUSE.value in state.draft.categories or (
        Category.SEXTORTION.value in state.draft.categories
    ):
        text += "\n\n" + _("Please don't send intimate images. Describing them in words is enough.")
    if state.draft.partner_possible is False:
        # Before she writes her story: from her place, nothing can be sent.
        text = (
            "<b>{}</b>\n\n".format(
                _(
                    "No partner service can receive reports from where you are yet, so "
                    "nothing you write will be sent. Telling me what happened still helps "
                    "me show you the right help."
                )
            )
            + text
        )
    return text, done_row(t)


def _partner(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    """Several partners fit her report: she chooses, with one line about each."""
    lines = [t.gettext("More than one service can receive your report. Which one should get it?")]
    words = helper_translator(state, t)  # what each does, for a helper too
    buttons = []
    for partner_id in state.draft.partner_choices:
        name = ctx.routing.partner_name(partner_id, t)
        lines.append(
            "<b>{}</b>: {}".format(
                html.escape(name, quote=False),
                html.escape(ctx.routing.partner_line(partner_id, words), quote=False),
            )
        )
        label = name if len(name) <= 64 else name[:63] + "…"
        buttons.append((Button(label, "partner:" + partner_id),))
    return "\n\n".join(lines), tuple(buttons)


def _consent(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    partner = html.escape(ctx.routing.partner_name(state.draft.partner_id or "", t), quote=False)
    if state.draft.for_someone_else:
        text = _consent_for_someone_else(t, partner)
    else:
        text = _consent_for_her(t, partner)
    # Her last chance to keep a copy: once sent, only the partner can open the report.
    pack = (Button(t.gettext("First, a PDF copy for me"), notices.PACK_DATA),)
    return text, (*choice_rows(t, CONSENT), pack)


def _consent_for_her(t: TranslatorLike, partner: str) -> str:
    return t.gettext(
        "{partner} can receive your report and help you.\n\n"
        "If you say yes, they will receive: what you wrote, the files you sent, "
        "your answers and your country.\n"
        "They will NOT receive your Telegram name, username, phone number or account.\n\n"
        "Do you want to send your report to {partner}? They can also write to you here, "
        "if you allow it."
    ).format(partner=partner)


def _consent_for_someone_else(t: TranslatorLike, partner: str) -> str:
    """A helper consents to sending: the service treats it as a report by someone else,
    and may write to the helper here, and will want to hear from the person herself."""
    return t.gettext(
        "{partner} can receive this report and help.\n\n"
        "If you say yes, they will receive: what you wrote, the files you sent, your "
        "answers and the country, marked as a report made by someone else.\n"
        "They will NOT receive your Telegram name, username, phone number or account.\n\n"
        "If you allow it, they can write to you here. If possible, they will want to hear "
        "from the person themselves: what happens next is their decision.\n\n"
        "Do you want to send this report to {partner}?"
    ).format(partner=partner)


def _replies(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    partner = html.escape(ctx.routing.partner_name(state.draft.partner_id or "", t), quote=False)
    text = t.gettext(
        "Is it safe for you to get messages from {partner} on this phone? Each one first "
        'shows only "You have a new message", and you can pause them at any time. '
        "They will not see who you are."
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
    ).format(reference=reference)
    if state.replies_allowed:
        text += "\n\n" + t.gettext(
            "Pressing Exit deletes this chat; messages from the service still reach you."
        )
    return text, ()


HOME_NEW_REPORT = "home:new"


def _home(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    """Back after Exit or /start, with a report sent: her case first, a new report next."""
    _ = t.gettext
    reference = state.case_reference or ""
    if state.replies_allowed:
        text = _(
            "Your report {reference} is with the service. To write to them, just write "
            "here. To make a new report, press New report."
        )
    else:
        text = _(
            "Your report {reference} is with the service. /status {reference} shows what "
            "is happening with it. To make a new report, press New report."
        )
    rows: Keyboard = ((Button(_("New report"), HOME_NEW_REPORT),), language_row(t))
    return text.format(reference=reference), rows


def _forget(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    text = t.gettext(FORGET.prompt).format(reference=state.case_reference or "")
    return text, choice_rows(t, FORGET)


def _closed(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    return t.gettext("Nothing more is needed here. To make a new report, send /start."), ()


def _start(state: ConversationState, ctx: FlowContext, t: TranslatorLike) -> tuple[str, Keyboard]:
    return t.gettext("Send /start to begin."), ()


PROMPTS: dict[str, Asking] = {
    "new": _start,
    "language": _language,
    "country": _country,
    "region": _region,
    "categories": _categories,
    "narrative": _narrative,
    "partner": _partner,
    "consent": _consent,
    "replies": _replies,
    "done": _submitted,
    "home": _home,
    "closed": _closed,
    "forget": _forget,
}


def prompt(
    state: ConversationState, ctx: FlowContext, note: str = "", extra_rows: Keyboard = ()
) -> Send:
    """The message that asks the current step's question (with an optional note first,
    and where she is among the questions: "3 of 9"); `extra_rows` go under its buttons."""
    t = translator(state, ctx)
    asking = PROMPTS.get(state.step)
    if asking is not None:
        text, rows = asking(state, ctx, t)
    elif state.step in CHOICE_STEPS:
        listed = choice_for(state, state.step)
        text, rows = t.gettext(listed.prompt), choice_rows(t, listed)
    else:
        text, rows = _start(state, ctx, t)
    where = progress(state)
    if where is not None:
        number, total = where
        text = "<i>{}</i>\n{}".format(
            t.gettext("{number} of {total}").format(number=number, total=total), text
        )
    prefix = note + "\n\n" if note else ""
    return notices.message(t, prefix + text, (*rows, *extra_rows), state.step)


def asked(
    state: ConversationState, ctx: FlowContext, note: str, extra_rows: Keyboard = ()
) -> list[Action]:
    """The note on top of the question when both fit one short message; else the note
    on its own first (no message she reads is longer than `length.MESSAGE_LIMIT`)."""
    together = prompt(state, ctx, note=note, extra_rows=extra_rows)
    if visible_length(together.text) <= MESSAGE_LIMIT:
        return [together]
    t = translator(state, ctx)
    return [notices.message(t, note, (), "note"), prompt(state, ctx, extra_rows=extra_rows)]


def stale(state: ConversationState, ctx: FlowContext) -> Result:
    """An old or forged button: say so, and show where she is."""
    t = translator(state, ctx)
    return state, [AnswerCallback(t.gettext("That button no longer works.")), prompt(state, ctx)]
