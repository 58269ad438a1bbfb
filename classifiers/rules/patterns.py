"""Compile human-written phrases into regexes over folded text.

Phrases are written as a survivor or abuser would type them, in any script
and with diacritics (``"ubiću te"``, ``"ќе те убијам"``, ``"do të vras"``);
they are folded with the same function as the text, so one phrase covers
Cyrillic, Latin, and spellings without diacritics. Syntax, kept tiny so that
non-programmers can review the lexicon:

- ``word*`` / ``*word``: the word may continue / begin with more letters;
- ``~``: up to three arbitrary words in between; ``*`` alone: any one word;
- ``re:...``: a raw regex over folded text (used for ages and clock times).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from classifiers.rules.normalize import fold

_GAP = r"(?: [a-z0-9:]+){0,3}"


def _word(token: str) -> str:
    head = "[a-z]*" if token.startswith("*") else ""
    tail = "[a-z]*" if token.endswith("*") else ""
    core = fold(token.strip("*")).strip()
    if not core:
        raise ValueError(f"empty word in lexicon phrase: {token!r}")
    return head + re.escape(core).replace(r"\ ", " ") + tail


def _token(token: str) -> str:
    if token == "~":
        return _GAP
    if token == "*":
        return " [a-z0-9:]+"
    return " " + _word(token)


def phrase_regex(phrase: str) -> str:
    """Regex source for one phrase, bounded by the spaces `fold` guarantees."""
    if phrase.startswith("re:"):
        body = phrase[3:]
    else:
        parts = [_token(tok) for tok in phrase.split()]
        body = "".join(parts).removeprefix(" ")
    return rf"(?<= )(?:{body})(?= )"


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation for a concept; longest phrases first so matches read well."""
    sources = sorted({phrase_regex(p) for p in phrases}, key=len, reverse=True)
    return re.compile("|".join(sources))
