"""A deterministic flow context for unit tests of the pure flows."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

from bot.flows.context import FlowContext, Limits
from bot.i18n import Catalogues, default_locales_dir
from bot.routing.directory import load_directory
from bot.routing.partners import demo_partners_path, load_partners
from bot.routing.port import DirectoryRouting


def build_flow_context(limits: Limits | None = None) -> FlowContext:
    start = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    ticks = itertools.count()
    ids = itertools.count(1)
    refs = itertools.count(1)
    catalogues = Catalogues(default_locales_dir())
    routing = DirectoryRouting(
        directory=load_directory(), partners=load_partners(demo_partners_path())
    )
    return FlowContext(
        translator=catalogues.translator,
        routing=routing,
        now=lambda: start + timedelta(seconds=next(ticks)),
        new_id=lambda: str(uuid.UUID(int=next(ids))),
        new_reference=lambda: "UNIT-{:04d}".format(next(refs)),
        limits=limits or Limits(),
    )
