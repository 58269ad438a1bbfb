"""Plays scripted conversations through the conversation service and records them.

Every step goes through the real service: the state is encrypted, written to
the database and read back before the next step, exactly as in production.
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import Application
from bot.flows.actions import AnswerCallback, ChatMenu, EditPressed, Keyboard, LeaveChat, Send
from bot.flows.context import PrivacyFacts
from bot.flows.events import Command, FileReceived, Inbound, Press, Text, Unsupported
from bot.services import keys
from bot.services.conversations import ConversationService
from bot.services.deep_links import DeepLinks
from bot.services.delivery import DeliveryService
from bot.services.flood import MemoryFloodGuard
from bot.services.outcome import DeleteMessages, Outbound, SendFile
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories.case_messages import add_case_message
from bot.storage.repositories.cases import find_case_by_reference
from tests.helpers.pdf import pdf_lines

UPDATE_ENV = "SAFE_REPORT_UPDATE_GOLDEN"
FILE_KINDS = ("photo", "document", "voice", "video", "video_note", "audio", "animation")
# A deployment's privacy facts as /privacy shows them (settings in production).
DEMO_PRIVACY = PrivacyFacts(
    controller="Example Women's Rights Centre", contact="privacy@example.org", draft_days=30
)


def deterministic_service(
    app: Application, privacy: PrivacyFacts = DEMO_PRIVACY
) -> ConversationService:
    """The app's service, but with a fixed clock, ids and reference codes."""
    start = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    ticks = itertools.count()
    ids = itertools.count(1)
    refs = itertools.count(1)
    return ConversationService(
        store=app.conversations.store,
        identity=app.keyring.identity.survivor_key,
        catalogues=app.catalogues,
        routing=app.routing,
        assessor=app.assessor,
        limits=app.conversations.limits,
        privacy=privacy,
        deep_links=DeepLinks.from_secret(app.settings.secret_bytes),
        partners=app.routing.partners,
        clock=lambda: start + timedelta(seconds=next(ticks)),
        id_factory=lambda: str(uuid.UUID(int=next(ids))),
        reference_factory=lambda: "TEST-{:04d}".format(next(refs)),
        # Transcripts are about the flow; flood control has its own tests.
        flood_guard=MemoryFloodGuard(limit=10**9, window_seconds=60),
    )


def event_from(step: dict[str, Any]) -> Inbound:
    if "command" in step:
        return Command(step["command"], step.get("args", ""), step.get("language_hint"))
    if "press" in step:
        return Press(step["press"])
    if "text" in step:
        return Text(
            step["text"],
            forwarded_from=step.get("forwarded_from"),
            edited=step.get("edited", False),
            forwarded_at=step.get("forwarded_at"),
        )
    kind = next((k for k in FILE_KINDS if k in step), None)
    if kind is not None:
        content = step[kind].encode() if step[kind] is not None else None
        size = step.get("size", len(content or b""))
        return FileReceived(
            kind,
            size,
            content,
            name=step.get("name"),
            mime_type=step.get("mime_type"),
            caption=step.get("caption"),
            forwarded_from=step.get("forwarded_from"),
            forwarded_at=step.get("forwarded_at"),
            duration=step.get("duration"),
        )
    if "unsupported" in step:
        return Unsupported(step["unsupported"])
    raise ValueError("unknown script step {}".format(step))


def _keyboard(rows: Keyboard) -> list[list[str]]:
    return [["{} → {}".format(b.label, b.data) for b in row] for row in rows]


def describe(action: Outbound) -> dict[str, Any]:
    if isinstance(action, Send):
        return {"send": action.step, "text": action.text, "buttons": _keyboard(action.buttons)}
    if isinstance(action, SendFile):
        return {
            "send_file": action.step,
            "file_name": action.file_name,
            "caption": action.caption,
            "buttons": _keyboard(action.buttons),
            "pdf_text": pdf_lines(action.data),
        }
    if isinstance(action, EditPressed):
        return {"edit": action.text, "buttons": _keyboard(action.buttons)}
    if isinstance(action, AnswerCallback):
        return {"answer_callback": action.text}
    if isinstance(action, DeleteMessages):
        return {"delete_messages": list(action.message_ids)}
    if isinstance(action, LeaveChat):
        return {"leave_chat": True}
    if isinstance(action, ChatMenu):
        if action.commands is None:
            return {"chat_menu": None}
        return {"chat_menu": ["/{} – {}".format(c, d) for c, d in action.commands]}
    raise TypeError(action)


