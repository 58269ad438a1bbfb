"""Secrets from files: `NAME_FILE=/path` sets `NAME` to that file's content.

Compose mounts each service's secrets as files under /run/secrets (so they never
sit in `docker inspect` or the compose file); the processes read them at start.
Only our own variables are read this way, and a value given both ways is refused.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

SUFFIX = "_FILE"
PREFIXES = ("SAFE_REPORT_", "TELEGRAM_BOT_TOKEN")


class SecretFileError(ValueError):
    """A secret file is missing, empty, or its variable is also set directly."""


def load_secret_files(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Fill each `NAME` from `NAME_FILE`; returns the names set (never the values)."""
    env = os.environ if environ is None else environ
    loaded: list[str] = []
    for key in sorted(env):
        if not key.endswith(SUFFIX) or not key.startswith(PREFIXES):
            continue
        name = key.removesuffix(SUFFIX)
        if name in env:
            raise SecretFileError("{} and {} are both set; keep one.".format(name, key))
        path = Path(env[key])
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretFileError(
                "{}: cannot read {} ({}).".format(key, path, exc.strerror)
            ) from exc
        if not value:
            raise SecretFileError("{}: {} is empty.".format(key, path))
        env[name] = value
        loaded.append(name)
    return loaded
