"""Prometheus metrics for the bot's webhook and the portal: counts and times, never people.

No label holds an id, a path with an id, a chat, a language or any text: updates
are counted by outcome, portal requests by route template ("/cases/{case_id}"),
and queue depths are row counts. Each process builds its own registry (nothing
is created at import); `/metrics` serves it in Prometheus' text format.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

CONTENT_TYPE = CONTENT_TYPE_LATEST
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# Queue depths read from the database when scraped: (metric, help, SQL).
_QUEUES = (
    (
        "safe_report_pending_replies",
        "Answers stored with their step and not yet accepted by Telegram (grows while "
        "sending fails).",
        "SELECT count(*) FROM pending_reply",
    ),
    (
        "safe_report_reply_outbox",
        "Caseworker replies waiting for the bot to deliver them.",
        "SELECT count(*) FROM reply_outbox",
    ),
    (
        "safe_report_reply_outbox_failing",
        "Caseworker replies whose delivery has failed at least once.",
        "SELECT count(*) FROM reply_outbox WHERE attempts > 0",
    ),
)


class QueueDepths:
    """Gauges of the database's queues, refreshed on each scrape."""

    def __init__(self, registry: CollectorRegistry, engine: AsyncEngine) -> None:
        self._engine = engine
        self._gauges = [(Gauge(name, doc, registry=registry), sql) for name, doc, sql in _QUEUES]

    async def refresh(self) -> None:
        async with self._engine.connect() as connection:
            for gauge, sql in self._gauges:
                gauge.set(int((await connection.execute(text(sql))).scalar_one()))


class WebhookMetrics:
    """Updates received by a bot replica: how many, how they ended, how long they took."""

    def __init__(self, engine: AsyncEngine | None = None) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "safe_report_webhook_updates",
            "Webhook requests by outcome: ok, failed (Telegram redelivers), forbidden "
            "(wrong secret), malformed, too_large.",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in ("ok", "failed", "forbidden", "malformed", "too_large"):
            self.updates.labels(outcome)
        self.seconds = Histogram(
            "safe_report_webhook_update_seconds",
            "Time from receiving an update to answering Telegram (the update processed).",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "safe_report_webhook_updates_in_flight",
            "Updates being processed by this replica now.",
            registry=self.registry,
        )
        self.queues = QueueDepths(self.registry, engine) if engine is not None else None

    @contextmanager
    def timing(self) -> Iterator[None]:
        started = time.perf_counter()
        self.in_flight.inc()
        try:
            yield
        finally:
            self.in_flight.dec()
            self.seconds.observe(time.perf_counter() - started)

    async def exposition(self) -> bytes:
        if self.queues is not None:
            await self.queues.refresh()
        return generate_latest(self.registry)


class PortalMetrics:
    """Portal requests by route template, method and status, and their duration."""

    def __init__(self, engine: AsyncEngine | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "safe_report_portal_requests",
            "Portal requests by route template (never the path itself), method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.seconds = Histogram(
            "safe_report_portal_request_seconds",
            "Time to answer a portal request, by route template.",
            ["route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queues = QueueDepths(self.registry, engine) if engine is not None else None

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.seconds.labels(route).observe(seconds)

    async def exposition(self) -> bytes:
        if self.queues is not None:
            await self.queues.refresh()
        return generate_latest(self.registry)
