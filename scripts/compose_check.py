"""The compose check's scenario: the whole stack from docker-compose.yml, used as people would.

Run by scripts/compose_check.sh (which installs the tools and builds the images) as
    SSL_CERT_FILE=WORK/certs/fullchain.pem .venv/bin/python scripts/compose_check.py WORK
WORK is a project folder holding secrets/, certs/, config/ and deploy/nginx.conf.

On the host: the sandbox Bot API server (loopback), and a relay on the containers'
network gateway so the bots can reach it; nginx's ports are published on loopback, so
the sandbox delivers the webhook to https://localhost:PORT through nginx, checking the
certificate (SSL_CERT_FILE). Then:
  1. first run as docs/deploy.md says: database, a caseworker account and the partner's keys;
  2. a survivor reports in Albanian through nginx and reads Albanian answers;
  3. one bot replica is killed mid-conversation and she finishes on the other: every
     answer once, one case;
  4. a caseworker signs in to the portal over HTTPS (password change, authenticator
     code) and sees the case, its narrative decrypted; plain HTTP is redirected;
  5. nginx's access log names no case; Redis (every key, every value, the append-only
     file) holds no chat id;
  6. an encrypted backup is taken and restored into a fresh database, row for row;
  7. everything is torn down (scripts/compose_check.sh also does it on failure).
Each stage prints its time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.sandbox.botapi import running_server  # noqa: E402
from bot.sandbox.botapi.client import SandboxClient  # noqa: E402

PROJECT = "srcheck"
HTTPS_PORT = int(os.environ.get("COMPOSE_CHECK_HTTPS_PORT", "18443"))
HTTP_PORT = int(os.environ.get("COMPOSE_CHECK_HTTP_PORT", "18080"))
PUBLIC_URL = "https://localhost:{}".format(HTTPS_PORT)
SURVIVOR = 7_310_000 + secrets.randbelow(89_999)  # her Telegram id: must appear in no store
PARTNER = "check-al"
CASEWORKER = "caseworker@check-al.example"
NARRATIVE = "Ish-partneri im publikoi adresën time dhe numrin e telefonit në internet."
STEP_WAIT = 60.0
timings: list[tuple[str, float]] = []


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.monotonic()
    print("==> {}".format(name), flush=True)
    yield
    took = time.monotonic() - started
    timings.append((name, took))
    print("    {} took {:.1f} s".format(name, took), flush=True)


def compose(
    work: Path, *args: str, capture: bool = False, env: dict[str, str] | None = None
) -> str:
    command = [sys.executable, str(ROOT / "scripts" / "compose_podman.py")]
    command += ["-p", PROJECT, "--project-dir", str(work), *args]
    result = subprocess.run(
        command, text=True, capture_output=capture, env={**os.environ, **(env or {})}
    )
    if result.returncode != 0:
        raise AssertionError(
            "compose {} failed: {}".format(" ".join(args), (result.stderr or "")[-2000:])
        )
    return result.stdout or ""


def container(service: str) -> str:
    return "{}-{}-1".format(PROJECT, service)


def podman(*args: str, input: bytes | None = None) -> bytes:
    result = subprocess.run(["podman", *args], capture_output=True, input=input)
    if result.returncode != 0:
        raise AssertionError(
            "podman {} failed: {!r}".format(" ".join(args[:3]), result.stderr[-800:])
        )
    return result.stdout


def psql(sql: str, database: str = "safe_report") -> str:
    out = podman(
        "exec", container("postgres"), "psql", "-U", "safe_report", "-d", database, "-tAc", sql
    )
    return out.decode().strip()


# --- Albanian, from the catalogue the image carries (the same source files) ----------------


class Albanian:
    """The Albanian translation of an English message, found by a fragment of it."""

    def __init__(self) -> None:
        path = ROOT / "bot" / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        self._pairs = [
            (
                m.id if isinstance(m.id, str) else m.id[0],
                m.string if isinstance(m.string, str) else m.string[0],
            )
            for m in catalog
            if m.id and m.string
        ]

    def __call__(self, english: str) -> str:
        """A stretch of the translation without placeholders (at most 40 characters)."""
        # Exactly one message, or the needle is ambiguous (a heading, a helper's wording).
        found = [sq for en, sq in self._pairs if en.startswith(english)]
        found = found or [sq for en, sq in self._pairs if english in en]
        assert found, "no Albanian translation for a message containing {!r}".format(english)
        assert len(found) == 1, "{!r} starts {} messages: say more".format(english, len(found))
        pieces = [p.strip() for p in re.split(r"\{[^}]*\}|\n", found[0])]
        return max(pieces, key=len)[:40]


# --- The bridge from the containers to the sandbox on the host's loopback ------------------


async def relay(host: str, target_port: int) -> asyncio.Server:
    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    return await asyncio.start_server(handle, host, 0)


def gateway_of(network: str) -> str:
    out = podman("network", "inspect", network).decode()
    subnets = json.loads(out)[0]["subnets"]
    return str(subnets[0]["gateway"])


# --- The survivor ---------------------------------------------------------------------------


class Chat:
    def __init__(self, sandbox: SandboxClient, user_id: int) -> None:
        self.sandbox = sandbox
        self.user_id = user_id

    async def bot_messages(self) -> list[dict[str, Any]]:
        view = await self.sandbox.chat(self.user_id)
        return [m for m in view["messages"] if m["from"] == "bot"]

    async def wait_for(
        self, needle: str, *, within: float = STEP_WAIT, alternatives: tuple[str, ...] = ()
    ) -> str:
        deadline = time.monotonic() + within
        while True:
            for message in reversed(await self.bot_messages()):
                labels = [b["text"] for row in message.get("buttons") or [] for b in row]
                for part in [message.get("text") or "", *labels]:
                    if any(n in part for n in (needle, *alternatives)):
                        return message.get("text") or ""
            if time.monotonic() > deadline:
                texts = [m.get("text") for m in await self.bot_messages()][-3:]
                raise AssertionError("the bot never said {!r}; last: {}".format(needle, texts))
            await asyncio.sleep(0.1)

    async def say(self, text: str, *, expect: str) -> str:
        await self.sandbox.send(self.user_id, text, language_code="sq", first_name="Ana")
        return await self.wait_for(expect)

    async def press(self, data: str, *, expect: str, alternatives: tuple[str, ...] = ()) -> str:
        await self.sandbox.press(self.user_id, callback_data=data)
        return await self.wait_for(expect, alternatives=alternatives)


async def report_in_albanian(chat: Chat, sq: Albanian, work: Path) -> str:
    """A whole report through nginx, a replica killed halfway; returns her reference code."""
    # Her Telegram is in Albanian: the first screen already is.
    await chat.say("/start", expect=sq("Which country"))
    await chat.press("country:al", expect=sq("Are you safe"))
    await chat.press("safety:yes", expect=sq("What is happening?"))
    await chat.press("categories:harassment", expect="✓")
    await chat.press("categories:done", expect=sq("In your own words, what happened?"))
    await chat.say(NARRATIVE, expect=sq("Thank you. Your report now holds"))
    with stage("kill bot-1 in the middle of her conversation"):
        podman("kill", "--signal", "KILL", container("bot-1"))
    await chat.press("narrative:done", expect=sq("Who is doing this?"))
    await chat.press("relationship:known", expect=sq("Are you under 18"))
    await chat.press("age:adult", expect=sq("Were intimate images of you"))
    # Asked only where a public role changes what she is shown (Access Now in Albania).
    public_role = sq("Are you an activist")
    text = await chat.press("images:no", expect=public_role, alternatives=(sq("Who can help"),))
    if public_role in text:
        await chat.press("public_role:no", expect=sq("Who can help"))
    await chat.wait_for(sq("Do you want to send your report"))
    text = await chat.press("consent:quiet", expect=sq("Your report has been sent"))
    match = re.search(r"\b([A-Z0-9]{4,}(?:-[A-Z0-9]{2,})+)\b", text)
    assert match, "no reference code in {!r}".format(text)
    return match.group(1)


async def nothing_lost_or_doubled(chat: Chat, sq: Albanian, reference: str) -> None:
    texts = [m.get("text") or "" for m in await chat.bot_messages()]
    for english in (
        "Which country",
        "Are you safe",
        "In your own words, what happened?",
        "Who is doing this?",
        "Are you under 18",
        "Were intimate images of you",
        "Do you want to send your report",
        "Your report has been sent",
    ):
        count = sum(sq(english) in t for t in texts)
        assert count == 1, "{!r} shown {} times".format(english, count)
    english_leaks = [t for t in texts if "Which country" in t or "Your report has been sent" in t]
    assert not english_leaks, "English answers in an Albanian conversation: {}".format(
        english_leaks
    )
    assert psql('SELECT count(*) FROM "case"') == "1", "not exactly one case stored"
    assert psql("SELECT count(*) FROM \"case\" WHERE reference = '{}'".format(reference)) == "1"


# --- The caseworker ---------------------------------------------------------------------------


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def _first_sign_in(http: httpx.AsyncClient, account: dict[str, str]) -> None:
    """Her first sign-in: the one-time password, then what the portal asks before anything
    else opens (a new password, her authenticator enrolled from the QR page)."""
    page = await http.get("/login")
    assert page.status_code == 200, page.status_code
    assert page.url.scheme == "https"
    form = {"email": CASEWORKER, "password": account["password"], "csrf": csrf_of(page.text)}
    answer = await http.post("/login", data=form)
    assert answer.status_code == 303, (answer.status_code, answer.text[:300])
    assert any(c.name.startswith("__Host-") and c.secure for c in http.cookies.jar)
    for _ in range(6):
        location = answer.headers.get("location", "")
        if location == "/account/password":
            new_password = "a long new passphrase " + secrets.token_hex(4)
            page = await http.get(location)
            answer = await http.post(
                location,
                data={
                    "current": account["password"],
                    "new": new_password,
                    "repeat": new_password,
                    "csrf": csrf_of(page.text),
                },
            )
            assert answer.status_code == 303, (answer.status_code, answer.text[:300])
            account["password"] = new_password
        elif location == "/account/totp":
            page = await http.get(location)
            assert "<svg" in page.text, "no QR code on the enrolment page"
            key = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text)
            assert key, "no key to type on the enrolment page"
            account["totp"] = key.group(1).replace(" ", "")
            answer = await http.post(
                location,
                data={"csrf": csrf_of(page.text), "code": pyotp.TOTP(account["totp"]).now()},
            )
            assert answer.status_code == 303, (answer.status_code, answer.text[:300])
        else:
            answer = await http.get("/inbox")
            if answer.status_code == 200:
                return
    raise AssertionError("the first sign-in never reached the inbox")


async def _sign_in(http: httpx.AsyncClient, account: dict[str, str]) -> None:
    """A later sign-in: password and the authenticator's next code (a code works once)."""
    totp = pyotp.TOTP(account["totp"])
    await asyncio.sleep(totp.interval - time.time() % totp.interval + 1)  # the next code
    page = await http.get("/login")
    form = {
        "email": CASEWORKER,
        "password": account["password"],
        "code": totp.now(),
        "csrf": csrf_of(page.text),
    }
    answer = await http.post("/login", data=form)
    assert answer.status_code == 303, (answer.status_code, answer.text[:300])
    assert answer.headers.get("location", "").endswith("/inbox"), answer.headers


