"""Export and import of standard .po files, so translators can use Poedit or Weblate.

Review status travels as a custom flag, `#, reviewed` or `#, needs-review`.
Not `fuzzy`: compilation drops fuzzy entries, so a string awaiting review
would vanish from the bot. Tools keep flags they do not know. An entry with
no status flag is imported as "needs review" when its text changed.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, LANGUAGES, SOURCE_LANGUAGE
from bot.i18n_tools import REVIEW_HEADER, po_path, review_status, set_plural_rule, write_catalog
from bot.storage.translation_models import ReviewStatus, entry_key
from bot.translations.checks import Problem
from bot.translations.entries import file_catalog

REVIEWED = "reviewed"
NEEDS_REVIEW = "needs-review"
STATUS_FLAGS = {
    ReviewStatus.REVIEWED.value: REVIEWED,
    ReviewStatus.NEEDS_REVIEW.value: NEEDS_REVIEW,
}
HEADER_NOTE = (
    "Review status is the flag `reviewed` or `needs-review` (not `fuzzy`, which the bot drops)."
)


@dataclass(frozen=True)
class Current:
    """What the editor holds for one entry now."""

    msgid: str
    forms: tuple[str, ...]
    status: str


def export_po(locales: Path, language: str, current: dict[str, Current]) -> bytes:
    """The file catalogue with the overrides applied and every status as a flag."""
    catalog = file_catalog(locales, language)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        now = current.get(entry_key(str(message.context or ""), str(ids[0])))
        if now is None:
            continue
        message.string = now.forms if len(ids) > 1 else now.forms[0]
        message.flags.discard(REVIEWED)
        message.flags.discard(NEEDS_REVIEW)
        message.flags.discard("fuzzy")
        if now.status in STATUS_FLAGS:
            message.flags.add(STATUS_FLAGS[now.status])
    set_plural_rule(catalog, language)
    catalog.fuzzy = False
    if HEADER_NOTE not in catalog.header_comment:
        catalog.header_comment = catalog.header_comment.rstrip("\n") + "\n# " + HEADER_NOTE
    status = review_status(po_path(locales, language)) or "not yet reviewed by a native speaker"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "{}.po".format(DOMAIN)
        write_catalog(path, catalog, language)
        text = path.read_text(encoding="utf-8")
    default = '"{}: not yet reviewed by a native speaker\\n"'.format(REVIEW_HEADER)
    text = text.replace(default, '"{}: {}\\n"'.format(REVIEW_HEADER, status), 1)
    return text.encode("utf-8")


@dataclass(frozen=True)
class Incoming:
    key: str
    msgid: str
    forms: tuple[str, ...]
    status: str | None  # None: the file says nothing


@dataclass
class Parsed:
    entries: list[Incoming] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)


def _language_of(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith('"Language: '):
            return line[len('"Language: ') :].removesuffix('\\n"').strip().replace("-", "_")
    return None


def parse_po(data: bytes, language: str) -> Parsed:
    """Read an uploaded .po file for `language`; a wrong file is refused as a whole."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Parsed(refused=[Problem("The file is not UTF-8 text. Save it from Poedit again.")])
    found = _language_of(text)
    if language != SOURCE_LANGUAGE and found != language:
        name = LANGUAGES[language].english_name
        other = LANGUAGES[found].english_name if found in LANGUAGES else found or "no language"
        return Parsed(
            refused=[
                Problem("This file is for {}, not {}. Nothing was changed.".format(other, name))
            ]
        )
    try:
        catalog: Catalog = read_po(io.StringIO(text), locale=None, domain=DOMAIN)
    except Exception as exc:
        return Parsed(
            refused=[Problem("The file could not be read as a .po file ({}).".format(exc))]
        )
    parsed = Parsed()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        raw = message.string
        forms = (
            tuple(str(s or "") for s in raw) if isinstance(raw, tuple | list) else (str(raw or ""),)
        )
        status = None
        if REVIEWED in message.flags:
            status = ReviewStatus.REVIEWED.value
        elif NEEDS_REVIEW in message.flags or message.fuzzy:
            status = ReviewStatus.NEEDS_REVIEW.value
        parsed.entries.append(
            Incoming(entry_key(str(message.context or ""), str(ids[0])), str(ids[0]), forms, status)
        )
    return parsed
