"""Editing translations: file entries joined with overrides, checked saves, status, revert.

Every change is a recorded change (see the repository). Serbian Latin follows
Serbian Cyrillic by transliteration unless an administrator gave it its own text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import SOURCE_LANGUAGE
from bot.i18n_tools import po_path, review_status
from bot.storage.repositories import translations as repo
from bot.storage.repositories.translations import NewState
from bot.storage.translation_models import ReviewStatus, TranslationChange, TranslationOverride
from bot.translations.checks import Problem, blocking, check
from bot.translations.entries import Entry, entries_by_key, file_entries
from bot.transliterate import cyrillic_to_latin

REVIEWED_FLAG = "reviewed"
LATIN_FOLLOWS = {"sr": "sr_Latn"}


class EditRefused(Exception):
    """A change that is not saved; `problems` say why, in plain words."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """One string as the bot shows it now: the file's entry and any override."""

    entry: Entry
    forms: tuple[str, ...]
    status: str
    override: TranslationOverride | None

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override.text is not None

    @property
    def version(self) -> int:
        return self.override.version if self.override else 0

    @property
    def updated(self) -> tuple[str, datetime] | None:
        if self.override is None:
            return None
        return self.override.updated_by, self.override.updated_at


@lru_cache(maxsize=64)
def _file_review_status(path: Path, modified_ns: int, size: int) -> str:
    """The catalogue's review header, read once per version of the file: the editor's
    pages ask for each of the hundreds of texts they list."""
    return (review_status(path) or "").lower()


def file_status(locales: Path, language: str, entry: Entry) -> str:
    if language == SOURCE_LANGUAGE:
        return ReviewStatus.REVIEWED.value
    if not entry.translated:
        return ReviewStatus.UNTRANSLATED.value
    path = po_path(locales, language)
    header = ""
    if path.exists():
        stat = path.stat()
        header = _file_review_status(path, stat.st_mtime_ns, stat.st_size)
    if REVIEWED_FLAG in entry.flags or header.startswith("reviewed"):
        return ReviewStatus.REVIEWED.value
    return ReviewStatus.NEEDS_REVIEW.value


def forms_of(override: TranslationOverride) -> tuple[str, ...] | None:
    if override.plural_texts:
        return tuple(override.plural_texts)
    if override.text is not None:
        return (override.text,)
    return None


def row_of(locales: Path, language: str, entry: Entry, override: TranslationOverride | None) -> Row:
    forms = (forms_of(override) if override else None) or entry.forms
    status = override.status if override else file_status(locales, language, entry)
    return Row(entry=entry, forms=forms, status=status, override=override)


async def rows(*, session: AsyncSession, locales: Path, language: str) -> list[Row]:
    overrides = {o.key: o for o in await repo.overrides_of(session=session, language=language)}
    return [
        row_of(locales, language, entry, overrides.get(entry.key))
        for entry in file_entries(locales, language)
    ]


async def row(*, session: AsyncSession, locales: Path, language: str, key: str) -> Row | None:
    entry = entries_by_key(locales, language).get(key)
    if entry is None:
        return None
    override = await repo.get_override(session=session, language=language, key=key)
    return row_of(locales, language, entry, override)


def problems_of(language: str, entry: Entry, forms: tuple[str, ...]) -> list[Problem]:
    return check(language=language, sources=entry.sources, forms=forms, is_button=entry.is_button)


def _state(entry: Entry, forms: tuple[str, ...] | None, status: str, derived: bool) -> NewState:
    if forms is None:
        return NewState(None, None, status, derived)
    return NewState(forms[0], list(forms) if entry.plural else None, status, derived)


async def save(
    *,
    session: AsyncSession,
    locales: Path,
    language: str,
    key: str,
    forms: tuple[str, ...],
    status: str,
    by: str,
    expected_version: int,
    kind: str = "edit",
) -> list[str]:
    """Check and save a new text; returns notes for the administrator (e.g. about sr_Latn)."""
    current = await row(session=session, locales=locales, language=language, key=key)
    if current is None:
        raise EditRefused([Problem("This text no longer exists in the bot.")])
    if current.version != expected_version:
        raise EditRefused(
            [
                Problem(
                    "Someone else changed this text while you were editing. "
                    "Reload the page to see their version, then try again."
                )
            ]
        )
    refused = blocking(problems_of(language, current.entry, forms))
    if refused:
        raise EditRefused(refused)
    if status not in (ReviewStatus.NEEDS_REVIEW.value, ReviewStatus.REVIEWED.value):
        status = ReviewStatus.NEEDS_REVIEW.value
    await repo.record(
        session=session,
        language=language,
        context=current.entry.context,
        msgid=current.entry.msgid,
        new=_state(current.entry, forms, status, derived=False),
        file_status=file_status(locales, language, current.entry),
        by=by,
        kind=kind,
    )
    return await _follow_latin(session, locales, language, key, forms, status, by)


