"""What the translation editor's pages share: where the files are, Redis, the language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from starlette.background import BackgroundTask

from bot.i18n import LANGUAGES, Language
from bot.services.translation_refresh import announce_change
from bot.web.security import Forbidden


@dataclass(frozen=True)
class EditorConfig:
    locales: Path
    redis_url: str | None


def editor_config(request: Request) -> EditorConfig:
    config: EditorConfig = request.app.state.translation_editor
    return config


def language_of(code: str) -> Language:
    """A language of the bot; anything else is refused like an unknown id."""
    if code not in LANGUAGES:
        raise Forbidden()
    return LANGUAGES[code]


def announce(request: Request) -> BackgroundTask:
    """After the response (so after the commit): tell every bot to refresh now."""
    return BackgroundTask(announce_change, editor_config(request).redis_url)
