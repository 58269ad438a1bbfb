"""Plays a survivor in the sandbox chat: send, press, and wait for the bot's answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.helpers.live import LiveStack


@dataclass
class Survivor:
    live: LiveStack
    user_id: int
    language_code: str = "en"

    async def _bot_count(self) -> int:
        view = await self.live.sandbox.chat(self.user_id)
        return sum(1 for m in view["messages"] if m["from"] == "bot")

    async def say(self, text: str | None = None, *, expect: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("language_code", self.language_code)
        await self.live.sandbox.send(self.user_id, text, **fields)
        return await self.live.wait_for_text(self.user_id, expect)

    async def press(self, data: str, *, expect: str) -> dict[str, Any]:
        await self.live.sandbox.press(self.user_id, callback_data=data)
        return await self.live.wait_for_text(self.user_id, expect)

    async def start(self) -> None:
        await self.say("/start", expect="Choose your language")
        await self.press("language:en", expect="Which country")

    async def choose_place(self, country: str, region: str | None = None) -> None:
        if region:
            await self.press("country:" + country, expect="Where in")
            await self.press("region:" + region, expect="Are you safe")
        else:
            await self.press("country:" + country, expect="Are you safe")
        await self.press("safety:yes", expect="What is happening")

    async def describe(
        self,
        narrative: str,
        *,
        category: str = "doxxing",
        chosen: str = "✓ My address",
        relationship: str = "known",
    ) -> dict[str, Any]:
        """Categories, her words and the questions; returns the chat showing the services."""
        await self.press("categories:" + category, expect=chosen)
        await self.press("categories:done", expect="In your own words")
        await self.say(narrative, expect="Added to your report")
        await self.press("narrative:done", expect="Who is doing this")
        await self.press("relationship:" + relationship, expect="under 18")
        await self.press("age:adult", expect="intimate images")
        return await self.press("images:no", expect="Who can help")

    async def consent(self, replies: str = "yes") -> str:
        """Say yes to sending (and yes or no to replies); returns the reference code."""
        await self.live.wait_for_text(self.user_id, "Do you want to send your report")
        await self.press("consent:yes", expect="May a caseworker")
        view = await self.press("replies:" + replies, expect="Your reference code is")
        text = next(
            m["text"] for m in view["messages"] if "Your reference code is" in (m["text"] or "")
        )
        return text.split("Your reference code is ")[1].split(".")[0]

    async def report(
        self,
        *,
        country: str = "rs",
        region: str | None = None,
        narrative: str = "He posted my address and phone number online.",
        replies: str = "yes",
    ) -> str:
        """A whole report from /start to the reference code; returns the code."""
        await self.start()
        await self.choose_place(country, region)
        await self.describe(narrative)
        return await self.consent(replies)
