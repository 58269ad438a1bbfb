"""Benchmark whole conversations through aiogram and python-telegram-bot (not a test).

    .venv/bin/python tests/benchmarks/bench_transports.py [--survivors 20] [--rounds 1]
        [--database-url postgresql+asyncpg://...] [--timeout 120]

Everything runs on loopback in one process: the local Bot API server, the bot
(aiogram or PTB polling it), the real database (a fresh SQLite file by default)
and N survivors, each playing one whole report at the same time. Latency is from
the survivor's send (scripting API) to the bot's answer appearing in the server's
chat; updates/s is all updates over the wall time. A bare echo bot of each
library, on the same server, gives the ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.app import Application, build_application
from bot.sandbox.botapi import RunningServer, running_server
from bot.sandbox.botapi.client import SandboxClient, ScriptError
from bot.settings import PLACEHOLDER_TOKEN, Environment, Settings
from bot.telegram.setup import ALLOWED_UPDATES
from bot.telegram.transports import run_polling
from classifiers.rules.classifier import RulesClassifier

SECRET = "bench-secret-key-0123456789abcdef0123456789abcdef"
# (kind, payload, text the answer contains): one whole report, 12 updates.
REPORT = [
    ("say", "/start", "Which country"),
    ("press", "country:rs", "Are you safe"),
    ("press", "safety:yes", "What is happening"),
    ("press", "categories:done", "In your own words"),
    ("say", "He posted my address and phone number on a forum.", "Your report now holds"),
    ("press", "narrative:done", "Who is doing this"),
    ("press", "relationship:known", "under 18"),
    ("press", "age:adult", "intimate images"),
    ("press", "images:no", "Do you want to send your report"),
    ("press", "consent:yes", "on this phone"),
    ("press", "replies:yes", "Your reference code is"),
]
ECHO = [("say", "message {}".format(i), "message {}".format(i)) for i in range(len(REPORT))]


class Answers:
    """Timestamps the bot's messages as the server stores them (no polling error)."""

    def __init__(self, server: RunningServer) -> None:
        self.server = server
        self.changed = asyncio.Condition()
        self.seen: dict[int, list[tuple[float, str]]] = {}
        self._patched: set[int] = set()

    def watch(self) -> None:
        for bot in self.server.state.bots.values():
            if id(bot) in self._patched:
                continue
            self._patched.add(id(bot))
            original = bot.add_message

            def add_message(chat: Any, fields: dict[str, Any], *, from_bot: bool, _o=original):
                message = _o(chat, fields, from_bot=from_bot)
                if from_bot:
                    entry = (time.perf_counter(), str(message.get("text") or ""))
                    self.seen.setdefault(chat.chat["id"], []).append(entry)
                    asyncio.get_running_loop().create_task(self._notify())
                return message

            bot.add_message = add_message  # type: ignore[method-assign]

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait(self, chat_id: int, after: int, needle: str) -> float:
        def found() -> float | None:
            for stamp, text in self.seen.get(chat_id, [])[after:]:
                if needle in text:
                    return stamp
            return None

        async with self.changed:
            await self.changed.wait_for(lambda: found() is not None)
        stamp = found()
        assert stamp is not None
        return stamp


async def _survivor(
    sandbox: SandboxClient, answers: Answers, user_id: int, script: list[Any]
) -> list[float]:
    latencies = []
    for kind, payload, expect in script:
        before = len(answers.seen.get(user_id, []))
        started = time.perf_counter()
        if kind == "say":
            await sandbox.send(user_id, payload, language_code="en")
        else:
            await sandbox.press(user_id, callback_data=payload)
        answered = await answers.wait(user_id, before, expect)
        latencies.append(answered - started)
    return latencies


@contextlib.asynccontextmanager
async def _polling(
    server: RunningServer, run: Callable[[], Awaitable[None]]
) -> AsyncIterator[None]:
    task = asyncio.create_task(run())
    async with SandboxClient(server.base_url) as sandbox:
        for _ in range(400):
            if task.done():
                task.result()
            try:
                await sandbox.request("GET", "/sandbox/health")
                break
            except ScriptError:
                await asyncio.sleep(0.025)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _echo_aiogram(api_base: str) -> None:
    from aiogram import Dispatcher
    from aiogram.types import Message

    from bot.telegram.aiogram.factory import create_bot

    bot = create_bot(token=PLACEHOLDER_TOKEN, api_base=api_base)
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    try:
        await dispatcher.start_polling(
            bot, allowed_updates=ALLOWED_UPDATES, handle_signals=False, polling_timeout=10
        )
    finally:
        await bot.session.close()


