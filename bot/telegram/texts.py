"""Survivor-visible texts that belong to the transport, not to a flow step."""

from __future__ import annotations

from bot.flows.context import TranslatorLike


def private_only(t: TranslatorLike) -> str:
    return t.gettext(
        "I only work in private chats, to keep what you share safe. "
        "Please write to me directly. I'm leaving this group now."
    )


def internal_error(t: TranslatorLike) -> str:
    return t.gettext(
        "Something went wrong on our side. What you already sent is safe. "
        "Please try again in a moment."
    )


def command_descriptions(t: TranslatorLike) -> list[tuple[str, str]]:
    _ = t.gettext
    return [
        ("start", _("Begin or continue a report")),
        ("help", _("What this bot can do")),
        ("language", _("Change the language")),
        ("status", _("See what happened to your report")),
        ("exit", _("Leave now and delete this chat")),
        ("forget", _("Delete everything you shared")),
    ]
