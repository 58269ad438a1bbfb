"""Fold text so one pattern matches every script and spelling survivors use.

Serbian and Macedonian are written in Cyrillic and Latin, with or without
diacritics, and messages mix scripts ("ubиću te"). Folding both the text and
the patterns with the same function lets one pattern cover all of these.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic letters that do not reduce to a Latin letter by stripping marks.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "d",
    "е": "e",
    "ж": "z",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "c",
    "џ": "dz",
    "ш": "s",
    "ѓ": "g",
    "ќ": "k",
    "ѕ": "dz",
    "й": "j",
    "ы": "i",
    "э": "e",
    "ю": "ju",
    "я": "ja",
    "ё": "e",
    "ь": "",
    "ъ": "",
    "щ": "s",
    "і": "i",
    "ї": "i",
    "є": "e",
}
_LATIN = {"đ": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "@": "a"}
# Digraphs written in place of letters with diacritics (ch for č, dj for đ ...).
_DIGRAPHS = re.compile(r"dj|gj|kj|ch|sh|zh|tj")
_DIGRAPH_MAP = {"dj": "d", "gj": "g", "kj": "k", "ch": "c", "sh": "s", "zh": "z", "tj": "c"}
_NON_WORD = re.compile(r"[^a-z0-9:]+")
# A colon is kept only inside a clock time ("13:30"); after a word ("vijest: ...") it is
# punctuation, and kept it would hide the word from every phrase ending there.
_STRAY_COLON = re.compile(r"(?<![0-9]):|:(?![0-9])")
_REPEATS = re.compile(r"([a-z])\1+")

MAX_SCAN_CHARS = 20_000
"""Longer texts are scanned in their first part only, to bound the cost."""


def fold_char(ch: str) -> str:
    """One character in folded form (may be empty or two letters)."""
    if ch in _CYRILLIC:
        return _CYRILLIC[ch]
    if ch in _LATIN:
        return _LATIN[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1 and base in _CYRILLIC:
        return _CYRILLIC[base]
    return base


def fold(text: str) -> str:
    """Lowercase, strip diacritics, Cyrillic to Latin, digraphs to one letter.

    Doubled letters collapse to one ("killll" and "kill" both give "kil"), so
    stretched words still match. The result holds only a-z, digits, ':' and
    single spaces, with a space at each end so patterns can use spaces as word
    boundaries.
    """
    lowered = text[:MAX_SCAN_CHARS].lower()
    latin = "".join(fold_char(ch) for ch in lowered)
    latin = _DIGRAPHS.sub(lambda m: _DIGRAPH_MAP[m.group(0)], latin)
    latin = _STRAY_COLON.sub(" ", latin)
    latin = _NON_WORD.sub(" ", latin)
    latin = _REPEATS.sub(r"\1", latin)
    return f" {latin.strip()} "