async def _echo_ptb(api_base: str) -> None:
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    from bot.telegram.ptb.factory import api_urls, build_request

    base_url, base_file_url = api_urls(api_base)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    application = (
        ApplicationBuilder()
        .token(PLACEHOLDER_TOKEN)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .request(build_request(api_base))
        .get_updates_request(build_request(api_base, pool_size=1))
        .concurrent_updates(True)
        .job_queue(None)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=10)
        try:
            await asyncio.Event().wait()
        finally:
            await application.updater.stop()
            await application.stop()


async def _app(database_url: str, folder: Path) -> Application:
    settings = Settings(
        environment=Environment.TEST,
        data_dir=folder,
        database_url=database_url,
        secret_key=SECRET,  # type: ignore[arg-type]
        classifier="rules",
        # Survivors here act at machine speed; Telegram's per-chat pacing (1 msg/s)
        # would be what is measured. Pacing has its own tests.
        send_chat_burst=1000,
        send_chat_rate=1000.0,
        send_overall_rate=100000,
    )
    return await build_application(settings, classifier=RulesClassifier())


async def _fresh_url(args: argparse.Namespace, folder: Path, name: str) -> str:
    if not args.database_url:
        return "sqlite+aiosqlite:///{}".format(folder / "{}.db".format(name))
    import asyncpg
    from sqlalchemy.engine import make_url

    base = make_url(args.database_url)
    db = "bench_{}_{}".format(name, int(time.time()))
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute('CREATE DATABASE "{}"'.format(db))
    finally:
        await conn.close()
    return base.set(database=db).render_as_string(hide_password=False)


async def run_case(args: argparse.Namespace, name: str, folder: Path) -> dict[str, Any]:
    transport, _, kind = name.partition("-")
    script = ECHO if kind == "echo" else REPORT
    app = None
    async with running_server() as server:
        if kind == "echo":
            runner = _echo_aiogram if transport == "aiogram" else _echo_ptb

            def run() -> Awaitable[None]:
                return runner(server.base_url)
        else:
            app = await _app(await _fresh_url(args, folder, transport), folder)
            app.settings = app.settings.model_copy(
                update={"telegram_api_base": server.base_url, "transport": transport}
            )

            def run() -> Awaitable[None]:
                assert app is not None
                return run_polling(app, token=PLACEHOLDER_TOKEN)

        try:
            async with _polling(server, run), SandboxClient(server.base_url) as sandbox:
                answers = Answers(server)
                answers.watch()
                users = range(7_000_000, 7_000_000 + args.survivors)
                started = time.perf_counter()
                results = await asyncio.wait_for(
                    asyncio.gather(*(_survivor(sandbox, answers, u, script) for u in users)),
                    timeout=args.timeout,
                )
                wall = time.perf_counter() - started
        finally:
            if app is not None:
                await app.close()
    latencies = sorted(x for r in results for x in r)
    return {
        "case": name,
        "updates": len(latencies),
        "wall_s": wall,
        "updates_per_s": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }


async def main(args: argparse.Namespace) -> None:
    cases = ["aiogram-bot", "ptb-bot", "aiogram-echo", "ptb-echo"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            for name in cases:
                folder = Path(tmp) / "{}-{}".format(name, round_)
                folder.mkdir()
                rows.append(await run_case(args, name, folder))
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        "\n{} survivors x 1 conversation ({} updates each), {}:".format(
            args.survivors, len(REPORT), database
        )
    )
    print(
        "{:<14}{:>9}{:>9}{:>12}{:>10}{:>10}".format(
            "case", "updates", "wall s", "updates/s", "p50 ms", "p99 ms"
        )
    )
    for row in rows:
        print(
            "{case:<14}{updates:>9}{wall_s:>9.2f}{updates_per_s:>12.1f}"
            "{p50_ms:>10.1f}{p99_ms:>10.1f}".format(**row)
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survivors", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1, help="repeat the four cases")
    parser.add_argument("--database-url", default="", help="PostgreSQL server (a fresh db each)")
    parser.add_argument("--timeout", type=float, default=120.0, help="per case, seconds")
    return parser.parse_args(argv)


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("aiogram.dispatcher").setLevel(logging.CRITICAL)  # shutdown noise
    logging.getLogger("bot.services.sealing").setLevel(logging.ERROR)
    asyncio.run(main(parse_args()))
