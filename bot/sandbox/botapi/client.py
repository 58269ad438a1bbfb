"""A small async client for the scripting API, for tests and checks that play the users."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp


class ScriptError(RuntimeError):
    def __init__(self, status: int, payload: Any) -> None:
        super().__init__(f"{status}: {payload}")
        self.status = status
        self.payload = payload


class SandboxClient:
    """Wraps /sandbox/*; use as `async with SandboxClient(base_url) as sandbox: ...`."""

    def __init__(self, base_url: str, *, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SandboxClient:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def request(self, verb: str, path: str, body: dict[str, Any] | None = None) -> Any:
        if self._session is None:
            raise RuntimeError("use SandboxClient as an async context manager")
        params = {"token": self.token} if self.token else None
        url = f"{self.base_url}{path}"
        async with self._session.request(verb, url, json=body, params=params) as response:
            payload = await response.json()
            if response.status >= 400:
                raise ScriptError(response.status, payload)
            return payload

    async def send(self, user_id: int, text: str | None = None, **fields: Any) -> dict[str, Any]:
        """Send as a user; `photo=bytes` and `document=(name, mime, bytes)` are encoded here."""
        body: dict[str, Any] = dict(fields)
        if text is not None:
            body["text"] = text
        photo = body.get("photo")
        if isinstance(photo, bytes):
            body["photo"] = base64.b64encode(photo).decode()
        document = body.get("document")
        if isinstance(document, tuple):
            name, mime, data = document
            body["document"] = {
                "name": name,
                "mime_type": mime,
                "base64": base64.b64encode(data).decode(),
            }
        path = f"/sandbox/chats/{user_id}/messages"
        result: dict[str, Any] = await self.request("POST", path, body)
        return result

    async def press(self, user_id: int, **by: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self.request("POST", f"/sandbox/chats/{user_id}/press", by)
        return result

    async def chat(self, user_id: int, chat_id: int | None = None) -> dict[str, Any]:
        path = f"/sandbox/chats/{user_id}" + (f"?chat_id={chat_id}" if chat_id else "")
        result: dict[str, Any] = await self.request("GET", path)
        return result

    async def wait_for(
        self, user_id: int, predicate: Any, *, within: float = 5.0, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Poll the chat view until predicate(view) is true (the bot answers asynchronously)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            view = await self.chat(user_id, chat_id)
            if predicate(view):
                return view
            if loop.time() > deadline:
                raise TimeoutError(f"chat {user_id} never matched; last view: {view}")
            await asyncio.sleep(0.05)

    async def block(self, user_id: int, *, blocked: bool = True) -> dict[str, Any]:
        """She blocks (or unblocks) the bot: sends to her chat answer 403 until unblocked."""
        path = f"/sandbox/chats/{user_id}/block"
        result: dict[str, Any] = await self.request("POST", path, {"blocked": blocked})
        return result

    async def delete_as_user(
        self, user_id: int, message_ids: list[int] | None = None, *, everything: bool = False
    ) -> list[int]:
        """She deletes messages herself (both sides), or the whole history; returns the ids."""
        body: dict[str, Any] = {"all": True} if everything else {"message_ids": message_ids}
        path = f"/sandbox/chats/{user_id}/delete"
        deleted: list[int] = (await self.request("POST", path, body))["deleted"]
        return deleted

    async def clock(self) -> dict[str, Any]:
        """The sandbox clock: `now` (epoch seconds), `offset_s`, `frozen`."""
        result: dict[str, Any] = await self.request("GET", "/sandbox/clock")
        return result

    async def let_time_pass(
        self, seconds: float, *, chat_id: int | None = None, freeze: bool | None = None
    ) -> dict[str, Any]:
        """Move time forward for the world, or only for one chat's messages and presses."""
        body: dict[str, Any] = {"seconds": seconds}
        if chat_id is not None:
            body["chat_id"] = chat_id
        if freeze is not None:
            body["freeze"] = freeze
        result: dict[str, Any] = await self.request("POST", "/sandbox/clock", body)
        return result

    async def expire_callback(self, callback_query_id: str) -> None:
        """The press was not answered in time: answering it now fails as on Telegram."""
        await self.request("POST", f"/sandbox/callbacks/{callback_query_id}/expire")

    async def fault(self, **fault: Any) -> None:
        await self.request("POST", "/sandbox/faults", fault)

    async def log(self, method: str | None = None) -> list[dict[str, Any]]:
        path = "/sandbox/log" + (f"?method={method}" if method else "")
        calls: list[dict[str, Any]] = (await self.request("GET", path))["calls"]
        return calls

    async def reset(self) -> None:
        await self.request("POST", "/sandbox/reset")
