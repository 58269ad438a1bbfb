"""Services directory, routing rules and guidance (DESIGN.md: bot/routing).

Imports only bot.domain and bot.i18n: no Telegram library, no storage.
"""

from bot.routing.directory import Directory, load_directory
from bot.routing.partners import PartnerService, demo_partners_path, load_partners
from bot.routing.rules import route

__all__ = [
    "Directory",
    "PartnerService",
    "demo_partners_path",
    "load_directory",
    "load_partners",
    "route",
]
