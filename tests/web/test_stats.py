"""Aggregates for administrators: small counts suppressed, also where totals would tell."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from bot.app import Application
from bot.storage.models import Case
from bot.web.stats import aggregate, suppress
from tests.helpers.portal import caseworker, client, login


def test_small_counts_are_hidden_with_a_second_cell_where_needed() -> None:
    cells = {c.key: c.shown for c in suppress(Counter({"rs": 12, "al": 3, "me": 7, "gb": 20}))}
    # "al" alone would be total minus the others; the next smallest ("me") hides it.
    assert cells == {"al": "<5", "gb": "20", "me": "<5", "rs": "12"}
    cells = {c.key: c.shown for c in suppress(Counter({"rs": 2, "al": 1, "gb": 9}))}
    assert cells == {"al": "<5", "gb": "9", "rs": "<5"}
    assert all(c.count is not None for c in suppress(Counter({"rs": 5, "gb": 6})))


def _case(i: int, country: str, severity: str, categories: str, week: int) -> Case:
    created = datetime(2026, 3, 2, tzinfo=UTC) + timedelta(weeks=week, hours=i)
    return Case(
        reference="T-{:04d}".format(i),
        country=country,
        severity=severity,
        categories=categories,
        partner_service_id="demo-rs",
        created_at=created,
    )


def test_aggregate_by_every_dimension() -> None:
    cases = [_case(i, "rs", "high", "doxxing,threat", 0) for i in range(6)]
    cases += [_case(10 + i, "al", "critical", "sextortion", 1) for i in range(2)]
    numbers = aggregate(cases)
    assert numbers.total.shown == "8"
    assert {c.key: c.shown for c in numbers.by_country} == {"al": "<5", "rs": "<5"}
    assert {c.key: c.shown for c in numbers.by_week} == {"2026-W10": "<5", "2026-W11": "<5"}
    assert {c.key: c.shown for c in numbers.by_category}["doxxing"] == "<5"
    assert aggregate(cases[:3]).total.shown == "<5"


async def test_admin_page_shows_the_chart_without_small_numbers(
    app: Application, portal: FastAPI
) -> None:
    async with app.sessionmaker() as session, session.begin():
        for i in range(7):
            session.add(_case(i, "rs", "high", "doxxing", 0))
        session.add(_case(50, "me", "critical", "threat", 0))
    admin = await caseworker(app, email="admin@x.org", services=[], admin=True)
    async with client(portal) as http:
        await login(http, admin)
        page = (await http.get("/admin")).text
    assert "<svg" in page and "Cases per week" in page
    assert "Cases in total: <strong>8</strong>" in page
    assert ">1<" not in page  # the single Montenegro case is never shown as a number
    assert "&lt;5" in page