async def caseworker_sees_the_case(account: dict[str, str], reference: str, cert: str) -> str:
    async with httpx.AsyncClient(base_url=PUBLIC_URL, verify=cert, timeout=30) as http:
        await _first_sign_in(http, account)
    async with httpx.AsyncClient(base_url=PUBLIC_URL, verify=cert, timeout=30) as http:
        await _sign_in(http, account)
        inbox = await http.get("/inbox")
        assert inbox.status_code == 200 and reference in inbox.text, "the case is not in the inbox"
        link = re.search(r'href="(/cases/[^"]+)"', inbox.text)
        assert link, "no link to the case"
        case = await http.get(link.group(1))
        assert case.status_code == 200
        assert NARRATIVE in case.text, "the caseworker cannot read what she wrote"
        return link.group(1)


def plain_http_redirects() -> None:
    answer = httpx.get("http://127.0.0.1:{}/inbox?x=1".format(HTTP_PORT), follow_redirects=False)
    assert answer.status_code == 301, answer.status_code
    assert answer.headers["location"].startswith("https://"), answer.headers["location"]
    acme = httpx.get("http://127.0.0.1:{}/.well-known/acme-challenge/probe".format(HTTP_PORT))
    assert acme.status_code == 200 and acme.text.strip() == "acme-ok", acme.status_code


