"""Builders of services-directory entries for tests that write their own directory."""

from __future__ import annotations

from typing import Any


def police_entry(**overrides: Any) -> dict[str, Any]:
    """A minimal, valid UK police entry; override fields to make other kinds."""
    entry: dict[str, Any] = {
        "id": "gb-police",
        "type": "police",
        "name_en": "Police",
        "contacts": [{"kind": "phone", "value": "999"}],
        "source": "test",
        "checked": "2026-01-01",
        "confidence": "high",
    }
    entry.update(overrides)
    return entry
