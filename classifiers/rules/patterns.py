"""Compile human-written phrases into regexes over folded text.

Phrases are written as a survivor or abuser would type them, in any script
and with diacritics (``"ubiću te"``, ``"ќе те убијам"``, ``"do të vras"``);
they are folded with the same function as the text, so one phrase covers
Cyrillic, Latin, and spellings without diacritics. Syntax, kept tiny so that
non-programmers can review the lexicon:

- ``word*`` / ``*word``: the word may continue / begin with more letters
  (a stem: ``ubi*`` covers ubiću, ubit, ubiti, ubije ...);
- ``(a|b c|d*)``: one of several words or phrases; ``(...)?``: optional.
  Groups nest and compose, so ``(i ll|gonna) (kill|stab) (you|u)`` is nine
  phrases in one line;
- ``~``: up to three arbitrary words in between; ``*`` alone: any one word;
- ``re:...``: a raw regex over folded text (used for ages and clock times).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from classifiers.rules.normalize import fold

_GAP = r"(?:[a-z0-9:]+ ){0,3}"
_ANY = r"[a-z0-9:]+ "


_REGEX_SYNTAX = re.compile(r"[\[\]{}?+\\^$]")
"""Characters that mean something in a regex but not in a phrase (outside `(a|b)` and
`(...)?`): folding would turn them into spaces, and the phrase would silently match
something else, or nothing ("se?" required "se"; "m[0-9]*" never matched "m6")."""


def check_syntax(phrase: str) -> None:
    """Refuse regex syntax in a phrase (a raw regex belongs on a `re:` line)."""
    if phrase.startswith("re:"):
        return
    found = _REGEX_SYNTAX.search(phrase.replace(")?", ")"))
    if found:
        raise ValueError(
            f"{found.group()!r} is not phrase syntax in {phrase!r}: write a group "
            "'(a|b)', an optional '(...)?', a stem 'word*', or a 're:' line"
        )


def _word(token: str) -> str:
    head = "[a-z]*" if token.startswith("*") else ""
    tail = "[a-z]*" if token.endswith("*") else ""
    core = fold(token.strip("*")).strip()
    if not core:
        raise ValueError(f"empty word in lexicon phrase: {token!r}")
    return head + re.escape(core).replace(r"\ ", " ") + tail + " "


def _split(text: str) -> list[str]:
    """Top-level tokens: words, ``~``, ``*`` and whole ``(...)`` / ``(...)?`` groups."""
    out: list[str] = []
    depth, cur = 0, ""

    def flush() -> None:
        nonlocal cur
        if cur.strip():
            out.append(cur.strip())
        cur = ""

    for ch in text:
        if depth == 0 and (cur.endswith(")?") or (cur.endswith(")") and ch != "?")):
            flush()
        if ch == "(":
            if depth == 0:
                flush()
            depth += 1
            cur += ch
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced ')' in lexicon phrase: {text!r}")
            cur += ch
        elif ch == " " and depth == 0:
            flush()
        else:
            cur += ch
    if depth:
        raise ValueError(f"unbalanced '(' in lexicon phrase: {text!r}")
    flush()
    return out


def _alternatives(inner: str) -> list[str]:
    alts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "|" and depth == 0:
            alts.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    return [*alts, cur]


def _sequence(text: str) -> str:
    """Regex for a sequence of tokens; every token consumes its trailing space."""
    parts = []
    for tok in _split(text):
        if tok == "~":
            parts.append(_GAP)
        elif tok == "*":
            parts.append(_ANY)
        elif tok.startswith("("):
            if not tok.endswith((")", ")?")):
                raise ValueError(f"a group must end with ')' or ')?': {tok!r}")
            optional = tok.endswith("?")
            inner = tok[1 : -2 if optional else -1]
            alts = [_sequence(a) for a in _alternatives(inner)]
            parts.append("(?:" + "|".join(alts) + ")" + ("?" if optional else ""))
        else:
            parts.append(_word(tok))
    return "".join(parts)


_START = "(?<= )"
"""Every phrase starts at a word: after a space, which `fold` guarantees around words."""


def _phrase_body(phrase: str) -> str:
    """A phrase's regex after its start check; it ends at a space."""
    if phrase.startswith("re:"):
        return rf"(?:{phrase[3:]})(?= )"
    return rf"(?:{_sequence(phrase)})(?<= )"


def phrase_regex(phrase: str) -> str:
    """Regex source for one phrase, bounded by the spaces `fold` guarantees.

    A match starts after a space and ends at one (the trailing space of the
    last word is consumed; `matched_text` strips it).
    """
    return _START + _phrase_body(phrase)


def matched_text(match: re.Match[str]) -> str:
    return match.group(0).strip()


def alternation_source(phrases: Iterable[str]) -> str:
    """One alternation for a concept; longest phrases first so matches read well
    (equal lengths in a fixed order, so every process builds the same pattern).

    The start check is made once per position, before the alternatives, rather
    than once per phrase: the same matches, and the lexicon's share of a short text
    is several times smaller (`tests/benchmarks/profile_classifier.py`).
    """
    bodies = sorted({_phrase_body(p) for p in phrases}, key=lambda b: (-len(b), b))
    return _START + "(?:" + "|".join(bodies) + ")"


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(alternation_source(phrases))
