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
    kind: str  # "photo", "document", "voice", "video", "video_note", "audio", "animation", ...
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
    safe_now: str | None = None  # "yes", "no", "unsure"; None for a helper (not asked)
    #: "self", or "someone_else" when a friend, a parent or a teacher reports for her (the
    #: fourth safety answer: then `person_safe_now` is asked, and every later question is
    #: about "the person"). None in a draft from before: it counts as "self".
    reporter: str | None = None
    person_safe_now: str | None = None  # the helper's answer for her: "yes", "no", "unsure"
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
    #: Whether a partner can receive a report from her place, known once she chose it
    #: (None before): "somewhere else" learns before writing her story that none can.
    partner_possible: bool | None = None
    #: Partners that fit her report, best first, when she may choose among several.
    partner_choices: list[str] = field(default_factory=list)
    #: Why each shown service is listed (parallel to `services_shown`), for "more".
    service_reasons: list[str] = field(default_factory=list)
    #: She is an activist, journalist or human-rights defender (asked only where it
    #: changes what she is shown), and whether it does.
    public_role: bool | None = None
    public_role_matters: bool = False

    @property
    def for_someone_else(self) -> bool:
        return self.reporter == "someone_else"

    @property
    def danger_answered(self) -> bool:
        """The one writing, or the person a helper writes for, is in danger now."""
        return "no" in (self.safe_now, self.person_safe_now)

    @property
    def unsure_if_safe(self) -> bool:
        return not self.danger_answered and "unsure" in (self.safe_now, self.person_safe_now)

    @property
    def narrative_chars(self) -> int:
        return sum(len(part.text) for part in self.parts)


@dataclass
class ConversationState:
    step: str = "new"
    language: str = "en"
    draft: Draft = field(default_factory=Draft)
    return_to: str | None = None  # where /language goes back to
    # Her case, once sent: what Exit and /start keep (the relay to the service).
    case_reference: str | None = None
    replies_allowed: bool = False
    topics_read: list[str] = field(default_factory=list)
    #: She said she is under 18: no image, video or unknown archive is ever added to
    #: her case, also after it was sent.
    case_minor: bool = False
    #: The case her texts answer (the one whose message she opened last), and whether
    #: her next text goes there although she is writing a new report (she pressed Answer).
    answer_to: str | None = None
    answering: bool = False
    #: She paused messages from the service (they wait until she resumes).
    messages_paused: bool = False

    def kept_on_exit(self) -> ConversationState:
        """What Exit leaves: her language and her case relay; the draft and chat go."""
        return ConversationState(
            step="home" if self.case_reference else "new",
            language=self.language,
            case_reference=self.case_reference,
            replies_allowed=self.replies_allowed,
            case_minor=self.case_minor,
            messages_paused=self.messages_paused,
        )

    def is_blank(self) -> bool:
        """Nothing of hers to keep: no draft, no case (her conversation row can go)."""
        return self.step == "new" and not self.draft.parts and self.case_reference is None

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
