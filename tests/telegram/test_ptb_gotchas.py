"""python-telegram-bot specifics: URL forms, empty bodies, proxies, timeouts, errors, shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.app import Application
from bot.sandbox.botapi import RunningServer, running_server
from bot.sandbox.botapi.client import SandboxClient, ScriptError
from bot.settings import PLACEHOLDER_TOKEN
from bot.telegram.delivery import FailureKind
from bot.telegram.ptb import factory
from bot.telegram.ptb.polling import run_polling
from bot.telegram.ptb.port import classify
from bot.telegram.transports import run_polling as run_chosen

PROXY_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture
async def server() -> AsyncIterator[RunningServer]:
    async with running_server() as running:
        yield running


@pytest.mark.parametrize(
    "api_base", ["http://127.0.0.1:8081", "http://127.0.0.1:8081/"], ids=["bare", "slash"]
)
def test_base_urls_leave_the_token_to_ptb(api_base: str, app: Application) -> None:
    application = factory.create_application(
        token=PLACEHOLDER_TOKEN, api_base=api_base, service=app.conversations
    )
    assert application.bot.base_url == "http://127.0.0.1:8081/bot" + PLACEHOLDER_TOKEN
    assert application.bot.base_file_url == "http://127.0.0.1:8081/file/bot" + PLACEHOLDER_TOKEN
    assert application.persistence is None  # our database keeps her state, not a pickle


async def test_empty_body_calls_through_proxies_in_the_environment(
    server: RunningServer, app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in PROXY_ENV:  # a proxy that cannot reach the loopback server
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    application = factory.create_application(
        token=PLACEHOLDER_TOKEN, api_base=server.base_url, service=app.conversations
    )
    async with application:  # initialize: getMe with no parameters
        assert await application.bot.delete_webhook()
    async with SandboxClient(server.base_url) as sandbox:
        calls = {c["method"]: c for c in await sandbox.log()}
    assert calls["getMe"]["params"] == {} and calls["getMe"].get("ok", True)
    assert calls["deleteWebhook"]["params"] == {}


def test_proxies_still_apply_to_a_remote_api() -> None:
    assert factory.is_loopback("http://localhost:8081")
    assert factory.is_loopback("http://[::1]:8081")
    assert not factory.is_loopback("https://api.telegram.org")
    remote = factory.build_request("https://api.telegram.org")
    local = factory.build_request("http://127.0.0.1:8081")
    assert remote._client.trust_env and not local._client.trust_env


def test_timeouts_are_ours_not_ptb_defaults() -> None:
    request = factory.build_request("http://127.0.0.1:8081")
    assert request.read_timeout == factory.READ_TIMEOUT_S
    timeout = request._client.timeout
    assert (timeout.connect, timeout.write, timeout.pool) == (
        factory.CONNECT_TIMEOUT_S,
        factory.WRITE_TIMEOUT_S,
        factory.POOL_TIMEOUT_S,
    )


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_bad_request_is_not_retried_although_ptb_calls_it_a_network_error() -> None:
    assert issubclass(BadRequest, NetworkError)
    rejected = classify(BadRequest("Message is not modified: x"))
    assert rejected.kind is FailureKind.REJECTED and "not modified" in rejected.message
    assert classify(TimedOut()).kind is FailureKind.TRANSIENT
    assert classify(NetworkError("Bad Gateway")).kind is FailureKind.TRANSIENT
    assert classify(Forbidden("bot was blocked")).kind is FailureKind.FORBIDDEN
    flood = classify(RetryAfter(3))
    assert flood.kind is FailureKind.RETRY_AFTER and flood.retry_after == 3.0


async def test_polling_stops_promptly_when_cancelled(
    server: RunningServer, app: Application
) -> None:
    app.settings = app.settings.model_copy(update={"telegram_api_base": server.base_url})
    task = asyncio.create_task(run_polling(app, token=PLACEHOLDER_TOKEN))
    async with SandboxClient(server.base_url) as sandbox:
        for _ in range(100):
            try:
                await sandbox.request("GET", "/sandbox/health")
                break
            except ScriptError:
                await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # a long poll (10 s) is now in flight
    started = asyncio.get_running_loop().time()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert asyncio.get_running_loop().time() - started < 3


async def test_an_unknown_transport_is_refused(app: Application) -> None:
    with pytest.raises(ValueError, match="unknown transport"):
        await run_chosen(app, token=PLACEHOLDER_TOKEN, transport="telethon")
