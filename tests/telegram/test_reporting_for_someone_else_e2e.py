"""Reporting for someone else (issue 17, item 7) end to end: a mother in England reports
for her 15-year-old daughter through a real Telegram library (aiogram and
python-telegram-bot, fixture `transport`) against the local Bot API server.

She presses "I'm reporting for someone else" on the safety question and is asked
about "the person" from then on; the results list the
child line first (Childline), then the NSPCC's line for adults worried about a child;
the screenshot she sent is deleted once she says her daughter is under 18; the consent
says the service treats it as a report by someone else; the case says so.

After the questions she reads a helper's words (in English, and for a friend in
Serbian): why each service fits and the topics' titles speak of the person; a topic
comes after one framing line of its own, its text as written for the person; the
safety plan is offered to go through with her; /privacy says what becomes of what she
tells about her.
"""

from __future__ import annotations

from sqlmodel import select

from bot.storage.models import Case, Evidence
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player

MOTHER = 5552017
STORY = "Someone online is asking my 15-year-old daughter for pictures and money."
FRIEND = 5552018
FRIENDS_STORY = "Непознати тражи од моје ћерке новац и прети да ће објавити њене слике."
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

    # The topics speak of the person; a topic's text is the person's, after a framing line.
    # The topic's own text comes last (its title on her button speaks of the person).
    await mother.press(
        "g:sextortion_do_not_pay", expect="If someone is threatening to share images of you"
    )
    texts = await live.bot_texts(MOTHER)
    framing = next(i for i, t in enumerate(texts) if t.startswith("This is written for"))
    assert texts[framing + 1].startswith("If someone is threatening to share images of you\n")
    # The plan, offered to go through with her; /privacy, on what is told about her.
    await mother.press("plan:start", expect="Step 1 of")  # after the plan's first words
    texts = await live.bot_texts(MOTHER)
    step = next(i for i, t in enumerate(texts) if t.startswith("Step 1 of"))
    assert texts[step - 1].startswith("A safety plan to go through with the person you are")
    await mother.say("/privacy", expect="What you tell about the person")

    await mother.press("consent:quiet", expect="Your reference code is")
    async with live.app.sessionmaker() as session:
        case = (await session.exec(select(Case))).one()
        kept = (await session.exec(select(Evidence))).all()
    assert case.reported_by == "someone_else" and case.partner_service_id == "demo-gb-minors"
    assert kept == []  # her daughter's screenshot was never kept


async def _buttons(live: LiveStack, user: int, heading: str) -> list[str]:
    view = await live.sandbox.chat(user)
    found = [m for m in view["messages"] if (m["text"] or "").startswith(heading)]
    return [b["text"] for row in found[-1].get("buttons") or [] for b in row]


async def test_a_friend_in_serbia_reads_a_helpers_words_in_serbian(live: LiveStack) -> None:
    friend = Player(live, FRIEND, language_code="sr")
    await friend.say("/start", expect="Здраво.")
    await friend.press("country:rs", expect="Да ли си тренутно на сигурном?")
    await friend.press("safety:someone_else", expect="Да ли је особа којој помажеш")
    await friend.press("person_safety:yes", expect="Шта се дешава?")
    await friend.press("categories:sextortion", expect="✓ ")
    await friend.press("categories:done", expect="шта се десило особи којој помажеш?")
    await friend.say(FRIENDS_STORY, expect="Твоја пријава сада садржи")
    await friend.press("narrative:done", expect="Ко то ради тој особи?")
    await friend.press("relationship:unknown", expect="Да ли та особа има мање од 18 година?")
    await friend.press("age:unknown", expect="интимне слике те особе")
    # A threat to publish her pictures for money: sextortion, no question about a public role.
    await friend.press("images:threatened", expect="Како можеш да помогнеш")

    services = next(t for t in await live.bot_texts(FRIEND) if t.startswith("Ко може да помогне"))
    assert "Ако та особа има мање од 18 година, ова линија је за њу." in services
    assert "ова линија је за тебе" not in services
    topics = await _buttons(live, FRIEND, "Шта та особа сада може да уради")
    assert "Ако неко прети да ће објавити слике те особе" in topics
    assert "Безбедносни план: прођите га заједно" in topics

    await friend.press("g:sextortion_do_not_pay", expect="Ако ти неко прети да ће објавити")
    texts = await live.bot_texts(FRIEND)
    framing = next(i for i, t in enumerate(texts) if t.startswith("Ово је написано за особу"))
    assert texts[framing + 1].startswith("Ако ти неко прети да ће објавити твоје слике")
    await friend.press("plan:start", expect="Корак 1 од")
    texts = await live.bot_texts(FRIEND)
    step = next(i for i, t in enumerate(texts) if t.startswith("Корак 1 од"))
    assert texts[step - 1].startswith("Безбедносни план који можеш да прођеш заједно")
    await friend.say("/privacy", expect="Шта кажеш о тој особи")
    await friend.press("consent:quiet", expect="Твоја пријава је послата.")
    async with live.app.sessionmaker() as session:
        case = (await session.exec(select(Case))).one()
    assert case.reported_by == "someone_else"
