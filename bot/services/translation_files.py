"""Export a language as a .po file, and import one: plan (checked, shown) then apply.

Applying is a series of recorded changes, so an import shows in the history
and each of its changes can be reverted like an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import translations as editor
from bot.storage.translation_models import ReviewStatus
from bot.translations.checks import Problem, blocking
from bot.translations.po import Current, export_po, parse_po


async def export(*, session: AsyncSession, locales: Path, language: str) -> bytes:
    rows = await editor.rows(session=session, locales=locales, language=language)
    current = {r.key: Current(r.entry.msgid, r.forms, r.status) for r in rows}
    return export_po(locales, language, current)


@dataclass(frozen=True)
class Planned:
    row: editor.Row
    forms: tuple[str, ...]
    status: str

    @property
    def text_changed(self) -> bool:
        return self.forms != self.row.forms


@dataclass
class ImportPlan:
    changes: list[Planned] = field(default_factory=list)
    refused: list[tuple[str, list[Problem]]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unchanged: int = 0
    file_problems: list[Problem] = field(default_factory=list)


async def plan_import(
    *, session: AsyncSession, locales: Path, language: str, data: bytes
) -> ImportPlan:
    """What importing `data` would change, with every entry checked like an edit."""
    parsed = parse_po(data, language)
    plan = ImportPlan(file_problems=parsed.refused)
    if parsed.refused:
        return plan
    rows = {
        r.key: r for r in await editor.rows(session=session, locales=locales, language=language)
    }
    for incoming in parsed.entries:
        current = rows.get(incoming.key)
        if current is None:
            plan.unknown.append(incoming.msgid)
            continue
        if not any(incoming.forms):
            plan.unchanged += 1  # left untranslated in the file: keep what the bot has
            continue
        text_changed = incoming.forms != current.forms
        status = incoming.status or (
            ReviewStatus.NEEDS_REVIEW.value if text_changed else current.status
        )
        if not text_changed and status == current.status:
            plan.unchanged += 1
            continue
        problems = blocking(editor.problems_of(language, current.entry, incoming.forms))
        if problems:
            plan.refused.append((current.entry.msgid, problems))
            continue
        plan.changes.append(Planned(current, incoming.forms, status))
    return plan


async def apply_import(
    *, session: AsyncSession, locales: Path, language: str, plan: ImportPlan, by: str
) -> int:
    for change in plan.changes:
        if change.text_changed:
            await editor.save(
                session=session,
                locales=locales,
                language=language,
                key=change.row.key,
                forms=change.forms,
                status=change.status,
                by=by,
                expected_version=change.row.version,
                kind="import",
            )
        else:
            await editor.set_status(
                session=session,
                locales=locales,
                language=language,
                key=change.row.key,
                status=change.status,
                by=by,
            )
    return len(plan.changes)
