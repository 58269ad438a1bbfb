"""Pick the transport named by `settings.transport`; each is imported only when chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.application import Application

TRANSPORTS = ("aiogram", "ptb")


async def run_polling(app: Application, *, token: str, transport: str | None = None) -> None:
    """Long-poll with the chosen library until cancelled."""
    name = transport or app.settings.transport
    if name == "ptb":
        from bot.telegram.ptb.polling import run_polling as run
    elif name == "aiogram":
        from bot.telegram.aiogram.polling import run_polling as run
    else:
        raise ValueError("unknown transport {!r}; choose one of {}".format(name, TRANSPORTS))
    await run(app, token=token)