# --- What the stores hold ---------------------------------------------------------------------


def redis_holds_no_chat_id(work: Path) -> int:
    password = (work / "secrets" / "redis_conf").read_text().split()[1]
    cli = ["exec", container("redis"), "redis-cli", "--no-auth-warning", "-a", password]
    keys = [k for k in podman(*cli, "--scan").decode().split("\n") if k]
    assert keys, "Redis holds no key at all: the limits did not go through it"
    needle = str(SURVIVOR)
    for key in keys:
        assert needle not in key, "a Redis key holds her chat id: {}".format(key)
        kind = podman(*cli, "type", key).decode().strip()
        if kind == "string":
            value = podman(*cli, "--raw", "get", key)
            assert needle.encode() not in value, "a Redis value holds her chat id"
    aof = podman(
        "exec",
        container("redis"),
        "sh",
        "-c",
        "cat /data/appendonlydir/* 2>/dev/null || cat /data/*.aof",
    )
    assert aof, "no append-only file"
    assert needle.encode() not in aof, "Redis's append-only file holds her chat id"
    return len(keys)


def access_log_names_no_case(case_path: str) -> None:
    logs = subprocess.run(["podman", "logs", container("proxy")], capture_output=True, text=True)
    text = logs.stdout + logs.stderr
    assert '"GET /cases"' in text, "the portal requests are not in the access log"
    case_id = case_path.rstrip("/").split("/")[2]
    assert case_id not in text, "nginx's access log names the case"
    assert "/telegram" in text


