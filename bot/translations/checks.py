"""The editor's checks: what would break the bot is refused, in plain words.

The same checks run on every save, on every imported entry, and in each bot
before it uses an override (a bad row falls back to the file's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.flows.telegram_text import MESSAGE_LIMIT, utf16_units, visible_units
from bot.i18n import LANGUAGES, plural_index

TELEGRAM_LIMIT = MESSAGE_LIMIT  # in UTF-16 units of the text she sees (tags do not count)
BUTTON_LIMIT = 64
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?([a-zA-Z]+)>")
ENTITY = re.compile(r"&(amp|lt|gt|quot);")
ALLOWED_TAGS = ("b", "i")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Problem:
    message: str
    blocking: bool = True  # False: a warning shown beside the text, saving is allowed


def form_examples(language: str, limit: int = 4) -> list[str]:
    """For each plural form, a few numbers that use it ("1, 21, 31")."""
    nplurals = LANGUAGES[language].nplurals
    found: list[list[int]] = [[] for _ in range(nplurals)]
    for n in range(0, 200):
        index = plural_index(language, n)
        if index < nplurals and len(found[index]) < limit:
            found[index].append(n)
    return [", ".join(str(n) for n in numbers) + "…" for numbers in found]


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _placeholder_problems(sources: tuple[str, ...], text: str) -> list[Problem]:
    allowed = [_placeholders(s) for s in sources]
    found = _placeholders(text)
    if found in allowed:
        try:
            text.format(**{p[1:-1]: "x" for p in found if p[1:-1].isidentifier()})
            return []
        except (ValueError, KeyError, IndexError, AttributeError):
            pass
    problems = []
    everything = set().union(*allowed)
    for missing in sorted(allowed[-1] - found):
        problems.append(Problem("The translation must keep {} exactly as it is.".format(missing)))
    for extra in sorted(found - everything):
        problems.append(
            Problem(
                "{} is not in the original text. Copy the placeholders exactly: {}.".format(
                    extra, ", ".join(sorted(everything)) or "there are none"
                )
            )
        )
    if not problems:
        problems.append(
            Problem(
                "A curly bracket { or } is not closed. Placeholders look like {name}: "
                "copy them from the original text."
            )
        )
    return problems


def _markup_problems(source: str, text: str) -> list[Problem]:
    allowed = set(ALLOWED_TAGS) | {m.group(1) for m in TAG.finditer(source)}
    stack: list[str] = []
    for match in TAG.finditer(text):
        name = match.group(1)
        if name not in allowed:
            return [Problem(_MARKUP)]
        if match.group(0).startswith("</"):
            if not stack or stack.pop() != name:
                return [Problem(_MARKUP)]
        else:
            stack.append(name)
    if stack:
        return [Problem(_MARKUP)]
    bare = ENTITY.sub("", TAG.sub("", text))
    problems = []
    if ("<" in bare or ">" in bare) and not ("<" in source or ">" in source):
        problems.append(Problem(_MARKUP))
    if "&" in bare and "&" not in source:
        problems.append(Problem("Write “and” instead of “&”: Telegram would refuse the message."))
    return problems


_MARKUP = (
    "Only <b>bold</b> and <i>italic</i> can be used, and each tag must be closed "
    "(the signs < and > mean a tag). Telegram would refuse this message."
)


def _script_warning(language: str, text: str) -> list[Problem]:
    script = LANGUAGES[language].script
    plain = PLACEHOLDER.sub("", TAG.sub("", text))
    if script == "Cyrl" and LATIN.search(plain) and not CYRILLIC.search(plain):
        return [Problem("This language is written in Cyrillic; the text has no Cyrillic.", False)]
    if script == "Latn" and CYRILLIC.search(plain):
        return [Problem("This language is written in Latin letters; the text has Cyrillic.", False)]
    return []


def check(
    *,
    language: str,
    sources: tuple[str, ...],
    forms: tuple[str, ...],
    is_button: bool,
) -> list[Problem]:
    """Every problem of `forms` as a translation of `sources` into `language`."""
    problems: list[Problem] = []
    plural = len(sources) > 1
    if plural:
        examples = form_examples(language)
        wanted = len(examples)
        if len(forms) != wanted or not all(f.strip() for f in forms):
            name = LANGUAGES[language].english_name
            problems.append(
                Problem(
                    "{} needs {} plural forms, one for each kind of number ({}). "
                    "Fill in every form.".format(
                        name,
                        wanted,
                        "; ".join("form {}: {}".format(i + 1, e) for i, e in enumerate(examples)),
                    )
                )
            )
    elif not forms or not forms[0].strip():
        problems.append(
            Problem("The translation is empty. To use the file's text again, revert the change.")
        )
    limit = BUTTON_LIMIT if is_button else TELEGRAM_LIMIT
    for form in forms:
        if not form.strip():
            continue
        problems.extend(_placeholder_problems(sources, form))
        problems.extend(_markup_problems(sources[0], form))
        length = utf16_units(form) if is_button else visible_units(form)
        if length > limit:
            what = (
                "This is a button label: it must be {} characters or fewer to fit on a phone"
                if is_button
                else "Telegram accepts at most {} characters in one message"
            )
            problems.append(
                Problem(
                    (
                        what + " (now {}; Telegram counts an emoji and some other signs as two)."
                    ).format(limit, length)
                )
            )
        problems.extend(_script_warning(language, form))
    unique: dict[str, Problem] = {}
    for problem in problems:
        unique.setdefault(problem.message, problem)
    return list(unique.values())


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]
