"""A partner's link, as she meets it, through a real library: the operator prints it with
`safe-report link`, she opens it (Telegram sends `/start <payload>`), and the bot greets
her in the link's language with the partner's country already chosen. A link changed by
one character chooses nothing and says so."""

from __future__ import annotations

import pytest

from bot.cli import main
from tests.conftest import TEST_SECRET
from tests.helpers.live import LiveStack

USER = 5590001


def _printed_link(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("SAFE_REPORT_SECRET_KEY", TEST_SECRET)  # the running bot's secret
    args = ["link", "--bot", "SafeReportBot", "--partner", "demo-xk", "--country", "xk"]
    assert main([*args, "--language", "sq"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://t.me/SafeReportBot?start=")
    return url.split("start=", 1)[1]


async def test_her_partners_link_chooses_country_and_language(
    live: LiveStack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = _printed_link(monkeypatch, capsys)
    # Her phone is in English; the link says Albanian, and Kosovo.
    await live.sandbox.send(USER, "/start " + payload, language_code="en")
    view = await live.wait_for_text(USER, "Erdhe këtu përmes një lidhjeje")
    welcome = [m for m in view["messages"] if m["from"] == "bot"][-1]
    assert "Kosova" in welcome["text"]
    labels = [b["text"] for row in welcome["buttons"] for b in row]
    assert "🌐 Ndrysho gjuhën" in labels  # she can still choose another language
    # The country was never asked: her first question, in Albanian, is whether she is safe.
    assert "A je në siguri tani?" in welcome["text"]
    bot_texts = [m["text"] or "" for m in view["messages"] if m["from"] == "bot"]
    assert not any("Në cilin vend" in t or "Which country" in t for t in bot_texts)
    await live.sandbox.press(USER, callback_data="safety:yes")
    await live.wait_for_text(USER, "Çfarë po ndodh?")


async def test_a_changed_link_chooses_nothing_and_says_so(
    live: LiveStack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = _printed_link(monkeypatch, capsys)
    forged = payload.replace("demo-xk_xk", "demo-al_al")  # another partner, same signature
    await live.sandbox.send(USER, "/start " + forged, language_code="en")
    view = await live.wait_for_text(USER, "This link could not be checked")
    texts = [m["text"] or "" for m in view["messages"] if m["from"] == "bot"]
    assert not any("You came here through a link" in t for t in texts)
    # Nothing was chosen: the country is asked, with the welcome, in her phone's language.
    assert any("This link could not be checked" in t and "Which country" in t for t in texts)
