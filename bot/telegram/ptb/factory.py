"""Build the python-telegram-bot Application; nothing is built at import time.

No PTB persistence: the conversation service keeps her state in our own database,
committed per update, whereas PTB's pickle persistence flushes every 60 s by default.
Updates run concurrently: the service serialises the updates of one survivor.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults
from telegram.request import HTTPXRequest

from bot.services.conversations import ConversationService
from bot.telegram.ptb.handlers import add_handlers

# PTB's own defaults (read 5 s, pool 1 s) are short for a bot that may wait on its
# database while 256 updates share the pool; these match what aiogram tolerates.
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 20.0
WRITE_TIMEOUT_S = 20.0
POOL_TIMEOUT_S = 10.0
POOL_SIZE = 256


def api_urls(api_base: str) -> tuple[str, str]:
    """(base_url, base_file_url) for PTB, which appends the token to each itself."""
    base = api_base.rstrip("/")
    return f"{base}/bot", f"{base}/file/bot"


def is_loopback(api_base: str) -> bool:
    host = urlsplit(api_base).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_request(api_base: str, *, pool_size: int = POOL_SIZE) -> HTTPXRequest:
    """An HTTPX request; proxies from the environment are ignored for a loopback server.

    httpx honours HTTP(S)_PROXY/ALL_PROXY by default (trust_env), which would send
    the local sandbox's traffic to a proxy that cannot reach 127.0.0.1.
    """
    return HTTPXRequest(
        connection_pool_size=pool_size,
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
        write_timeout=WRITE_TIMEOUT_S,
        pool_timeout=POOL_TIMEOUT_S,
        proxy=None,
        httpx_kwargs={"trust_env": not is_loopback(api_base)},
    )


def create_application(*, token: str, api_base: str, service: ConversationService) -> Application:  # type: ignore[type-arg]
    base_url, base_file_url = api_urls(api_base)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .request(build_request(api_base))
        .get_updates_request(build_request(api_base, pool_size=1))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(True)
        .job_queue(None)
        .build()
    )
    add_handlers(application, service)
    return application
