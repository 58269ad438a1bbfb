"""Library-independent parsing helpers shared by both transports."""

from __future__ import annotations

from bot.flows.events import Command

UNSUPPORTED_KINDS = (
    "sticker",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
)


def parse_command(text: str, language_hint: str | None) -> Command | None:
    """`/name@bot args` → Command, or None when the text is not a command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _sep, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name.replace("_", "").isalnum():
        return None
    return Command(name=name, args=args.strip(), language_hint=language_hint)
