"""A local Telegram Bot API server for the sandbox and end-to-end tests.

Real aiogram and python-telegram-bot clients talk to it unchanged; a chat page and a
scripting API under /sandbox play the people on the other side.
"""

from .app import RunningServer, create_app, running_server
from .state import Settings, World

__all__ = ["RunningServer", "Settings", "World", "create_app", "running_server"]
