"""Message entities: HTML parse_mode for bot text and auto-detected entities in user text.

Offsets and lengths count UTF-16 code units, as Telegram does; clients slice by them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from .errors import bad_request

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
    "a": "text_link",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}

_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_URL = re.compile(r"\bhttps?://[^\s<>\"]+|\b(?:www\.)[^\s<>\"]+")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset: known tags become entities, anything else is a parse error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self.stack: list[tuple[str, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.text += "\n"
            return
        kind = _SIMPLE_TAGS.get(tag)
        if kind is None:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        attributes = dict(attrs)
        entity: dict[str, Any] = {"type": kind, "offset": utf16_len(self.text)}
        if tag == "a":
            entity["url"] = attributes.get("href") or ""
        elif tag == "span" and attributes.get("class") != "tg-spoiler":
            raise bad_request('can\'t parse entities: Unsupported start tag "span"')
        elif tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id") or ""
        elif tag == "code" and self.stack and self.stack[-1][0] == "pre":
            language = (attributes.get("class") or "").removeprefix("language-")
            if language:
                self.stack[-1][1]["language"] = language
        self.stack.append((tag, entity))

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        if not self.stack or self.stack[-1][0] != tag:
            raise bad_request(f'can\'t parse entities: Unmatched end tag "{tag}"')
        _, entity = self.stack.pop()
        if entity["type"] == "text_link" and not entity["url"]:
            return
        entity["length"] = utf16_len(self.text) - entity["offset"]
        if entity["length"] > 0:
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities from Telegram-style HTML (answers 400 as Telegram would)."""
    parser = _TelegramHtml()
    parser.feed(source)
    parser.close()
    if parser.stack:
        tag = parser.stack[-1][0]
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{tag}\""
        )
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return parser.text, entities


def format_text(
    text: str, parse_mode: str | None, entities: Any
) -> tuple[str, list[dict[str, Any]]]:
    """Apply parse_mode (HTML; Markdown kinds are passed through unparsed) or given entities."""
    if parse_mode and parse_mode.upper() == "HTML":
        return parse_html(text)
    if isinstance(entities, list):
        return text, [e for e in entities if isinstance(e, dict)]
    return text, []


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to what a user types: bot commands and links."""
    found: list[dict[str, Any]] = []
    for pattern, kind in ((_COMMAND, "bot_command"), (_URL, "url")):
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(found, key=lambda e: e["offset"])
