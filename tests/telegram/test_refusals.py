"""What Telegram refuses, and chats it will not reach, against the local Bot API server.

A text over 4,096 UTF-16 units, malformed HTML, a survivor who blocked the bot, a
message she deleted herself, a callback answered after its query expired: each is
what the sandbox answers as Telegram does. The bot never retries these forever,
always sends her something it can, and keeps her case.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

from bot.app import Application
from bot.flows.actions import EditPressed, Send
from bot.flows.events import Command, Text
from bot.flows.telegram_text import MESSAGE_LIMIT, visible_units
from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient
from bot.services.outcome import ChatUnreachable, Outcome, SendFile
from bot.settings import PLACEHOLDER_TOKEN
from bot.storage.models import Case, CaseMessage, PendingReply
from bot.storage.portal_models import ReplyOutbox
from bot.storage.types import utcnow
from bot.telegram.aiogram.factory import create_bot
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.delivery import Pressed, paced_sender, render_outcome
from bot.telegram.dispatch import button_press
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player
from tests.telegram.test_caseworker_messages import (  # noqa: F401 (fixtures)
    USER,
    her_case,
    queue_reply,
    server,
)


@pytest.fixture
async def port(server: RunningServer) -> AsyncIterator[AiogramPort]:  # noqa: F811
    bot = create_bot(token=PLACEHOLDER_TOKEN, api_base=server.base_url)
    try:
        yield AiogramPort(bot)
    finally:
        await bot.session.close()


async def sandbox_of(running: RunningServer) -> SandboxClient:
    return SandboxClient(running.base_url, token=PLACEHOLDER_TOKEN)


async def sends(running: RunningServer) -> list[dict[str, Any]]:
    async with await sandbox_of(running) as sandbox:
        return await sandbox.log("sendMessage")


async def outbox(app: Application) -> list[ReplyOutbox]:
    async with app.sessionmaker() as session:
        return list((await session.exec(select(ReplyOutbox))).all())


async def make_due(app: Application) -> None:
    async with app.sessionmaker() as session, session.begin():
        await session.exec(  # type: ignore[call-overload]
            update(ReplyOutbox).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )


# --- caseworker replies ----------------------------------------------------------


async def test_a_reply_of_4000_emoji_reaches_her_in_parts_telegram_accepts(
    app: Application,
    server: RunningServer,  # noqa: F811
    her_case: Case,  # noqa: F811
    port: AiogramPort,
) -> None:
    body = "😀" * 4000  # 4,000 characters, 8,000 UTF-16 units
    await queue_reply(app, her_case, body)
    delivered = await app.delivery.run_once(paced_sender(port, app.conversations.send_limiter))
    assert delivered == 1
    # Her phone gets the neutral notice; the reply comes when she opens it.
    (notice,) = [c for c in await sends(server) if c.get("ok") and "new message" in str(c)]
    show = notice["params"]["reply_markup"]["inline_keyboard"][0][0]
    async with await sandbox_of(server) as sandbox:
        await sandbox.press(USER, callback_data=show["callback_data"])
    query = (await port.bot.get_updates(timeout=0))[-1]
    assert query.callback_query is not None and query.callback_query.message is not None
    await button_press(
        app.conversations,
        port,
        update_id=query.update_id,
        user_id=USER,
        chat_id=USER,
        private=True,
        language_hint=None,
        pressed=Pressed(query.callback_query.id, query.callback_query.message.message_id),
        data=query.callback_query.data,
    )
    accepted = [c for c in await sends(server) if c.get("ok")]
    texts = [str(c["params"]["text"]) for c in accepted if "😀" in str(c["params"]["text"])]
    assert len(texts) == 2 and all(visible_units(t) <= MESSAGE_LIMIT for t in texts)
    assert "".join(texts).count("😀") == 4000  # nothing lost at the cut
    assert "Message from" in texts[0]
    async with app.sessionmaker() as session:
        (message,) = (
            await session.exec(select(CaseMessage).where(CaseMessage.author == "caseworker"))
        ).all()
    assert message.read_at is not None


async def test_a_reply_to_a_survivor_who_blocked_the_bot_is_marked_not_retried(
    app: Application,
    server: RunningServer,  # noqa: F811
    her_case: Case,  # noqa: F811
    port: AiogramPort,
) -> None:
    async with await sandbox_of(server) as sandbox:
        await sandbox.block(USER)
    await queue_reply(app, her_case, "We can help.")
    sender = paced_sender(port, app.conversations.send_limiter)
    assert await app.delivery.run_once(sender) == 0
    await make_due(app)  # however long one waits,
    assert await app.delivery.run_once(sender) == 0
    refused = [c for c in await sends(server) if not c.get("ok")]
    assert len(refused) == 1  # it was tried once, not again
    (row,) = await outbox(app)
    assert row.undeliverable == "blocked"
    async with app.sessionmaker() as session:
        assert await session.get(Case, her_case.id) is not None  # her case is kept


async def test_a_reply_telegram_refuses_is_marked_not_retried(
    app: Application,
    server: RunningServer,  # noqa: F811
    her_case: Case,  # noqa: F811
    port: AiogramPort,
) -> None:
    async with await sandbox_of(server) as sandbox:
        await sandbox.fault(method="sendMessage", status=400, description="Bad Request: no")
    await queue_reply(app, her_case, "We can help.")
    sender = paced_sender(port, app.conversations.send_limiter)
    await app.delivery.run_once(sender)
    await make_due(app)
    await app.delivery.run_once(sender)
    (row,) = await outbox(app)
    assert row.undeliverable == "refused"
    assert len([c for c in await sends(server) if c.get("fault") == 400]) == 1


# --- her answers ------------------------------------------------------------------


async def test_a_refused_text_falls_back_and_never_stops_the_rest(
    server: RunningServer,  # noqa: F811
    port: AiogramPort,
) -> None:
    async with await sandbox_of(server) as sandbox:
        await sandbox.send(USER, "/start")  # her chat exists; nobody polls
        outcome = Outcome(
            actions=[
                Send("<b>an edited translation, broken", fallback="The shipped text."),
                Send("<i>broken and no fallback"),
                Send("Next question?"),
            ]
        )
        rendered = await render_outcome(port, chat_id=USER, outcome=outcome, pressed=None)
        texts = [m["text"] for m in (await sandbox.chat(USER))["messages"] if m["from"] == "bot"]
    assert texts == ["The shipped text.", "Next question?"]
    assert len(rendered.sent) == 2


def _bot_messages(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in view["messages"] if m["from"] == "bot"]


async def test_a_file_whose_caption_telegram_refuses_still_reaches_her(
    server: RunningServer,  # noqa: F811
    port: AiogramPort,
) -> None:
    """Her evidence pack is what she asked for: a refused caption does not cost her the file."""
    async with await sandbox_of(server) as sandbox:
        await sandbox.send(USER, "/start")
        outcome = Outcome(
            actions=[
                SendFile("pack.pdf", b"%PDF-1.4 her pack", caption="<b>an edited caption, broken"),
                Send("Next question?"),
            ]
        )
        rendered = await render_outcome(port, chat_id=USER, outcome=outcome, pressed=None)
        sent = _bot_messages(await sandbox.chat(USER))
    assert [(m.get("file") or {}).get("file_name") for m in sent] == ["pack.pdf", None]
    assert not sent[0].get("caption")
    assert sent[1]["text"] == "Next question?"
    assert len(rendered.sent) == 2


async def test_a_file_for_a_survivor_who_blocked_the_bot_is_not_retried(
    server: RunningServer,  # noqa: F811
    port: AiogramPort,
) -> None:
    async with await sandbox_of(server) as sandbox:
        await sandbox.send(USER, "/start")
        await sandbox.block(USER)
        outcome = Outcome(actions=[SendFile("pack.pdf", b"%PDF-1.4 her pack", caption="Yours.")])
        with pytest.raises(ChatUnreachable):
            await render_outcome(port, chat_id=USER, outcome=outcome, pressed=None)
        tries = await sandbox.log("sendDocument")
    assert len(tries) == 1


async def test_an_edited_translation_carries_the_shipped_text_as_its_fallback(
    app: Application,
) -> None:
    app.catalogues.set_overrides("sq", {("", _WELCOME): "<b>Mirë se vini (pa mbyllur"})
    outcome = await app.conversations.handle(
        update_id=1, telegram_user_id=7, chat_id=7, event=Command("start"), language_hint="sq"
    )
    (welcome,) = [a for a in outcome.actions if isinstance(a, Send)]
    assert welcome.text.startswith("<b>Mirë se vini")
    # The whole message as the shipped catalogue writes it (welcome, then the first question).
    assert welcome.fallback.startswith(app.catalogues.file_translator("sq").gettext(_WELCOME))
    assert welcome.fallback.endswith(welcome.text.split("\n")[-1])
    assert "Mirë se vini" not in welcome.fallback


_WELCOME = (
    "Welcome. This is a safe place to report online abuse. You don't need to give "
    "your name, and it is free.\n\nYou can leave at any time: press Exit and this "
    "chat is deleted."
)


async def test_an_answer_owed_to_a_survivor_who_blocked_the_bot_is_dropped(
    live: LiveStack,
) -> None:
    user = 5560001
    await Player(live, user).say("/start", expect="Which country")
    await live.sandbox.block(user)
    # A process took her next step and died before answering: the answer is owed.
    service = live.app.conversations
    owed = await service.handle(
        update_id=10**9, telegram_user_id=user, chat_id=user, event=Text("hello")
    )
    assert owed.pending_update_id == 10**9
    async with live.app.sessionmaker() as session, session.begin():
        await session.exec(  # type: ignore[call-overload]
            update(PendingReply).values(claimed_until=utcnow() - timedelta(seconds=1))
        )
    for _ in range(100):  # the bot's own loop sends owed answers every 3 s
        async with live.app.sessionmaker() as session:
            if not (await session.exec(select(PendingReply))).all():
                break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("the owed answer to a blocked chat was kept to be retried")
    forbidden = [c for c in await live.sandbox.log("sendMessage") if c.get("status") == 403]
    assert len(forbidden) == 1


async def test_a_message_she_deleted_herself_is_skipped_at_exit(live: LiveStack) -> None:
    user = 5560002
    player = Player(live, user)
    await player.say("/start", expect="Which country")
    await player.press("country:rs", expect="2 of 8")
    bot_ids = [m["message_id"] for m in (await live.sandbox.chat(user))["messages"]]
    await live.sandbox.delete_as_user(user, bot_ids[:1])
    # One by one, so that the message she deleted is met on its own.
    await live.sandbox.fault(method="deleteMessages", status=400, description="Bad Request: no")
    await live.sandbox.send(user, "/exit")
    await live.sandbox.wait_for(user, lambda view: view["messages"] == [])
    await asyncio.sleep(0.3)
    assert (await live.sandbox.chat(user))["messages"] == []  # and no error message after


async def test_an_edit_of_a_message_she_deleted_is_sent_anew(
    server: RunningServer,  # noqa: F811
    port: AiogramPort,
) -> None:
    async with await sandbox_of(server) as sandbox:
        await sandbox.send(USER, "/start")
        message_id = await port.send(USER, "Which of these?")
        await sandbox.delete_as_user(USER, [message_id])
        outcome = Outcome(actions=[EditPressed("Which of these? ✓ one")])
        rendered = await render_outcome(
            port, chat_id=USER, outcome=outcome, pressed=Pressed("gone", message_id)
        )
        texts = [m["text"] for m in (await sandbox.chat(USER))["messages"] if m["from"] == "bot"]
    assert texts == ["Which of these? ✓ one"]
    assert len(rendered.sent) == 1  # remembered, so Exit deletes it


async def test_a_press_answered_after_its_query_expired_still_takes_her_step(
    app: Application,
    server: RunningServer,  # noqa: F811
    port: AiogramPort,
) -> None:
    user = 5560003
    service = app.conversations
    async with await sandbox_of(server) as sandbox:
        await sandbox.send(user, "/start")
        (update,) = await port.bot.get_updates(timeout=0)
        assert update.message is not None
        await button_press_start(app, port, user, update.update_id)
        await sandbox.press(user, callback_data="country:rs")
        updates = await port.bot.get_updates(offset=update.update_id + 1, timeout=0)
        query = updates[-1].callback_query
        assert query is not None and query.message is not None
        await sandbox.expire_callback(query.id)
        await button_press(
            service,
            port,
            update_id=updates[-1].update_id,
            user_id=user,
            chat_id=user,
            private=True,
            language_hint=None,
            pressed=Pressed(query.id, query.message.message_id),
            data=query.data,
        )
        view = await sandbox.chat(user)
        answers = await sandbox.log("answerCallbackQuery")
    assert any("2 of 8" in (m["text"] or "") for m in view["messages"])
    assert answers and not answers[-1].get("ok")  # the late answer was refused, quietly


async def button_press_start(
    app: Application, port: AiogramPort, user: int, update_id: int
) -> None:
    """Her /start, handled the way a transport does, so the country buttons are there."""
    from bot.telegram.dispatch import handle_event

    await handle_event(
        app.conversations,
        port,
        update_id=update_id,
        user_id=user,
        chat_id=user,
        language_hint=None,
        event=Command("start"),
        incoming_message_id=None,
    )
