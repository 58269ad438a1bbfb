"""What a case contains, as one JSON document encrypted at rest."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from bot.flows.state import Draft

CONTENT_FORMAT = 1


def case_content(draft: Draft, *, shown_topics: list[str], language: str = "") -> dict[str, Any]:
    """Everything the caseworker needs, nothing that identifies her on Telegram.

    `language`: the one she used with the bot, so a caseworker can answer in it.
    """
    return {
        "format": CONTENT_FORMAT,
        "language": language,
        "narrative": [asdict(part) for part in draft.parts],
        "evidence": [asdict(item) for item in draft.evidence],
        "answers": {
            "reported_by": draft.reporter or "self",
            "country": draft.country,
            "region": draft.region,
            # About the person the report is about (a helper answers it for her).
            "safe_now": draft.person_safe_now if draft.for_someone_else else draft.safe_now,
            "categories": draft.categories,
            "relationship": draft.relationship,
            "age": draft.age,
            "images": draft.images,
        },
        "severity": draft.severity,
        "severity_reasons": draft.severity_reasons,
        "guidance_topics": draft.guidance_topics,
        "topics_read": shown_topics,
        "services_shown": draft.services_shown,
    }


def encode_content(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False).encode()
