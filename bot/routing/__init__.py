"""Services directory, routing rules and guidance (DESIGN.md: bot/routing).

Imports only bot.domain, bot.i18n and bot.transliterate: no Telegram library, no storage.
"""

from bot.routing.directory import Directory, load_directory
from bot.routing.partners import (
    PartnerService,
    demo_partners_path,
    load_partners,
    partners_for_place,
)
from bot.routing.rules import crisis_lines, route

__all__ = [
    "Directory",
    "PartnerService",
    "crisis_lines",
    "demo_partners_path",
    "load_directory",
    "load_partners",
    "partners_for_place",
    "route",
]
