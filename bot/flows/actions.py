"""Outbound actions a flow asks for; adapters carry them out."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.flows.documents import Document
from bot.flows.state import Draft


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # stable id, never translated text; at most 64 bytes


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Send:
    """A new bot message. `step` names the step it belongs to (for transcripts)."""

    text: str
    buttons: Keyboard = ()
    step: str = ""
    fallback: str = ""  # the file catalogue's text, when an edited translation may be refused


@dataclass(frozen=True)
class SendDocument:
    """A document for her to keep (the evidence pack). The service lays it out as a PDF;
    it goes out with `protect_content` off, so she can save and forward it."""

    document: Document = field(repr=False)
    caption: str = ""
    buttons: Keyboard = ()
    step: str = ""


@dataclass(frozen=True)
class EditPressed:
    """Replace the message whose button was pressed (multi-select toggles)."""

    text: str
    buttons: Keyboard = ()
    fallback: str = ""  # as Send.fallback


@dataclass(frozen=True)
class AnswerCallback:
    text: str = ""


@dataclass(frozen=True)
class ClearChat:
    """Delete every message of the conversation the Bot API lets us delete."""


@dataclass(frozen=True)
class StoreEvidence:
    evidence_id: str
    kind: str
    sha256: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class DropEvidence:
    evidence_ids: tuple[str, ...]


@dataclass(frozen=True)
class SubmitCase:
    """Send the draft to a partner. The draft travels in the action, not the state."""

    reference: str
    partner_id: str
    allow_replies: bool
    draft: Draft = field(repr=False)


@dataclass(frozen=True)
class ForgetSurvivor:
    """Delete everything about her; withdraw and destroy any submitted case."""


@dataclass(frozen=True)
class ReplyToCase:
    """Her answer to a caseworker, appended to her case (`reference`: which of hers)."""

    text: str
    reference: str = ""


@dataclass(frozen=True)
class AddToCase:
    """A file she sent after her report was sent: added to that case, sealed to the same
    service (the consent she gave), shown to the caseworker with its time."""

    reference: str
    evidence_id: str
    kind: str
    sha256: str
    content: bytes = field(repr=False)
    received_at: str = ""
    name: str | None = None
    mime_type: str | None = None
    caption: str | None = None
    forwarded_from: str | None = None  # "" when the sender hid their name
    forwarded_at: str | None = None
    duration: int | None = None  # seconds, for a recording


@dataclass(frozen=True)
class RevealMessage:
    """Her press on a neutral notice: show the service's message by editing the notice.

    `kind` is "reply" (a caseworker's message) or "transfer" (a transfer question).
    """

    kind: str
    item_id: str  # the message's or the transfer request's id, hex


@dataclass(frozen=True)
class KeepMessage:
    """She keeps a service's message: the quiet-period sweep never removes it."""

    item_id: str  # the case message's id, hex


@dataclass(frozen=True)
class ShowWaiting:
    """Notices again for the service's messages she has not opened (Exit deleted them)."""


@dataclass(frozen=True)
class PauseMessages:
    """Hold (True) or release (False) the service's messages to her."""

    paused: bool


@dataclass(frozen=True)
class StopMessages:
    """No more messages from the service about her reports; her chat id is deleted."""


@dataclass(frozen=True)
class QueryStatus:
    reference: str


@dataclass(frozen=True)
class AnswerTransfer:
    """Her answer to a service asking to pass her report to another service."""

    request_id: str
    accept: bool


@dataclass(frozen=True)
class ChatMenu:
    """Her chat's own command menu, for a language Telegram has no code for (sr_Latn, cnr);
    `commands` None removes it (her chat then shows the menu of her phone's language)."""

    commands: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True)
class LeaveChat:
    """The bot works only in private chats: leave a group after saying so."""


Action = (
    Send
    | SendDocument
    | EditPressed
    | AnswerCallback
    | ClearChat
    | StoreEvidence
    | DropEvidence
    | SubmitCase
    | ForgetSurvivor
    | ReplyToCase
    | AddToCase
    | RevealMessage
    | KeepMessage
    | ShowWaiting
    | PauseMessages
    | StopMessages
    | QueryStatus
    | AnswerTransfer
    | ChatMenu
    | LeaveChat
)
