"""Everything the case page shows, opened with the service's key for one request."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import P_
from bot.routing.directory import Directory, load_directory
from bot.services import keys
from bot.storage.models import Case, Evidence
from bot.storage.portal_models import AuditEntry, CaseWork, TransferRequest, TransferStatus
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.repositories.case_messages import messages_of_case

TIMELINE_ACTIONS = {
    "status",
    "replies_stopped",
    "took",
    "transfer_requested",
    "transfer_accepted",
    "transfer_declined",
    "transfer_undeliverable",
}


@cache
def _shipped_directory() -> Directory:
    """The directory the bot ships with, read once, on the first case page."""
    return load_directory()


def service_names(service_ids: list[str], directory: Directory) -> list[str]:
    """The services she was shown, by name, each once, in the order she saw them.

    A service shown both among the emergency numbers and in the list is one
    line; an id no longer in the directory is shown as it is.
    """
    names: list[str] = []
    for service_id in dict.fromkeys(service_ids):
        if service_id in directory:
            service = directory.get(service_id)
            name = service.name_en
            if service.type.value in ("emergency", "police"):
                phones = [c.value for c in service.contacts if c.kind == "phone"]
                name = "{} {}".format(name, ", ".join(phones)) if phones else name
        else:
            name = service_id
        if name not in names:
            names.append(name)
    return names


@dataclass
class TimelineItem:
    """One line of the timeline; its words are the page's (in the caseworker's language)."""

    at: datetime
    kind: str  # "submitted", "survivor", "caseworker", "note", "event"
    who: str  # a caseworker's or service's name; empty for her and for the bot
    text: str  # what was written, as written; empty for events
    pending: bool = False
    undeliverable: str = ""  # the bot gave up on it: "blocked" or "refused"
    unopened: bool = False  # her phone has the notice; she has not opened it yet
    sealed: bool = False  # sealed to another service's key: not readable here
    event: AuditEntry | None = None


@dataclass
class CaseView:
    case: Case
    work: CaseWork
    readable: bool
    state_note: str
    content: dict[str, Any] = field(default_factory=dict)
    evidence: list[tuple[Evidence, dict[str, Any]]] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    open_transfer: TransferRequest | None = None
    #: The last transfer, when the bot could not ask her (blocked, or no messages).
    undeliverable_transfer: TransferRequest | None = None
    unreadable_notes: int = 0
    language: str | None = None  # the language she used with the bot
    services_shown: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return [c for c in self.case.categories.split(",") if c]


def open_item(private: bytes, blob: bytes | None, aad: bytes) -> bytes | None:
    if not blob or keys.sealed_fingerprint(blob) != keys.key_pair_from(private).fingerprint:
        return None
    try:
        return keys.open_sealed(private, blob, aad=aad)
    except keys.SealError:
        return None


def evidence_meta(case: Case, service_key: bytes) -> dict[str, dict[str, Any]]:
    """File names, types and captions of her evidence, from the sealed content."""
    raw = open_item(service_key, case.content_enc, case.id.bytes)
    if raw is None:
        return {}
    return {str(item.get("id")): item for item in json.loads(raw.decode()).get("evidence", [])}


async def build_case_view(
    *,
    session: AsyncSession,
    case: Case,
    service_key: bytes,
    directory: Directory | None = None,
) -> CaseView:
    work = await casework_repo.work_of(session=session, case_id=case.id)
    raw = open_item(service_key, case.content_enc, case.id.bytes)
    if case.content_enc is None:
        note = P_("She withdrew this report: everything she wrote has been deleted.")
    elif raw is None:
        note = P_(
            "This case is not sealed to your service's current key yet (it arrived before "
            "the service had keys, or during a key change). An administrator can move it: "
            "see docs/keys.md."
        )
    else:
        note = ""
    view = CaseView(case=case, work=work, readable=raw is not None, state_note=note)
    if raw is not None:
        view.content = json.loads(raw.decode())
        view.language = view.content.get("language") or None
        view.services_shown = service_names(
            list(view.content.get("services_shown", [])), directory or _shipped_directory()
        )
    meta = {item.get("id"): item for item in view.content.get("evidence", [])}
    for evidence in await casework_repo.evidence_of_case(session=session, case_id=case.id):
        view.evidence.append((evidence, meta.get(str(evidence.id), {})))
    view.timeline.append(TimelineItem(case.created_at, "submitted", "", ""))
    pending = await outbox_repo.reply_states(session=session, case_id=case.id)
    for message in await messages_of_case(session=session, case_id=case.id):
        body = open_item(service_key, message.body_enc, case.id.bytes)
        who = "" if message.author == "survivor" else message.author_label
        view.timeline.append(
            TimelineItem(
                message.created_at,
                message.author,
                who,
                body.decode() if body is not None else "",
                pending=message.id in pending and not pending[message.id],
                undeliverable=pending.get(message.id, ""),
                unopened=message.author != "survivor"
                and message.delivered_at is not None
                and message.read_at is None,
                sealed=body is None,
            )
        )
    for note_row in await casework_repo.notes_of(session=session, case_id=case.id):
        body = open_item(service_key, note_row.body_sealed, note_row.id.bytes)
        if body is None:
            view.unreadable_notes += 1
            continue
        view.timeline.append(
            TimelineItem(note_row.created_at, "note", note_row.author_label, body.decode())
        )
    view.audit = list(await casework_repo.audit_of_case(session=session, case_id=case.id))
    for entry in view.audit:
        if entry.action in TIMELINE_ACTIONS:
            view.timeline.append(
                TimelineItem(entry.created_at, "event", entry.actor, "", event=entry)
            )
    view.timeline.sort(key=lambda item: item.at)
    view.open_transfer = await transfer_repo.open_transfer(session=session, case_id=case.id)
    last = await transfer_repo.last_transfer(session=session, case_id=case.id)
    if last is not None and last.status == TransferStatus.UNDELIVERABLE:
        view.undeliverable_transfer = last
    return view