def backup_and_restore(work: Path) -> None:
    env = {
        **os.environ,
        "SAFE_REPORT_PG_EXEC": "podman exec -i {}".format(container("postgres")),
    }
    keyfile = work / "backup-identity.txt"
    subprocess.run(["age-keygen", "-o", str(keyfile)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(keyfile)], check=True, capture_output=True, text=True
    ).stdout.strip()
    backups = work / "backups"
    dump = (
        subprocess.run(
            [
                str(ROOT / "scripts" / "backup.sh"),
                "dump",
                "--recipient",
                recipient,
                "--dir",
                str(backups),
            ],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    data = Path(dump).read_bytes()
    assert data.startswith(b"age-encryption.org/v1"), "the backup is not encrypted"
    assert NARRATIVE.encode() not in data and b"CREATE TABLE" not in data
    psql("CREATE DATABASE restore_check", database="postgres")
    subprocess.run(
        [
            str(ROOT / "scripts" / "backup.sh"),
            "restore",
            "--identity",
            str(keyfile),
            "--database",
            "restore_check",
            dump,
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    tables = psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    assert "case" in tables and "alembic_version" in tables
    for table in tables:
        sql = 'SELECT count(*) FROM "{}"'.format(table)
        assert psql(sql) == psql(sql, database="restore_check"), "{} differs".format(table)


# --- The run ---------------------------------------------------------------------------------


def first_run(work: Path) -> dict[str, str]:
    """docs/deploy.md's first run: database, an account, the partner's keys."""
    compose(work, "up", "postgres", "redis", "migrate")
    out = compose(work, "run", "bot-1", "accounts", "create", "--email", CASEWORKER, capture=True)
    password = re.search(r"One-time password[^:]*: (\S+)", out)
    assert password, "accounts create printed no one-time password"
    out = compose(
        work,
        "run",
        "bot-1",
        "keys",
        "create",
        "--service",
        PARTNER,
        "--grant",
        CASEWORKER,
        capture=True,
    )
    assert "Recovery code:" in out
    return {"password": password.group(1)}


@contextlib.asynccontextmanager
async def sandbox_for_containers(token: str) -> AsyncIterator[tuple[SandboxClient, str]]:
    """The sandbox on loopback, relayed from the gateway of the stack's network (which
    exists once a container is attached to it: call this after the first `up`)."""
    async with running_server(tokens={token}) as server:
        gateway = gateway_of("{}_default".format(PROJECT))
        port = int(server.base_url.rsplit(":", 1)[1])
        bridge = await relay(gateway, port)
        relay_port = bridge.sockets[0].getsockname()[1]
        try:
            async with SandboxClient(server.base_url, token=token) as sandbox:
                yield sandbox, "http://{}:{}".format(gateway, relay_port)
        finally:
            bridge.close()


async def main(work: Path) -> None:
    token = (work / "secrets" / "telegram_bot_token").read_text().strip()
    cert = str(work / "certs" / "fullchain.pem")
    sq = Albanian()
    with stage("first run: database, caseworker account, partner keys"):
        account = await asyncio.to_thread(first_run, work)
    async with sandbox_for_containers(token) as (sandbox, api_base):
        os.environ["TELEGRAM_API_BASE"] = api_base
        with stage("stack up: two bot replicas, portal, nginx (health checks passed)"):
            await asyncio.to_thread(compose, work, "up")
            info = await sandbox.request("GET", "/sandbox/bot")
            assert PUBLIC_URL in json.dumps(info), "the bots did not register the webhook"
        chat = Chat(sandbox, SURVIVOR)
        with stage("survivor reports in Albanian through nginx (a replica killed halfway)"):
            reference = await report_in_albanian(chat, sq, work)
            await nothing_lost_or_doubled(chat, sq, reference)
        # Read Redis while her limits are still live (they expire within a minute or two).
        with stage("Redis holds no chat id"):
            keys = redis_holds_no_chat_id(work)
            print("    {} Redis keys scanned".format(keys))
        with stage("caseworker signs in over HTTPS and reads the case"):
            case_path = await caseworker_sees_the_case(account, reference, cert)
            await asyncio.to_thread(plain_http_redirects)
        with stage("access log names no case path"):
            access_log_names_no_case(case_path)
        with stage("encrypted backup, restored into a fresh database"):
            await asyncio.to_thread(backup_and_restore, work)
    print("compose check: all stages passed")
    for name, took in timings:
        print("  {:>6.1f} s  {}".format(took, name))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
