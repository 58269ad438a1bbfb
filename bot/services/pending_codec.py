"""Outbound actions to JSON and back, so a pending reply survives a crash."""

from __future__ import annotations

import json
from typing import Any

from bot.flows.actions import AnswerCallback, Button, EditPressed, Keyboard, LeaveChat, Send
from bot.services.outcome import DeleteMessages, Outbound


def _keyboard(rows: Keyboard) -> list[list[list[str]]]:
    return [[[b.label, b.data] for b in row] for row in rows]


def _rows(raw: list[list[list[str]]]) -> Keyboard:
    return tuple(tuple(Button(label, data) for label, data in row) for row in raw)


def encode(actions: list[Outbound]) -> bytes:
    out: list[dict[str, Any]] = []
    for action in actions:
        if isinstance(action, Send):
            out.append(
                {
                    "t": "send",
                    "text": action.text,
                    "b": _keyboard(action.buttons),
                    "s": action.step,
                    "f": action.fallback,
                }
            )
        elif isinstance(action, EditPressed):
            out.append(
                {
                    "t": "edit",
                    "text": action.text,
                    "b": _keyboard(action.buttons),
                    "f": action.fallback,
                }
            )
        elif isinstance(action, AnswerCallback):
            out.append({"t": "answer", "text": action.text})
        elif isinstance(action, DeleteMessages):
            out.append({"t": "delete", "ids": list(action.message_ids)})
        elif isinstance(action, LeaveChat):
            out.append({"t": "leave"})
    return json.dumps(out, ensure_ascii=False).encode()


def decode(raw: bytes) -> list[Outbound]:
    actions: list[Outbound] = []
    for item in json.loads(raw.decode()):
        kind = item["t"]
        if kind == "send":
            actions.append(
                Send(item["text"], _rows(item["b"]), item.get("s", ""), item.get("f", ""))
            )
        elif kind == "edit":
            actions.append(EditPressed(item["text"], _rows(item["b"]), item.get("f", "")))
        elif kind == "answer":
            actions.append(AnswerCallback(item["text"]))
        elif kind == "delete":
            actions.append(DeleteMessages(tuple(item["ids"])))
        elif kind == "leave":
            actions.append(LeaveChat())
    return actions
