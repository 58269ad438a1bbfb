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


def _cut(sentence: str, limit: int) -> list[str]:
    """A sentence too long for one message, cut at spaces."""
    pieces = []
    while visible_length(sentence) > limit:
        cut = sentence.rfind(" ", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(sentence[:cut])
        sentence = sentence[cut:].lstrip()
    return [*pieces, sentence]


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` as one or more messages under `limit`: sentences packed in order, a new
    message started between sentences (a title stays with the first lines after it).

    Tags never span a sentence in the texts we split (a bold title, an italic line).
    """
    if visible_length(text) <= limit:
        return [text]
    units: list[tuple[str, str]] = []  # (separator before it, sentence)
    for number, paragraph in enumerate(text.split("\n")):
        for index, sentence in enumerate(_SENTENCE_END.split(paragraph)):
            separator = ("\n" if number else "") if index == 0 else " "
            for piece in _cut(sentence, limit):
                units.append((separator, piece))
                separator = " "
    messages: list[str] = []
    current = ""
    for separator, piece in units:
        candidate = current + separator + piece if current else piece
        if visible_length(candidate) <= limit:
            current = candidate
        else:
            if current.strip():
                messages.append(current.strip("\n "))
            current = piece
    if current.strip():
        messages.append(current.strip("\n "))
    return messages
