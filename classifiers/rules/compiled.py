"""The lexicon's regular expressions, compiled once per lexicon rather than once per process.

Python compiles a regular expression in Python code: the lexicon's 1,400
phrases took about 1 s to turn into patterns at every start, most of a bot
replica's load time. The compiled form (the matcher's code, a list of
integers) is saved next to the package the first time, keyed by a hash of the
lexicon files, the code that turns phrases into patterns, and the Python
version; a later start reads it back in about 0.05 s. A pattern rebuilt this
way is equal to `re.compile` of the same source (same source, flags and code;
a test checks every concept), so the lexicon catches exactly what it did, with
or without a model. Any mismatch or unreadable file means: compile as before.
In the image, `safe-report prepare-classifier` writes the file at build time.
"""

from __future__ import annotations

import _sre
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from classifiers.rules import lexicon as lexicon_module
from classifiers.rules import normalize, patterns

log = logging.getLogger(__name__)

CACHE_DIR = Path(__file__).parent / "__lexicon_cache__"
"""Beside the package, like __pycache__ (ignored by git through its own .gitignore)."""


def lexicon_key(folder: Path = lexicon_module.DATA) -> str:
    """Changes whenever a pattern could: a lexicon file, the phrase grammar, or Python."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}".encode())
    sources = [*sorted(folder.glob("*.yaml")), Path(patterns.__file__), Path(normalize.__file__)]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _code_of(source: str) -> dict[str, Any]:
    """What `re._compiler.compile` hands to the matcher, for a pattern without named groups."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source, 0)
    if parsed.state.groupdict:
        raise ValueError("lexicon patterns have no named groups")
    return {
        "pattern": source,
        "flags": parsed.state.flags,
        "code": _compiler._code(parsed, 0),
        "groups": parsed.state.groups - 1,
    }


def _rebuild(entry: Mapping[str, Any]) -> re.Pattern[str]:
    groups = int(entry["groups"])
    pattern: re.Pattern[str] = _sre.compile(
        str(entry["pattern"]),
        int(entry["flags"]),
        list(entry["code"]),
        groups,
        {},
        (None,) * (groups + 1),
    )
    return pattern


def read_cache(path: Path, key: str) -> dict[str, re.Pattern[str]] | None:
    """The cached patterns if `path` holds this key's, else None (never raises)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return {name: _rebuild(entry) for name, entry in data["concepts"].items()}
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        log.info("lexicon cache %s not used: %s", path, exc)
        return None


def write_cache(path: Path, key: str, sources: Mapping[str, str]) -> None:
    """Save the compiled form atomically; a read-only place is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        body = {"key": key, "concepts": {n: _code_of(s) for n, s in sources.items()}}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out, separators=(",", ":"))
        os.chmod(tmp, 0o644)  # written at image build, read by the unprivileged bot user
        os.replace(tmp, path)
        for stale in path.parent.glob("lexicon-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:
        log.info("lexicon cache %s not written: %s", path, exc)


def compiled_concepts(
    sources_of: Callable[[], Mapping[str, str]], cache_dir: Path | None = CACHE_DIR
) -> dict[str, re.Pattern[str]]:
    """Each concept's pattern, from the cache when it matches the lexicon, else compiled.

    `sources_of` gives each concept's regex source (only called on a miss).
    """
    key = lexicon_key()
    path = None if cache_dir is None else cache_dir / f"lexicon-{key}.json"
    if path is not None:
        cached = read_cache(path, key)
        if cached is not None:
            return cached
    sources = dict(sources_of())
    compiled = {name: re.compile(source) for name, source in sources.items()}
    if path is not None:
        write_cache(path, key, sources)
    return compiled
