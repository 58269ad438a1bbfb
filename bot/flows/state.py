"""Conversation state, serialisable to JSON and back between every step."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

STATE_FORMAT = 1


@dataclass
class NarrativePart:
    text: str
    received_at: str  # ISO 8601, UTC
    forwarded_from: str | None = None
    forwarded_at: str | None = None  # when the forwarded message was first sent (ISO, UTC)
    edited: bool = False
    severity: str = "none"
    categories: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)


@dataclass
class EvidenceItem:
    id: str
    kind: str  # "photo", "document", "voice", "video", "video_note" or "audio"
    sha256: str
    size: int
    received_at: str
    name: str | None = None
    mime_type: str | None = None
    caption: str | None = None
    forwarded_from: str | None = None
    forwarded_at: str | None = None
    duration: int | None = None  # seconds, for voice messages, audio and videos


@dataclass
class Draft:
    country: str | None = None
    region: str | None = None
    safe_now: str | None = None  # "yes", "no", "unsure"
    categories: list[str] = field(default_factory=list)
    parts: list[NarrativePart] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    relationship: str | None = None
    age: str | None = None
    images: str | None = None  # "shared", "threatened", "no", "skip"
    severity: str | None = None
    severity_reasons: list[str] = field(default_factory=list)
    partner_id: str | None = None
    referred_by: str | None = None  # the partner whose signed link she came through
    guidance_topics: list[str] = field(default_factory=list)
    services_shown: list[str] = field(default_factory=list)
    allow_replies: bool | None = None

    @property
    def narrative_chars(self) -> int:
        return sum(len(part.text) for part in self.parts)


@dataclass
class ConversationState:
    step: str = "new"
    language: str = "en"
    draft: Draft = field(default_factory=Draft)
    return_to: str | None = None  # where /language goes back to
    case_reference: str | None = None
    replies_allowed: bool = False
    topics_read: list[str] = field(default_factory=list)
    plan_steps: list[str] = field(default_factory=list)  # her safety plan's steps, by id
    plan_at: int = 0  # the step she is on (her place is kept when she stops)

    def to_json(self) -> str:
        return json.dumps({"format": STATE_FORMAT, **asdict(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> ConversationState:
        data: dict[str, Any] = json.loads(raw)
        data.pop("format", None)
        draft_data = data.pop("draft", {}) or {}
        parts = [NarrativePart(**p) for p in draft_data.pop("parts", [])]
        evidence = [EvidenceItem(**e) for e in draft_data.pop("evidence", [])]
        draft = Draft(**draft_data, parts=parts, evidence=evidence)
        return cls(**data, draft=draft)
