"""Jinja filters: waiting times and dates a busy caseworker reads at a glance."""

from __future__ import annotations

from datetime import datetime

import jinja2

from bot.storage.types import utcnow

SEVERITY_LABELS = {
    "critical": "Critical",
    "high": "High",
    "medium": "Medium",
    "low": "Low",
    "none": "None",
}
STATUS_LABELS = {
    "new": "New",
    "in_progress": "In progress",
    "referred": "Referred",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
}


def waited(since: datetime, until: datetime | None = None) -> str:
    seconds = int(((until or utcnow()) - since).total_seconds())
    if seconds < 3600:
        return "{} min".format(max(1, seconds // 60))
    if seconds < 48 * 3600:
        return "{} h {} min".format(seconds // 3600, seconds % 3600 // 60)
    return "{} days".format(seconds // 86400)


def when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d %b %Y, %H:%M UTC")


def label(value: str | None) -> str:
    if not value:
        return ""
    return value.replace("_", " ").capitalize()


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
    env.filters["waited"] = waited
    env.filters["when"] = when
    env.filters["label"] = label
    env.filters["duration"] = duration
    env.filters["severity"] = lambda v: SEVERITY_LABELS.get(v or "none", v)
    env.filters["status"] = lambda v: STATUS_LABELS.get(v, v)
