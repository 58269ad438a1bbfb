"""Jinja filters in the page's language: waiting times, dates, numbers, and words for ids.

Each filter reads the page's `lang` (set by `bot.web.render.render`); a template
rendered without one (a fragment) speaks English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import jinja2

from bot.i18n import SOURCE_LANGUAGE, Translator
from bot.storage.portal_models import AuditEntry
from bot.web import wording
from bot.web.language import PortalLanguage
from bot.web.stats import Cell

_ENGLISH = PortalLanguage(SOURCE_LANGUAGE, Translator(SOURCE_LANGUAGE, gettext.NullTranslations()))


def _lang(context: Any) -> PortalLanguage:
    found = context.get("lang")
    return found if isinstance(found, PortalLanguage) else _ENGLISH


def _with_lang(function: Callable[..., str]) -> Callable[..., str]:
    @jinja2.pass_context
    def filter_(context: Any, value: Any, *args: Any) -> str:
        return function(_lang(context), value, *args)

    return filter_


def _when(lang: PortalLanguage, value: datetime | None) -> str:
    return lang.when(value)


def _day(lang: PortalLanguage, value: date) -> str:
    return lang.day(value)


def _waited(lang: PortalLanguage, since: datetime, until: datetime | None = None) -> str:
    return lang.waited(since, until)


def _iso_when(lang: PortalLanguage, value: str | None) -> str:
    """A time kept as ISO 8601 text in her sealed content."""
    if not value:
        return ""
    try:
        return lang.when(datetime.fromisoformat(value))
    except ValueError:
        return value


@jinja2.pass_context
def _audit_detail(context: Any, entry: AuditEntry) -> str:
    return wording.audit_detail(_lang(context), entry, context.get("service_name"))


def _cell(lang: PortalLanguage, cell: Cell) -> str:
    """A count of the statistics page: suppressed ones stay "<5"."""
    return cell.shown if cell.count is None else lang.number(cell.count)


def _number(lang: PortalLanguage, value: float, decimals: int = 0) -> str:
    return lang.number(value, decimals)


def duration(seconds: int | None) -> str:
    """A recording's length as a player shows it: 0:42, 1:02:05."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return (
        "{}:{:02d}:{:02d}".format(hours, minutes, secs)
        if hours
        else "{}:{:02d}".format(minutes, secs)
    )


def install(env: jinja2.Environment) -> None:
    env.filters["when"] = _with_lang(_when)
    env.filters["iso_when"] = _with_lang(_iso_when)
    env.filters["evidence_kind"] = _with_lang(wording.evidence_kind)
    env.filters["confidence"] = _with_lang(wording.confidence)
    env.filters["service_type"] = _with_lang(wording.service_type)
    env.filters["audit_detail"] = _audit_detail
    env.filters["day"] = _with_lang(_day)
    env.filters["waited"] = _with_lang(_waited)
    env.filters["number"] = _with_lang(_number)
    env.filters["cell"] = _with_lang(_cell)
    env.filters["severity"] = _with_lang(wording.severity)
    env.filters["status"] = _with_lang(wording.status)
    env.filters["reported_by"] = _with_lang(wording.reported_by)
    env.filters["reported_by_short"] = _with_lang(wording.reported_by_short)
    env.filters["category"] = _with_lang(wording.category)
    env.filters["categories"] = _with_lang(wording.categories)
    env.filters["outcome"] = _with_lang(wording.outcome)
    env.filters["topic"] = _with_lang(wording.topic)
    env.filters["country"] = _with_lang(wording.country)
    env.filters["region"] = _with_lang(wording.region)
    env.filters["her_language"] = _with_lang(wording.her_language)
    env.filters["language_name"] = _with_lang(wording.language_name)
    env.filters["reason"] = _with_lang(wording.reason)
    env.filters["audit_action"] = _with_lang(wording.audit_action)
    env.filters["label"] = wording.readable
    env.filters["duration"] = duration
