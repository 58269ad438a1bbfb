"""Short messages (issue #13, item 4): no message the bot writes her is longer than 600
characters, counted as Telegram counts them: the text after HTML parsing, in UTF-16
code units (`bot.sandbox.botapi.entities`, the local Bot API server's own parser).

Two sources: every message of every golden transcript, and a generated walk through
every country and region × every language × the main paths (in danger with everything
selected, and calm), pressing every "more" button and every guidance topic, plus the
notices outside the questions (the service's messages, pause, stop, /forget).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain import Assessment, Category, Severity
from bot.flows import notices, report
from bot.flows.actions import Action, EditPressed, Send
from bot.flows.context import FlowContext
from bot.flows.events import Command, FileReceived, Inbound, Press, Text
from bot.flows.length import MESSAGE_LIMIT
from bot.flows.results import MORE_PREFIX, TOPIC_PREFIX
from bot.flows.state import ConversationState
from bot.flows.steps import CATEGORIES, DONE_OPTION
from bot.i18n import LANGUAGES
from bot.sandbox.botapi.entities import parse_html, utf16_len
from tests.flows.test_fast_to_help import PLACES, Place
from tests.helpers.flow_context import build_flow_context

GOLDEN = Path(__file__).parent / "golden"
SELF_HARM = Assessment(Severity.CRITICAL, categories=(Category.SELF_HARM,))
DANGER = Assessment(Severity.CRITICAL, categories=(Category.THREAT,))


def telegram_length(html_text: str) -> int:
    plain, _entities = parse_html(html_text)
    return utf16_len(plain)


def _golden_texts() -> Iterator[tuple[str, str]]:
    for path in sorted(GOLDEN.rglob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            for out in record["out"]:
                text = out.get("text") if "send" in out else out.get("edit")
                if text is not None:
                    yield "{} {}".format(path.relative_to(GOLDEN), record["in"]), text


def test_every_message_of_every_golden_transcript_is_short(
    capsys: pytest.CaptureFixture[str],
) -> None:
    texts = list(_golden_texts())
    assert len(texts) > 500  # the goldens are there
    too_long = [(where, telegram_length(t)) for where, t in texts if telegram_length(t) > 600]
    longest = max((telegram_length(t), where) for where, t in texts)
    with capsys.disabled():
        print("\ngoldens: {} messages, longest {} characters: {}".format(len(texts), *longest))
    assert not too_long, too_long


def _answer(state: ConversationState, place: Place, *, calm: bool) -> Inbound:
    """The next thing she does on each main path."""
    if state.step == "categories":
        chosen = set(state.draft.categories)
        wanted = ["harassment"] if calm else [o.id for o in CATEGORIES.options]
        missing = [c for c in wanted if c not in chosen]
        return Press("categories:" + (missing[0] if missing else DONE_OPTION))
    if state.step == "narrative":
        if calm:
            return Text("He insults me.") if not state.draft.parts else Press("narrative:done")
        if len(state.draft.parts) == 0:
            return Text("He said he will come with a knife.", assessment=DANGER)
        if len(state.draft.parts) == 1:
            return Text("I don't want to live any more.", assessment=SELF_HARM)
        if not state.draft.evidence:
            return FileReceived("document", 4, b"%PDF", name="chat.pdf")
        return Press("narrative:done")
    if state.step == "partner":
        return Press("partner:" + state.draft.partner_choices[0])
    answers = {
        "country": "country:" + place.country,
        # the busy path is a parent's report for a child in danger: the longest words
        "safety": "safety:yes" if calm else "safety:someone_else",
        "person_safety": "person_safety:no",
        "region": "region:{}".format(place.region),
        "relationship": "relationship:known" if calm else "relationship:partner_or_ex",
        "age": "age:adult" if calm else "age:minor",
        "images": "images:no" if calm else "images:shared",
        "public_role": "public_role:yes",
        "consent": "consent:quiet" if calm else "consent:yes",
        "replies": "replies:yes",
    }
    return Press(answers[state.step])


def _texts(actions: list[Action]) -> list[str]:
    return [a.text for a in actions if isinstance(a, (Send, EditPressed))]


def _walk(ctx: FlowContext, language: str, place: Place, *, calm: bool) -> list[str]:
    """Every text she is shown on one path, every "more" and topic pressed."""
    shown: list[str] = []
    state, actions = report.step(
        ConversationState(language=language), Command("start", language_hint=language), ctx
    )
    shown += _texts(actions)
    for _ in range(40):
        if state.step in ("done", "closed"):
            break
        state, actions = report.step(state, _answer(state, place, calm=calm), ctx)
        shown += _texts(actions)
        for action in actions:
            for row in getattr(action, "buttons", ()):
                for button in row:
                    if button.data.startswith((MORE_PREFIX, TOPIC_PREFIX)):
                        _state, more = report.step(state, Press(button.data), ctx)
                        shown += _texts(more)
    for command in ("help", "messages", "forget", "status", "start"):
        shown += _texts(report.step(state, Command(command), ctx)[1])
    return shown


def _notices(ctx: FlowContext, language: str) -> list[str]:
    t = ctx.translator(language)
    sends = [
        notices.new_message(t, kind="reply", item_id="0" * 32, reference="K7QM-4TZD"),
        notices.caseworker_reply(t, service="A service", body="Short.", reference="K7QM-4TZD"),
        notices.messages_settings(t, paused=True, replies=True),
        notices.messages_settings(t, paused=False, replies=True),
        notices.stop_question(t),
        notices.stopped(t, reference="K7QM-4TZD"),
        notices.file_added(t, reference="K7QM-4TZD", sha256="0" * 64),
        notices.case_gone(t),
        notices.flood(t),
        notices.transfer_question(
            t,
            service="A (demonstration)",
            reference="K7QM-4TZD",
            other="Another service (demonstration)",
            request_id="0" * 32,
        ),
    ]
    return [s.text for s in sends]


@pytest.fixture(scope="module")
def ctx() -> FlowContext:
    return build_flow_context()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_message_of_every_place_language_and_path_is_short(
    ctx: FlowContext, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    texts: list[str] = _notices(ctx, language)
    for place in PLACES:
        for calm in (True, False):
            texts += _walk(ctx, language, place, calm=calm)
    assert len(texts) > 300
    lengths = [(telegram_length(t), t[:80]) for t in texts]
    too_long = [entry for entry in lengths if entry[0] > MESSAGE_LIMIT]
    longest = max(lengths)
    with capsys.disabled():  # `pytest -s`: the longest message of each language
        print(
            "\n{}: {} messages, longest {} characters: {!r}".format(language, len(texts), *longest)
        )
    assert not too_long, too_long


def test_a_long_text_is_cut_between_sentences_and_keeps_its_title() -> None:
    from bot.flows.length import split

    body = " ".join("Sentence number {} says one short thing.".format(i) for i in range(40))
    pages = split("<b>A title</b>\n\n" + body)
    assert len(pages) > 1 and all(telegram_length(p) <= MESSAGE_LIMIT for p in pages)
    assert pages[0].startswith("<b>A title</b>\n\nSentence number 0")
    assert " ".join(p.replace("<b>A title</b>\n\n", "") for p in pages) == body
