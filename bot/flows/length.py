"""How long a message is on her screen, and keeping each one short.

Telegram counts the characters of the text after HTML parsing (tags gone, entities
read), in UTF-16 code units. A message she can read without scrolling stays under
`MESSAGE_LIMIT`; longer texts are cut into several at paragraph or sentence ends.
"""

from __future__ import annotations

import html
import re

MESSAGE_LIMIT = 600

_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def visible_length(text: str) -> int:
    """Characters Telegram counts for an HTML message (UTF-16 code units)."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def pack(blocks: list[str], limit: int = MESSAGE_LIMIT) -> bool:
    """Whether these blocks, joined by blank lines, fit one message."""
    return visible_length("\n\n".join(blocks)) <= limit


def _pieces(paragraph: str, limit: int) -> list[str]:
    """A paragraph too long for one message, cut at sentence ends (or spaces)."""
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        candidate = "{} {}".format(current, sentence) if current else sentence
        if visible_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = sentence
        while visible_length(current) > limit:
            cut = current.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(current[:cut])
            current = current[cut:].lstrip()
    if current:
        pieces.append(current)
    return pieces


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` as one or more messages under `limit`, cut between paragraphs where it can.

    Tags never span a paragraph in the texts we split (a bold title, an italic line).
    """
    if visible_length(text) <= limit:
        return [text]
    messages: list[str] = []
    current = ""
    for paragraph in text.split("\n"):
        parts = [paragraph] if visible_length(paragraph) <= limit else _pieces(paragraph, limit)
        for part in parts:
            candidate = "{}\n{}".format(current, part) if current else part
            if visible_length(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    messages.append(current.strip("\n"))
                current = part
    if current.strip():
        messages.append(current.strip("\n"))
    return messages
