"""What one step asks of the transport: the Telegram calls to make, and what to remember."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from bot.flows.actions import (
    AnswerCallback,
    ChatMenu,
    EditPressed,
    Keyboard,
    LeaveChat,
    Send,
    SendDocument,
)


@dataclass(frozen=True)
class DeleteMessages:
    """Delete these messages of her chat (quick exit, /forget)."""

    message_ids: tuple[int, ...]


@dataclass(frozen=True)
class SendFile:
    """A file for her to keep (her evidence pack as a PDF), sent with `protect_content` off."""

    file_name: str
    data: bytes = field(repr=False)
    caption: str = ""
    buttons: Keyboard = ()
    step: str = ""


Outbound = (
    Send
    | SendDocument
    | SendFile
    | EditPressed
    | AnswerCallback
    | DeleteMessages
    | ChatMenu
    | LeaveChat
)
# Flow actions that only talk to Telegram: a step made of these writes nothing but her state.
# (A `SendDocument` is laid out as a `SendFile` by the conversation service before sending.)
TRANSPORT_ACTIONS = (Send, SendDocument, EditPressed, AnswerCallback, ChatMenu, LeaveChat)


class ChatUnreachable(Exception):
    """Telegram will not deliver to her chat (403: she blocked the bot; her account is
    gone): sending again cannot help, so what was owed is dropped and nothing retried.

    `not_found`: Telegram knows no such chat (a 400 "chat not found"), rather than
    refusing one it knows (a 403); a service's alert chat that was never right reads so.
    """

    def __init__(self, why: str = "forbidden", *, not_found: bool = False) -> None:
        super().__init__(why)
        self.not_found = not_found


class MessageRefused(Exception):
    """Telegram refused this message's text (a 400 that no retry can cure)."""


@dataclass
class Outcome:
    actions: list[Outbound] = field(default_factory=list)
    duplicate: bool = False
    remember_sent: bool = True  # False after /forget: nothing of hers is kept
    case_reference: str | None = None  # the case this step submitted, if any
    pending_update_id: int | None = None  # a pending reply to clear once this is sent
    survivor_id: uuid.UUID | None = None  # whose chat the sent messages belong to