@dataclass
class TranscriptRunner:
    """Plays a script; `{"caseworker": text}` is the service writing to her through the
    portal's outbox and the bot's delivery loop (ids in buttons become `<reply-N>`)."""

    service: ConversationService
    user_id: int = 424242
    language_hint: str | None = "en"
    delivery: DeliveryService | None = None
    _updates: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _messages: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _reference: str | None = None
    _names: dict[str, str] = field(default_factory=dict)  # real id hex -> placeholder
    _seen: list[list[list[str]]] = field(default_factory=list)  # keyboards shown so far

    def _hide(self, text: str) -> str:
        for real, shown in self._names.items():
            text = text.replace(real, shown)
        return text

    def _reveal(self, text: str) -> str:
        for real, shown in self._names.items():
            text = text.replace(shown, real)
        return text

    def _button(self, data: str) -> str:
        """`more:*` presses the newest button whose data starts with `more:`."""
        if not data.endswith("*"):
            return data
        for record in reversed(self._seen):
            for row in reversed(record):
                for label_and_data in row:
                    found = label_and_data.rsplit(" → ", 1)[-1]
                    if found.startswith(data[:-1]):
                        return found
        raise AssertionError("no button starting with {}".format(data[:-1]))

    def _describe(self, action: Outbound) -> dict[str, Any]:
        return json.loads(self._hide(json.dumps(describe(action), ensure_ascii=False)))

    async def play(self, step: dict[str, Any]) -> dict[str, Any]:
        if "caseworker" in step:
            return await self._caseworker_writes(step)
        if "press" in step:
            step = {**step, "press": self._button(self._reveal(step["press"]))}
        event = event_from(step)
        incoming = None if isinstance(event, Press) else next(self._messages)
        outcome = await self.service.handle(
            update_id=step.get("update_id", next(self._updates)),
            telegram_user_id=self.user_id,
            chat_id=self.user_id,
            event=event,
            incoming_message_id=incoming,
            language_hint=step.get("language_hint", self.language_hint),
        )
        self._reference = outcome.case_reference or self._reference
        sent = [next(self._messages) for a in outcome.actions if isinstance(a, Send | SendFile)]
        if outcome.remember_sent:
            await self.service.remember_sent(telegram_user_id=self.user_id, message_ids=sent)
        step = {**step, "press": self._hide(step["press"])} if "press" in step else step
        record: dict[str, Any] = {"in": step, "out": [self._describe(a) for a in outcome.actions]}
        self._seen.extend(o["buttons"] for o in record["out"] if "buttons" in o)
        if outcome.duplicate:
            record["duplicate"] = True
        return record

    async def _caseworker_writes(self, step: dict[str, Any]) -> dict[str, Any]:
        """The portal queues a reply sealed to the bot; one delivery round sends it."""
        assert self.delivery is not None and self._reference is not None
        if step["caseworker"] is not None:
            await self._queue_reply(step["caseworker"])
        sent: list[Send] = []

        async def send(chat_id: int, notice: Send) -> int:
            assert chat_id == self.user_id
            sent.append(notice)
            return next(self._messages)

        await self.delivery.run_once(send)
        record = {"in": step, "out": [self._describe(a) for a in sent]}
        self._seen.extend(o["buttons"] for o in record["out"])
        return record

    async def _queue_reply(self, text: str) -> None:
        assert self.delivery is not None and self._reference is not None
        sessionmaker = self.delivery._sessionmaker
        async with sessionmaker() as session, session.begin():
            case = await find_case_by_reference(session=session, reference=self._reference)
            assert case is not None
            message = await add_case_message(
                session=session, case_id=case.id, author="caseworker", body_enc=b"sealed"
            )
            await outbox_repo.queue_reply(
                session=session,
                message_id=message.id,
                sealed_for_bot=keys.seal(
                    self.delivery.public_key, text.encode(), aad=message.id.bytes
                ),
            )
        self._names[message.id.hex] = "<reply-{}>".format(len(self._names) + 1)

    async def play_all(self, script: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.delivery is not None:
            await self.delivery.publish_key()
        return [await self.play(step) for step in script]


def check_golden(path: Path, transcript: list[dict[str, Any]]) -> None:
    """Compare with the golden file; SAFE_REPORT_UPDATE_GOLDEN=1 rewrites it."""
    rendered = json.dumps(transcript, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get(UPDATE_ENV) or not path.exists():
        if not os.environ.get(UPDATE_ENV) and os.environ.get("CI"):
            raise AssertionError("golden file {} is missing".format(path.name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, "transcript differs from {} (set {}=1 to accept)".format(
        path.name, UPDATE_ENV
    )