async def _follow_latin(
    session: AsyncSession,
    locales: Path,
    language: str,
    key: str,
    forms: tuple[str, ...] | None,
    status: str,
    by: str,
) -> list[str]:
    """After a Serbian Cyrillic change, keep Serbian Latin in step unless it has its own text."""
    target = LATIN_FOLLOWS.get(language)
    if target is None:
        return []
    latin_row = await row(session=session, locales=locales, language=target, key=key)
    if latin_row is None:
        return []
    latin = tuple(cyrillic_to_latin(f) for f in forms) if forms else None
    if latin_row.overridden and not (latin_row.override and latin_row.override.derived):
        shown = " / ".join(latin or latin_row.entry.forms)
        return [
            "Serbian (Latin) has its own text for this and was not changed. "
            "The transliteration would be: {}".format(shown)
        ]
    if latin is not None and blocking(problems_of(target, latin_row.entry, latin)):
        return ["The Serbian (Latin) transliteration did not pass the checks; edit it there."]
    await repo.record(
        session=session,
        language=target,
        context=latin_row.entry.context,
        msgid=latin_row.entry.msgid,
        new=_state(latin_row.entry, latin, status, derived=latin is not None),
        file_status=file_status(locales, target, latin_row.entry),
        by=by,
        kind="transliteration",
    )
    return ["Serbian (Latin) was updated by transliteration."]


async def set_status(
    *, session: AsyncSession, locales: Path, language: str, key: str, status: str, by: str
) -> None:
    current = await row(session=session, locales=locales, language=language, key=key)
    if current is None or status not in {s.value for s in ReviewStatus}:
        raise EditRefused([Problem("That status cannot be set here.")])
    if status == ReviewStatus.UNTRANSLATED.value or not all(current.forms):
        raise EditRefused([Problem("Only a translated text can be marked as reviewed or not.")])
    override = current.override
    await repo.record(
        session=session,
        language=language,
        context=current.entry.context,
        msgid=current.entry.msgid,
        new=NewState(
            override.text if override else None,
            override.plural_texts if override else None,
            status,
            override.derived if override else False,
        ),
        file_status=file_status(locales, language, current.entry),
        by=by,
        kind="status",
    )


async def revert(
    *, session: AsyncSession, locales: Path, change_id: uuid.UUID, by: str
) -> TranslationChange:
    """Put a string back as it was before `change_id`; the revert is recorded too."""
    change = await repo.get_change(session=session, change_id=change_id)
    if change is None:
        raise EditRefused([Problem("That change does not exist.")])
    current = await row(session=session, locales=locales, language=change.language, key=change.key)
    if current is None:
        raise EditRefused([Problem("This text no longer exists in the bot.")])
    forms = tuple(change.before_plural or ()) or (
        (change.before_text,) if change.before_text is not None else None
    )
    derived = change.kind == "transliteration" and forms is not None
    await repo.record(
        session=session,
        language=change.language,
        context=change.context,
        msgid=change.msgid,
        new=_state(current.entry, forms, change.before_status, derived),
        file_status=file_status(locales, change.language, current.entry),
        by=by,
        kind="revert",
        reverts=change.id,
    )
    await _follow_latin(
        session, locales, change.language, change.key, forms, change.before_status, by
    )
    return change


@dataclass(frozen=True)
class Summary:
    total: int
    reviewed: int
    needs_review: int
    untranslated: int
    overridden: int

    @property
    def percent_reviewed(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 100


def summarise(all_rows: list[Row]) -> Summary:
    statuses = [r.status for r in all_rows]
    return Summary(
        total=len(all_rows),
        reviewed=statuses.count(ReviewStatus.REVIEWED.value),
        needs_review=statuses.count(ReviewStatus.NEEDS_REVIEW.value),
        untranslated=statuses.count(ReviewStatus.UNTRANSLATED.value),
        overridden=sum(1 for r in all_rows if r.overridden),
    )


def matches(
    item: Row, *, status: str = "", area: str = "", text: str = "", where: str = ""
) -> bool:
    """The editor's filters: status, area (bot/directory/guidance), text, where used."""
    if status and item.status != status:
        return False
    if area and item.entry.area.value != area:
        return False
    if text:
        needle = text.casefold()
        haystack = " ".join((*item.entry.sources, *item.forms, item.entry.context)).casefold()
        if needle not in haystack:
            return False
    if where:
        needle = where.casefold()
        haystack = " ".join((item.entry.where, *item.entry.hints)).casefold()
        if needle not in haystack:
            return False
    return True
