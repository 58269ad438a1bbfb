"""The bot's face in Telegram: its description and short description, in her language.

The description is what Telegram shows in an empty chat with the bot (before /start,
and after Exit emptied it); the short description is on the bot's profile and beside
a shared link. A discreet deployment (a neutral name and picture, see docs/deploy.md)
uses the discreet words, which say nothing about abuse to someone glancing at her phone.
"""

from __future__ import annotations

from bot.i18n import TranslatorLike

DESCRIPTION_LIMIT = 512  # Telegram's limits (setMyDescription, setMyShortDescription)
SHORT_DESCRIPTION_LIMIT = 120


def description(t: TranslatorLike, *, discreet: bool = False) -> str:
    if discreet:
        return t.gettext(
            "A private space for notes and support. Press Start to begin. You can delete "
            "everything at any time."
        )
    return t.gettext(
        "Report online abuse (threats, intimate images shared or threatened, stalking, "
        "harassment) anonymously and in your language, and find services that can help "
        "you in Albania, Bosnia and Herzegovina, Kosovo, Montenegro, North Macedonia, "
        "Serbia and the United Kingdom. You don't need to give your name. Exit deletes "
        "this chat at any time."
    )


def short_description(t: TranslatorLike, *, discreet: bool = False) -> str:
    if discreet:
        return t.gettext("Private notes and support.")
    return t.gettext("Report online abuse anonymously and find help. You can leave at any time.")
