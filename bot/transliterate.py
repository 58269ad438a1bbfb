"""Serbian Cyrillic to Latin, so `sr_Latn` stays in step with `sr` automatically."""

from __future__ import annotations

import re

_MAP = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž",
    "З": "Z", "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N",
    "Њ": "Nj", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U",
    "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip

_DIGRAPH_CAPS = {"Lj": "LJ", "Nj": "NJ", "Dž": "DŽ"}
_PROTECTED = re.compile(r"(\{[^}]*\}|<[^>]*>|https?://\S+|&[a-z]+;)")


def _word(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        latin = _MAP.get(char, char)
        if latin in _DIGRAPH_CAPS:
            neighbour = text[index + 1] if index + 1 < len(text) else ""
            previous = text[index - 1] if index else ""
            if (neighbour.isupper()) or (previous.isupper() and not neighbour.islower()):
                latin = _DIGRAPH_CAPS[latin]
        out.append(latin)
    return "".join(out)


def cyrillic_to_latin(text: str) -> str:
    """Transliterate, leaving placeholders, HTML tags, URLs and entities untouched."""
    parts = _PROTECTED.split(text)
    return "".join(part if _PROTECTED.fullmatch(part) else _word(part) for part in parts)
