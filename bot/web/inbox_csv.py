"""The inbox as CSV: references, dates, categories, severity and status, nothing more.

Built only from the case rows' plain columns, which hold no content and no identity
(what she wrote is sealed, who she is is a keyed hash that never leaves the database):
no narrative, no caseworker notes, no names. Headings and words are in the caseworker's
language; dates are ISO 8601 in UTC, so a spreadsheet sorts them.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from bot.i18n import P_
from bot.storage.models import Case
from bot.storage.portal_models import CaseWork
from bot.web import wording
from bot.web.language import PortalLanguage

COLUMNS = (
    P_("Reference"),
    P_("Received (UTC)"),
    P_("First opened (UTC)"),
    P_("Last change (UTC)"),
    P_("Status"),
    P_("Outcome"),
    P_("Severity"),
    P_("Categories"),
    P_("Country"),
    P_("Region"),
    P_("Service"),
    P_("Reported by"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A spreadsheet must never run a cell as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _iso(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def inbox_csv(
    cases: Sequence[Case],
    works: Mapping[uuid.UUID, CaseWork],
    *,
    lang: PortalLanguage,
    service_name: Callable[[str], str],
) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Cyrillic and ë right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([lang.gettext(column) for column in COLUMNS])
    for case in cases:
        work = works.get(case.id)
        writer.writerow(
            [
                _cell(value)
                for value in (
                    case.reference,
                    _iso(case.created_at),
                    _iso(work.first_opened_at if work else None),
                    _iso(case.updated_at),
                    wording.status(lang, case.status),
                    wording.outcome(lang, work.outcome) if work and work.outcome else "",
                    wording.severity(lang, case.severity),
                    "; ".join(wording.category(lang, c) for c in case.categories.split(",") if c),
                    wording.country(lang, case.country),
                    wording.region(lang, case.region) if case.region else "",
                    service_name(case.partner_service_id),
                    wording.reported_by(lang, case.reported_by),
                )
            ]
        )
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
