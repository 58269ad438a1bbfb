"""The Bot API methods the sandbox implements, looked up case-insensitively like Telegram."""

from __future__ import annotations

from . import account, files, messages, updates
from .base import Call, Handler

METHODS: dict[str, Handler] = {
    **updates.METHODS,
    **messages.METHODS,
    **files.METHODS,
    **account.METHODS,
}
_BY_LOWER = {name.lower(): handler for name, handler in METHODS.items()}


def lookup(method: str) -> Handler | None:
    return _BY_LOWER.get(method.lower())


__all__ = ["METHODS", "Call", "Handler", "lookup"]
