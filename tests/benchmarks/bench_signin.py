"""Benchmark the portal's sign-in under attack (not a test): findings 5 and 6 of issue #15.

    .venv/bin/python tests/benchmarks/bench_signin.py [--signins 30] [--rounds 10]
        [--kdf-time 3 --kdf-memory 65536]

The portal runs under uvicorn on 127.0.0.1 with a fresh SQLite database and the
production Argon2 cost. It measures:

1. /healthz latency alone, then while N sign-ins with unknown emails arrive at
   once (from one address, with the portal's limits; and with the limits raised,
   as if each came from another address);
2. the time of a failed sign-in for an unknown email, a known one (wrong
   password) and a locked one, with the answers' status and words.

It uses only APIs that older versions have too, so the same file run from an
older checkout gives the "before" figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import re
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
from sqlmodel import select

from bot.app import Application, build_application
from bot.services import accounts as account_service
from bot.services.keys import KdfParams
from bot.settings import Environment, Settings
from bot.storage.portal_models import Account
from bot.storage.types import utcnow
from bot.web.config import PortalConfig, portal_config
from bot.web.serve import start_portal
from classifiers.rules.classifier import RulesClassifier

SECRET = "bench-secret-key-0123456789abcdef0123456789abcdef"
PASSWORD = "correct horse battery staple"


def _config(app: Application, kdf: KdfParams, **limits: int) -> PortalConfig:
    fields = {f.name for f in dataclasses.fields(PortalConfig)}
    extra: dict[str, object] = {k: v for k, v in limits.items() if k in fields}
    if "totp_key" in fields:
        extra["totp_key"] = bytes(32)
    return portal_config(
        app.settings, sandbox=True, require_totp=False, secure_cookies=False, kdf=kdf, **extra
    )


@contextlib.asynccontextmanager
async def _portal(app: Application, config: PortalConfig) -> AsyncIterator[str]:
    task, url = await start_portal(app, port=0, config=config)
    try:
        yield url
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _csrf(http: httpx.AsyncClient) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', (await http.get("/login")).text)
    assert match
    return match.group(1)


async def _sign_in(url: str, email: str) -> tuple[float, int, str]:
    async with httpx.AsyncClient(base_url=url, timeout=300) as http:
        csrf = await _csrf(http)
        started = time.perf_counter()
        answer = await http.post(
            "/login", data={"email": email, "password": "a wrong password", "csrf": csrf}
        )
        error = re.search(r'<p class="error" role="alert">(.*?)</p>', answer.text, re.S)
        return time.perf_counter() - started, answer.status_code, error.group(1) if error else ""


async def _healthz(url: str, stop: asyncio.Future[object] | None, samples: int = 20) -> list[float]:
    latencies = []
    async with httpx.AsyncClient(base_url=url, timeout=300) as http:
        while (stop is None and len(latencies) < samples) or (stop is not None and not stop.done()):
            started = time.perf_counter()
            await http.get("/healthz")
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
    return latencies


def _ms(values: list[float]) -> str:
    return "p50 {:.0f} ms, max {:.0f} ms ({} samples)".format(
        statistics.median(values) * 1000, max(values) * 1000, len(values)
    )


async def _load(url: str, count: int) -> None:
    started = time.perf_counter()
    load = asyncio.ensure_future(
        asyncio.gather(*[_sign_in(url, "nobody{}@nowhere.org".format(i)) for i in range(count)])
    )
    during = await _healthz(url, load)
    results = await load
    statuses: dict[int, int] = {}
    for _elapsed, status, _error in results:
        statuses[status] = statuses.get(status, 0) + 1
    print("  /healthz during {} sign-ins: {}".format(count, _ms(during)))
    print(
        "  sign-ins answered in {:.1f} s; statuses {}".format(
            time.perf_counter() - started, statuses
        )
    )


async def main(args: argparse.Namespace) -> int:
    kdf = KdfParams(time_cost=args.kdf_time, memory_kib=args.kdf_memory)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            environment=Environment.TEST,
            data_dir=Path(folder),
            secret_key=SECRET,  # type: ignore[arg-type]
            classifier="rules",
        )
        app = await build_application(settings, classifier=RulesClassifier())
        try:
            async with app.sessionmaker() as session, session.begin():
                for email in ("known@service.org", "locked@service.org"):
                    await account_service.create_account(
                        session=session,
                        email=email,
                        display_name="",
                        password=PASSWORD,
                        params=kdf,
                    )
            async with app.sessionmaker() as session, session.begin():
                locked = (
                    await session.exec(select(Account).where(Account.email == "locked@service.org"))
                ).one()
                locked.locked_until = utcnow() + timedelta(days=1)
                session.add(locked)
            print("Argon2id t={} m={} KiB; {}".format(kdf.time_cost, kdf.memory_kib, sys.version))
            async with _portal(app, _config(app, kdf, lockout_after=100000)) as url:
                print("/healthz alone: {}".format(_ms(await _healthz(url, None))))
                print("{} sign-ins at once from one address, default limits:".format(args.signins))
                await _load(url, args.signins)
            raised = _config(
                app, kdf, sign_ins_per_address=1000, sign_ins_at_once=1000, lockout_after=100000
            )
            async with _portal(app, raised) as url:
                print("{} sign-ins at once, limits raised (30 addresses):".format(args.signins))
                await _load(url, args.signins)
                samples: dict[str, list[float]] = {"unknown": [], "known": [], "locked": []}
                answers: set[tuple[int, str]] = set()
                for round_ in range(args.rounds):
                    for kind, email in (
                        ("unknown", "stranger{}@nowhere.org".format(round_)),
                        ("known", "known@service.org"),
                        ("locked", "locked@service.org"),
                    ):
                        elapsed, status, error = await _sign_in(url, email)
                        samples[kind].append(elapsed)
                        answers.add((status, " ".join(error.split())[:60]))
                print("Failed sign-in, {} rounds:".format(args.rounds))
                for kind, values in samples.items():
                    print("  {:<8} {}".format(kind, _ms(values)))
                print("  distinct answers: {}".format(sorted(answers)))
        finally:
            await app.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signins", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kdf-time", type=int, default=3)
    parser.add_argument("--kdf-memory", type=int, default=65536)
    raise SystemExit(asyncio.run(main(parser.parse_args())))
