"""/start from a partner's link, in the pure flow: what a genuine link chose, and where
routing still decides (a minor's case goes where minors' cases go)."""

from __future__ import annotations

from bot.flows import report
from bot.flows.actions import ChatMenu, Send
from bot.flows.commands import chat_menu
from bot.flows.events import Command, EntryLink, Press, Text
from bot.flows.state import ConversationState
from bot.i18n import Catalogues, default_locales_dir
from tests.helpers.flow_context import build_flow_context


def _report(entry: EntryLink, *, age: str, category: str) -> ConversationState:
    ctx = build_flow_context()
    state, _actions = report.step(ConversationState(), Command("start", entry=entry), ctx)
    for event in (
        Press("safety:yes"),  # the first question: language and country were chosen
        Press("region:gb_eng"),
        Press("categories:" + category),
        Press("categories:done"),
        Text("He threatens to post pictures of me."),
        Press("narrative:done"),
        Press("relationship:unknown"),
        Press("age:" + age),
        Press("images:threatened"),
    ):
        state, _actions = report.step(state, event, ctx)
    return state


def test_the_linked_partner_receives_her_report_when_it_may() -> None:
    minors_link = EntryLink("demo-gb-minors", "gb", "en")
    assert _report(minors_link, age="minor", category="sextortion").draft.partner_id == (
        "demo-gb-minors"
    )
    # An adult's case is not for the young people's service, whatever the link said.
    assert _report(minors_link, age="adult", category="sextortion").draft.partner_id == "demo-gb"


def test_without_a_link_the_country_is_asked_and_a_refused_link_says_so() -> None:
    ctx = build_flow_context()
    state, actions = report.step(ConversationState(), Command("start", link_refused=True), ctx)
    assert isinstance(actions[-1], Send) and "could not be checked" in actions[-1].text
    assert actions[-1].step == "country"  # her Telegram language stands; the country is asked
    assert state.draft.referred_by is None


def test_chat_menus_only_for_languages_telegram_cannot_key() -> None:
    catalogues = Catalogues(default_locales_dir())
    assert chat_menu("en", "sq", catalogues.translator("sq")) is None
    cnr = chat_menu("sr", "cnr", catalogues.translator("cnr"))
    assert isinstance(cnr, ChatMenu) and cnr.commands is not None
    assert dict(cnr.commands)["language"] == "Promijeni jezik"
    assert chat_menu("cnr", "sr_Latn", catalogues.translator("sr_Latn")) is not None
    assert chat_menu("sr_Latn", "mk", catalogues.translator("mk")) == ChatMenu(None)
    assert chat_menu("cnr", "cnr", catalogues.translator("cnr")) is None


def test_the_link_decides_between_partners_that_may_both_receive_it() -> None:
    ctx = build_flow_context()

    def partner_after(start: Command) -> str | None:
        state, _actions = report.step(ConversationState(), start, ctx)
        events = []
        if state.draft.country is None:
            events.append(Press("country:ba"))
        events += [
            Press("safety:yes"),
            Press("region:unsure"),
            Press("categories:threat"),
            Press("categories:done"),
            Text("Prijeti mi."),
            Press("narrative:done"),
            Press("relationship:known"),
            Press("age:adult"),
            Press("images:no"),
            Press("public_role:no"),  # asked: for a threat, her public role changes her list
        ]
        for event in events:
            state, _actions = report.step(state, event, ctx)
        return state.draft.partner_id

    assert partner_after(Command("start")) == "demo-ba-fbih"
    assert (
        partner_after(Command("start", entry=EntryLink("demo-ba-rs", "ba", "sr"))) == "demo-ba-rs"
    )


def test_at_her_first_question_start_or_another_link_starts_afresh() -> None:
    """Nothing is hers yet at the first question, so there is nothing to resume: a plain
    /start asks the country the link had chosen, and a link then chooses again."""
    ctx = build_flow_context()
    link = EntryLink("demo-xk", "xk", "sq")
    state, actions = report.step(ConversationState(), Command("start", entry=link), ctx)
    assert state.step == "safety" and actions[-1].step == "safety"  # type: ignore[union-attr]
    state, actions = report.step(state, Command("start"), ctx)
    assert state.step == "country" and state.draft.referred_by is None
    state, actions = report.step(state, Command("start", entry=link), ctx)
    assert state.step == "safety" and state.draft.referred_by == "demo-xk"
    state, actions = report.step(state, Press("safety:yes"), ctx)
    state, actions = report.step(state, Command("start"), ctx)
    assert state.step == "resume"  # she answered a question: her report is offered back
