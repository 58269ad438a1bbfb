"""Reporting for someone else (issue 17, item 7) end to end: a mother in England reports
for her 15-year-old daughter through a real Telegram library (aiogram and
python-telegram-bot, fixture `transport`) against the local Bot API server.

She presses "I'm reporting for someone else" on the safety question and is asked
about "the person" from then on; the results list the
child line first (Childline), then the NSPCC's line for adults worried about a child;
the screenshot she sent is deleted once she says her daughter is under 18; the consent
says the service treats it as a report by someone else; the case says so.
"""

from __future__ import annotations

from sqlmodel import select

from bot.storage.models import Case, Evidence
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player

MOTHER = 5552017
STORY = "Someone online is asking my 15-year-old daughter for pictures and money."
PNG = b"\x89PNG\r\n\x1a\n screenshot of the chat 17"


async def _services(live: LiveStack) -> str:
    texts = await live.bot_texts(MOTHER)
    return next(t for t in texts if t.startswith("Who can help"))


async def test_a_mother_reports_for_her_daughter_and_sees_the_child_line_first(
    live: LiveStack,
) -> None:
    mother = Player(live, MOTHER)
    await mother.start()
    await mother.press("country:gb", expect="Are you safe")
    # The fourth answer to her safety question: no question of its own for a survivor.
    await mother.press("safety:someone_else", expect="Is the person you are helping safe")
    await mother.press("person_safety:yes", expect="Where in")
    await mother.press("region:gb_eng", expect="What is happening")
    await mother.press("categories:sextortion", expect="✓ Someone demands")
    await mother.press("categories:done", expect="what happened to the person you are helping")
    await mother.say(STORY, expect="Your report now holds")
    await mother.say(None, photo=PNG, expect="Screenshot saved")
    await mother.press("narrative:done", expect="Who is doing this to the person?")
    await mother.press("relationship:unknown", expect="Is the person under 18?")
    await mother.press("age:minor", expect="Were intimate images of the person")
    assert any("I have deleted 1 file" in t for t in await live.bot_texts(MOTHER))
    await mother.press("images:threatened", expect="marked as a report made by someone else")

    cards = (await _services(live)).split("\n\n")
    assert cards[1].startswith("Childline") and "0800 1111" in cards[1]
    assert cards[2].startswith("NSPCC Helpline") and "0808 800 5000" in cards[2]
    # A child's sextortion is critical: the emergency numbers first, worded for both.
    firsts = [t.split("\n")[0] for t in await live.bot_texts(MOTHER)]
    danger = firsts.index("If you or the person you are helping are in danger now, call:")
    assert danger < firsts.index("Who can help") < firsts.index("How you can help")

    await mother.press("consent:quiet", expect="Your reference code is")
    async with live.app.sessionmaker() as session:
        case = (await session.exec(select(Case))).one()
        kept = (await session.exec(select(Evidence))).all()
    assert case.reported_by == "someone_else" and case.partner_service_id == "demo-gb-minors"
    assert kept == []  # her daughter's screenshot was never kept
