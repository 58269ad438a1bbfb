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

    async def press_button(self, label: str, *, expect: str) -> dict[str, Any]:
        """Press the newest button with this label (one whose data she cannot know)."""
        await self.live.sandbox.press(self.user_id, button=label)
        return await self.live.wait_for_text(self.user_id, expect)

    async def start(self) -> None:
        """Her Telegram language is the first guess: /start asks her country at once."""
        await self.say("/start", expect="Which country")

    async def choose_place(self, country: str, region: str | None = None) -> None:
        await self.press("country:" + country, expect="Are you safe")
        if region:
            await self.press("safety:yes", expect="Where in")
            await self.press("region:" + region, expect="What is happening")
        else:
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
        await self.say(narrative, expect="Your report now holds")
        await self.press("narrative:done", expect="Who is doing this")
        await self.press("relationship:" + relationship, expect="under 18")
        await self.press("age:adult", expect="intimate images")
        await self.live.sandbox.press(self.user_id, callback_data="images:no")

        def next_screen(view: dict[str, Any]) -> bool:
            texts = [m.get("text") or "" for m in view["messages"][-6:]]
            return any("activist" in t or "Who can help" in t for t in texts)

        view = await self.live.sandbox.wait_for(self.user_id, next_screen, within=10.0)
        if "activist" in (view["messages"][-1].get("text") or ""):
            # Asked only where a public role changes what she is shown (Access Now).
            return await self.press("public_role:no", expect="Who can help")
        return view

    async def consent(self, replies: str = "yes") -> str:
        """Say yes to sending, with or without messages from the service (with: yes, it
        is safe on this phone); returns the reference code."""
        await self.live.wait_for_text(self.user_id, "Do you want to send your report")
        if replies == "yes":
            await self.press("consent:yes", expect="on this phone")
            view = await self.press("replies:yes", expect="Your reference code is")
        else:
            view = await self.press("consent:quiet", expect="Your reference code is")
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
