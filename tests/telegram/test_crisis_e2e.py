"""The crisis answer end to end: the real aiogram client against the local Bot API
server, the rules classifier (the safety lexicon, no model) grading what she writes.

Words of self-harm, at any step, are answered first with warm words and the crisis
lines of her place (or a plain "we do not know of one"), then the emergency number.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import Application
from tests.helpers.live import LiveStack, live_stack
from tests.helpers.survivor import Survivor

HER = 7401


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the answer does not depend on the database


@pytest.fixture
async def live(app: Application) -> AsyncIterator[LiveStack]:
    async with live_stack(app) as stack:
        yield stack


async def _crisis_first(live: LiveStack, words: str) -> None:
    player = Survivor(live, HER)
    await player.start()
    await player.choose_place("rs")
    await player.press("categories:done", expect="In your own words")
    before = len(await live.bot_texts(HER))
    await player.say(words, expect="Your report now holds")
    after = (await live.bot_texts(HER))[before:]
    assert after[0].startswith("Thank you for telling me."), after
    assert "192" in after[1]  # then Serbia's emergency numbers
    assert after[-1].startswith("Thank you. Your report now holds")


async def test_words_of_suicide_get_the_crisis_answer_first(live: LiveStack) -> None:
    await _crisis_first(live, "I don't want to live anymore")


async def test_intent_without_the_obvious_words_gets_the_crisis_answer(live: LiveStack) -> None:
    await _crisis_first(live, "I am standing at the edge of the roof.")
