"""Partners' deep links: signed so nobody can forge a partner; what a genuine one chooses
reaches the flow, and a forged one chooses nothing (and she is told)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.app import Application
from bot.cli import main
from bot.flows.actions import Send
from bot.flows.events import Command
from bot.routing.partners import demo_partners_path, load_partners
from bot.services.deep_links import MAX_PAYLOAD, DeepLinks, LinkError
from tests.helpers.transcript import TranscriptRunner, deterministic_service

PARTNERS = load_partners(demo_partners_path())
LINKS = DeepLinks.from_secret(b"s" * 32)


@pytest.mark.parametrize("language", ["sq", "sr_Latn", "cnr", "en"])
def test_a_genuine_link_reads_back(language: str) -> None:
    payload = LINKS.payload(PARTNERS, "demo-me", "me", language)
    assert len(payload) <= MAX_PAYLOAD and re.fullmatch(r"[A-Za-z0-9_-]+", payload)
    entry = LINKS.read(payload, PARTNERS)
    assert entry is not None
    assert (entry.partner_id, entry.country, entry.language) == ("demo-me", "me", language)


def test_a_changed_or_foreign_link_is_refused() -> None:
    payload = LINKS.payload(PARTNERS, "demo-al", "al", "sq")
    partner, country, language, mac = payload.split("_")
    forged = [
        "_".join(["demo-xk", country, language, mac]),  # another partner, same signature
        "_".join([partner, "xk", language, mac]),
        "_".join([partner, country, "en", mac]),
        "_".join([partner, country, language, "0" * len(mac)]),
        payload[:-1],
        payload + "0",
        "",
        "start",
    ]
    for candidate in forged:
        assert LINKS.read(candidate, PARTNERS) is None, candidate
    # Signed with another deployment's secret: refused too.
    other = DeepLinks.from_secret(b"t" * 32).payload(PARTNERS, "demo-al", "al", "sq")
    assert LINKS.read(other, PARTNERS) is None
    # A partner that no longer serves the country (or no longer exists): refused.
    assert LINKS.read(payload, [p for p in PARTNERS if p.id != "demo-al"]) is None


def test_links_that_cannot_be_made_say_why() -> None:
    with pytest.raises(LinkError, match="no partner"):
        LINKS.payload(PARTNERS, "nobody", "al", "sq")
    with pytest.raises(LinkError, match="serves al"):
        LINKS.payload(PARTNERS, "demo-al", "rs", "sq")
    with pytest.raises(LinkError, match="unknown language"):
        LINKS.payload(PARTNERS, "demo-al", "al", "de")


async def test_the_service_hands_the_flow_only_what_a_genuine_link_chose(app: Application) -> None:
    links = DeepLinks.from_secret(app.settings.secret_bytes)
    runner = TranscriptRunner(deterministic_service(app), user_id=7001)
    genuine = links.payload(app.routing.partners, "demo-ba-rs", "ba", "sr")
    record = await runner.play({"command": "start", "args": genuine})
    welcome = record["out"][-1]["text"]
    assert "Republika Srpska support centre (demonstration)" in welcome
    assert "Да ли си тренутно на сигурном?" in welcome  # in the link's language, not hers
    # The country question is skipped: her first question is whether she is safe.
    assert record["out"][-1]["send"] == "safety"
    assert "🌐 Промени језик → lang" in str(record["out"][-1]["buttons"])
    record = await runner.play({"press": "safety:yes"})
    assert record["out"][-1]["send"] == "region"
    forged = genuine.replace("demo-ba-rs", "demo-ba-fbih")
    record = await TranscriptRunner(deterministic_service(app), user_id=7002).play(
        {"command": "start", "args": forged, "update_id": 100}
    )
    assert "could not be checked" in record["out"][-1]["text"]
    assert "demonstration" not in record["out"][-1]["text"]


async def test_a_link_cannot_smuggle_a_choice_past_the_service(app: Application) -> None:
    """The flow trusts `entry` only from the service: raw args never choose anything."""
    outcome = await app.conversations.handle(
        update_id=1,
        telegram_user_id=7003,
        chat_id=7003,
        event=Command("start", args="demo-al_al_sq_" + "0" * 20),
    )
    (welcome,) = [a for a in outcome.actions if isinstance(a, Send)]
    assert "could not be checked" in welcome.text


def test_the_cli_prints_a_link_the_bot_accepts_and_its_qr_codes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "cli-secret-0123456789abcdef0123456789abcdef"
    monkeypatch.setenv("SAFE_REPORT_SECRET_KEY", secret)
    monkeypatch.setenv("SAFE_REPORT_DATA_DIR", str(tmp_path))
    svg, png = tmp_path / "qr" / "demo-xk.svg", tmp_path / "demo-xk.png"
    args = ["link", "--partner", "demo-xk", "--country", "xk", "--language", "sq"]
    assert main([*args, "--bot", "SafeReportBot", "--qr", str(svg)]) == 0
    assert main([*args, "--bot", "@SafeReportBot", "--qr", str(png)]) == 0
    first, _written, second, _written2 = capsys.readouterr().out.splitlines()
    assert first == second and first.startswith("https://t.me/SafeReportBot?start=")
    from bot.settings import load_settings

    links = DeepLinks.from_secret(load_settings().secret_bytes)
    entry = links.read(first.split("start=")[1], PARTNERS)
    assert entry is not None and (entry.partner_id, entry.language) == ("demo-xk", "sq")
    assert svg.read_text().startswith("<?xml") and "<path" in svg.read_text()
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # What cannot be linked is refused with a reason, and nothing is printed as a link.
    assert main(["link", "--partner", "demo-xk", "--country", "al", "--language", "sq"]) == 2
    assert "--bot" in capsys.readouterr().err
    wrong_country = ["link", "--partner", "demo-xk", "--country", "al", "--language", "sq"]
    assert main([*wrong_country, "--bot", "B"]) == 1
    assert main([*args, "--bot", "B", "--qr", str(tmp_path / "x.gif")]) == 1
    out = capsys.readouterr()
    assert "https://" not in out.out and "serves xk" in out.err and ".svg or .png" in out.err
