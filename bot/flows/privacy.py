"""Her privacy, told plainly: /privacy, and the button under the welcome.

A few short messages in her language: what is kept and for how long, who can read
it, what Telegram itself can see of a chat with a bot, and her rights; the
deployment's data controller and contact come from its configuration
(`PrivacyFacts`). Then, on request, how to keep this chat out of sight on her phone.
Nothing here changes her state: she is where she was, asked again below.
"""

from __future__ import annotations

import html

from bot.flows.actions import Action, AnswerCallback, Button
from bot.flows.context import FlowContext, PrivacyFacts
from bot.flows.notices import PRIVACY_DATA, message
from bot.flows.prompts import Result, prompt, translator
from bot.flows.state import ConversationState
from bot.i18n import TranslatorLike

COMMAND = "privacy"
DATA = PRIVACY_DATA  # the welcome's button
HIDE_DATA = "privacy:hide"


def _kept(t: TranslatorLike, facts: PrivacyFacts) -> str:
    _ = t.gettext
    text = _(
        "<b>What is kept</b>\n"
        "Never your Telegram name, username or phone number: your account is known only "
        "by a code made from it. What you write and send while you make a report is kept "
        "encrypted, so that the bot can work with it, until you send it, say no, press "
        "Exit or send /forget."
    )
    if facts.draft_days:
        text += " " + t.ngettext(
            "A report left unfinished is deleted after {count} day.",
            "A report left unfinished is deleted after {count} days.",
            facts.draft_days,
        ).format(count=facts.draft_days)
    return text


def _readers(t: TranslatorLike) -> str:
    return t.gettext(
        "<b>Who can read it</b>\n"
        "When you send your report, it is sealed so that only the caseworkers of the "
        "support service you chose can open it: not the people who run this bot. It goes "
        "nowhere without your yes. The bot keeps the address of this chat (encrypted) while "
        "it still has messages here to delete, and for longer only if you allow the "
        "service to reply here."
    )


def _about_the_person(t: TranslatorLike) -> str:
    """For someone reporting for her: what becomes of what is told about her."""
    return t.gettext(
        "<b>What you tell about the person</b>\n"
        "What you write about the person you are helping is protected like everything "
        "else here: kept encrypted, and once you send the report, only the service you "
        "chose can read it. Their name and contact details are not needed. /forget "
        "deletes it with everything else."
    )


def _telegram(t: TranslatorLike) -> str:
    return t.gettext(
        "<b>What Telegram can see</b>\n"
        "Chats with bots are not end-to-end encrypted: Telegram stores this chat on its "
        "servers, as it does most chats. Exit deletes the messages here from your phone "
        "and from Telegram's servers, as far as Telegram allows."
    )


def _rights(t: TranslatorLike, facts: PrivacyFacts) -> str:
    _ = t.gettext
    text = _(
        "<b>Your rights</b>\n"
        "/forget deletes everything you shared here and withdraws a report you sent. "
        "/copy gives you a copy of your report before you send it; after that, the "
        "service that has it can give you one."
    )
    if facts.controller:
        contact = facts.contact or "–"
        text += "\n\n" + _("Responsible for your data: {controller}. Contact: {contact}.").format(
            controller=html.escape(facts.controller), contact=html.escape(contact)
        )
    return text


def hiding_advice(t: TranslatorLike) -> str:
    return t.gettext(
        "<b>Keeping this chat out of sight</b>\n"
        "• Archive it: in your chat list, swipe it to the left, or press and hold it and "
        "choose Archive.\n"
        "• Lock Telegram with a passcode: Settings → Privacy and Security → Passcode Lock.\n"
        "• Where Telegram offers it in this chat's menu, turn on Auto-delete: new messages "
        "then disappear after the time you choose.\n"
        "• Turn off message previews in Telegram's notification settings.\n"
        "Exit deletes this chat's messages at any time."
    )


def show(state: ConversationState, ctx: FlowContext, *, pressed: bool = False) -> Result:
    """The privacy notice, then her current question again."""
    t = translator(state, ctx)
    facts = ctx.privacy
    actions: list[Action] = [AnswerCallback()] if pressed else []
    actions += [
        message(t, _kept(t, facts), (), "privacy"),
        message(t, _readers(t), (), "privacy"),
        *(
            (message(t, _about_the_person(t), (), "privacy"),)
            if state.draft.for_someone_else
            else ()
        ),
        message(t, _telegram(t), (), "privacy"),
        message(
            t,
            _rights(t, facts),
            ((Button(t.gettext("How to hide this chat"), HIDE_DATA),),),
            "privacy",
        ),
        prompt(state, ctx),
    ]
    return state, actions


def on_press(state: ConversationState, data: str, ctx: FlowContext) -> Result:
    if data == HIDE_DATA:
        t = translator(state, ctx)
        return state, [AnswerCallback(), message(t, hiding_advice(t), (), "privacy")]
    return show(state, ctx, pressed=True)
