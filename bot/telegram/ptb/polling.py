"""Run the python-telegram-bot transport by long polling, until cancelled.

Not `Application.run_polling` (it owns the event loop and installs signal handlers,
while the sandbox, the tests and the CLI run several things on one loop), nor the
`Updater`: it asks for the next batch, and so confirms the last one, before the
updates were handled, and a process killed meanwhile loses them.
`bot.telegram.polling` confirms only what was handled.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Bot, Update

from bot.services.application import Application
from bot.telegram import polling
from bot.telegram.background import background_work
from bot.telegram.ptb.factory import READ_TIMEOUT_S, create_application
from bot.telegram.ptb.port import PtbPort
from bot.telegram.setup import ALLOWED_UPDATES, POLL_TIMEOUT_S, present

log = logging.getLogger(__name__)


async def set_commands(bot: Bot, app: Application) -> None:
    """The bot's face: command menus, descriptions and name in every language it can."""
    await present(PtbPort(bot), app.catalogues, app.settings)


RawUpdate = dict[str, Any]


def updates_of(bot: Bot) -> polling.Fetch[RawUpdate]:
    """getUpdates answered as plain JSON: while updates are in hand every answer repeats
    them, and parsing an update into PTB's objects costs milliseconds; only new ones are.

    Through `do_api_request`, which warns when given a method PTB has: the Bot API's method
    names are case-insensitive, so it is asked for "getupdates".
    """

    async def fetch(offset: int | None, wait_s: int) -> Sequence[RawUpdate]:
        answer = await bot.do_api_request(
            "getupdates",
            api_kwargs={
                "offset": offset,
                "timeout": wait_s,
                "allowed_updates": json.dumps(ALLOWED_UPDATES),
            },
            read_timeout=READ_TIMEOUT_S + wait_s,  # the long poll may take all of wait_s
        )
        return list(answer)

    return fetch


def handler_of(application: Any) -> polling.Handle[RawUpdate]:
    async def handle(raw: RawUpdate) -> None:
        # process_update runs the handlers; their errors go to the error handler.
        await application.process_update(Update.de_json(raw, application.bot))

    return handle


async def run_polling(app: Application, *, token: str) -> None:
    application: Any = create_application(
        token=token, api_base=app.settings.telegram_api_base, service=app.conversations
    )
    await application.initialize()  # getMe, with an empty body
    try:
        await application.bot.delete_webhook(drop_pending_updates=False)
        await set_commands(application.bot, app)
        async with (
            background_work(app, PtbPort(application.bot)),
            app.translations.running(),  # the editor's changes, without a restart
        ):
            await polling.poll(
                updates_of(application.bot),
                handler_of(application),
                lambda raw: int(raw["update_id"]),
                wait_s=POLL_TIMEOUT_S,
            )
    finally:
        await application.shutdown()
