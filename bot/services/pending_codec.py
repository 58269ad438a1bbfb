"""Outbound actions to JSON and back, so a pending reply survives a crash.

A document (her evidence pack) is kept as the flow composed it, words and layout,
not as a PDF: it is laid out again when the answer is sent. A `SendFile` never
reaches here (the service lays documents out after the step is stored).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from bot.flows.actions import (
    AnswerCallback,
    Button,
    ChatMenu,
    EditPressed,
    Keyboard,
    LeaveChat,
    Send,
    SendDocument,
)
from bot.flows.documents import Block, Document, Fields, Heading, PageBreak, Paragraph, Table
from bot.services.outcome import DeleteMessages, Outbound

_BLOCKS: dict[str, type[Block]] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "fields": Fields,
    "table": Table,
    "page_break": PageBreak,
}
_BLOCK_NAMES = {kind: name for name, kind in _BLOCKS.items()}


def _keyboard(rows: Keyboard) -> list[list[list[str]]]:
    return [[[b.label, b.data] for b in row] for row in rows]


def _rows(raw: list[list[list[str]]]) -> Keyboard:
    return tuple(tuple(Button(label, data) for label, data in row) for row in raw)


def encode(actions: list[Outbound]) -> bytes:
    out: list[dict[str, Any]] = []
    for action in actions:
        if isinstance(action, Send):
            out.append(
                {"t": "send", "text": action.text, "b": _keyboard(action.buttons), "s": action.step}
            )
        elif isinstance(action, SendDocument):
            out.append(
                {
                    "t": "document",
                    "doc": _document(action.document),
                    "caption": action.caption,
                    "b": _keyboard(action.buttons),
                    "s": action.step,
                }
            )
        elif isinstance(action, EditPressed):
            out.append({"t": "edit", "text": action.text, "b": _keyboard(action.buttons)})
        elif isinstance(action, AnswerCallback):
            out.append({"t": "answer", "text": action.text})
        elif isinstance(action, DeleteMessages):
            out.append({"t": "delete", "ids": list(action.message_ids)})
        elif isinstance(action, ChatMenu):
            commands = None if action.commands is None else [list(c) for c in action.commands]
            out.append({"t": "menu", "commands": commands})
        elif isinstance(action, LeaveChat):
            out.append({"t": "leave"})
    return json.dumps(out, ensure_ascii=False).encode()


def decode(raw: bytes) -> list[Outbound]:
    actions: list[Outbound] = []
    for item in json.loads(raw.decode()):
        kind = item["t"]
        if kind == "send":
            actions.append(Send(item["text"], _rows(item["b"]), item.get("s", "")))
        elif kind == "document":
            actions.append(
                SendDocument(
                    _read_document(item["doc"]), item["caption"], _rows(item["b"]), item["s"]
                )
            )
        elif kind == "edit":
            actions.append(EditPressed(item["text"], _rows(item["b"])))
        elif kind == "answer":
            actions.append(AnswerCallback(item["text"]))
        elif kind == "delete":
            actions.append(DeleteMessages(tuple(item["ids"])))
        elif kind == "menu":
            raw_commands = item["commands"]
            actions.append(
                ChatMenu(None if raw_commands is None else tuple((c, d) for c, d in raw_commands))
            )
        elif kind == "leave":
            actions.append(LeaveChat())
    return actions


def _document(document: Document) -> dict[str, Any]:
    raw = asdict(document)
    raw["blocks"] = [{"k": _BLOCK_NAMES[type(b)], **asdict(b)} for b in document.blocks]
    return raw


def _tuples(value: Any) -> Any:
    """JSON lists back into the tuples the frozen dataclasses hold."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _read_document(raw: dict[str, Any]) -> Document:
    blocks: list[Block] = []
    for item in raw["blocks"]:
        fields = {key: _tuples(value) for key, value in item.items() if key != "k"}
        blocks.append(_BLOCKS[item["k"]](**fields))
    values = {key: value for key, value in raw.items() if key != "blocks"}
    return Document(**values, blocks=tuple(blocks))
