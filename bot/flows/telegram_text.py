"""Telegram's limits on a message's text, counted the way Telegram counts them.

Telegram measures a text after its entities are parsed (tags do not count, `&lt;` is
one character) and in UTF-16 code units, so an emoji outside the Basic Multilingual
Plane counts twice: 4,000 emoji are 8,000 units and are refused. Everything that
checks or splits a text the bot will send uses these functions.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from bot.flows.actions import Send

MESSAGE_LIMIT = 4096  # sendMessage / editMessageText, after entities parsing
_TOKEN = re.compile(r"<[^<>]*>|&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);|[^<&]+|[<&]", re.DOTALL)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")


def utf16_units(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible_units(text_html: str) -> int:
    """The UTF-16 length of an HTML text as she will see it (tags removed, entities read)."""
    plain = html.unescape(re.sub(r"<[^<>]*>", "", text_html))
    return utf16_units(plain)


def fits(text_html: str, limit: int = MESSAGE_LIMIT) -> bool:
    return 0 < visible_units(text_html) <= limit


def _break_at(pieces: list[str]) -> int:
    """Where to end a part: after the last line break, else the last space, else anywhere."""
    for wanted in ("\n", " "):
        for index in range(len(pieces) - 1, len(pieces) // 2, -1):
            if pieces[index] == wanted:
                return index + 1
    return len(pieces)


def split_html(text_html: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut an HTML text into parts Telegram accepts, each at most `limit` visible units.

    Parts end at a line break or a space where one is near; a tag open at a cut is
    closed at the end of the part and opened again at the start of the next, so each
    part is well formed on its own. Characters and entities are never cut in half.
    """
    if visible_units(text_html) <= limit:
        return [text_html]
    parts: list[str] = []
    pieces: list[str] = []  # the current part's tokens; tags carry no length
    units: list[int] = []
    prefix = ""
    total = 0

    def flush(upto: int) -> None:
        nonlocal prefix, pieces, units, total
        head, tail = pieces[:upto], pieces[upto:]
        stack = _open_after(prefix, head)
        closing = "".join("</{}>".format(name) for name, _ in reversed(stack))
        parts.append(prefix + "".join(head) + closing)
        prefix = "".join(tag for _, tag in stack)
        pieces, units = tail, units[upto:]
        total = sum(units)

    for token in _TOKEN.findall(text_html):
        if token.startswith("<") and len(token) > 1:
            pieces.append(token)
            units.append(0)
            continue
        characters = [token] if token.startswith("&") and len(token) > 1 else list(token)
        for character in characters:
            size = utf16_units(html.unescape(character))
            if total + size > limit:
                flush(_break_at(pieces))
            pieces.append(character)
            units.append(size)
            total += size
    stack = _open_after(prefix, pieces)
    closing = "".join("</{}>".format(name) for name, _ in reversed(stack))
    if pieces:
        parts.append(prefix + "".join(pieces) + closing)
    return [part for part in parts if visible_units(part) > 0]


def _open_after(prefix: str, pieces: list[str]) -> list[tuple[str, str]]:
    """The tags still open after `prefix` and `pieces`, outermost first."""
    stack: list[tuple[str, str]] = []
    for token in _TAG.finditer(prefix + "".join(p for p in pieces if p.startswith("<"))):
        name = token.group(1).lower()
        if token.group(0).startswith("</"):
            if stack and stack[-1][0] == name:
                stack.pop()
        else:
            stack.append((name, token.group(0)))
    return stack


def split_send(message: Send) -> list[Send]:
    """A message too long for one Telegram message as several; its buttons under the last."""
    parts = split_html(message.text)
    last = len(parts) - 1
    return [
        replace(message, text=part, buttons=message.buttons if index == last else ())
        for index, part in enumerate(parts)
    ]
