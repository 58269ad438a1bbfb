"""The bot's face, set by both libraries at start-up against the local Bot API server:
menus, descriptions and short descriptions for every language Telegram can key, a
neutral name where the deployment sets one; her own chat menu for Serbian (Latin) and
Montenegrin; the picture with `safe-report face`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.flows import profile
from bot.i18n import Catalogues, default_locales_dir
from bot.sandbox.botapi import running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.settings import PLACEHOLDER_TOKEN, Environment, Settings
from bot.telegram.face import apply_face
from tests.conftest import TEST_SECRET
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc`\x00\x00\x00\x02\x00\x01T\xa2O]\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
KEYED = ("", "sq", "sr", "bs", "hr", "mk")  # "" is the default (English)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=database_url,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        classifier="rules",
        send_chat_burst=1000,
        send_chat_rate=1000.0,
        send_overall_rate=100000,
        bot_name="Notes",
    )


def _catalogues() -> Catalogues:
    return Catalogues(default_locales_dir())


async def test_start_up_sets_the_face_in_every_language_telegram_keys(live: LiveStack) -> None:
    bot = live.server.state.current_bot()
    t = _catalogues().translator("sr")
    assert bot.descriptions["description:sr"] == profile.description(t)
    assert bot.descriptions["short_description:sr"] == profile.short_description(t)
    for code in KEYED:
        assert bot.descriptions["description:{}".format(code)]
        assert bot.descriptions["short_description:{}".format(code)]
    assert bot.descriptions["name:"] == "Notes"
    keyed = {key for key in bot.commands if '"default"' in key}
    languages = {key.rsplit('"', 2)[-2] for key in keyed}
    assert languages == set(KEYED)  # sr_Latn and cnr cannot be keyed: chat menus instead
    assert all(
        len(d) <= profile.DESCRIPTION_LIMIT
        for k, d in bot.descriptions.items()
        if k.startswith("description:")
    )


async def test_choosing_montenegrin_gives_her_chat_its_own_menu(live: LiveStack) -> None:
    user = 5590001
    player = Player(live, user, language_code="sr")
    await player.say("/start", expect="У којој си земљи")  # her phone's language
    await player.press("lang", expect="Изабери језик")
    await player.press("language:cnr", expect="U kojoj si državi")
    bot = live.server.state.current_bot()
    chat_keys = [k for k in bot.commands if str(user) in k]
    assert len(chat_keys) == 1
    menu = {c["command"]: c["description"] for c in bot.commands[chat_keys[0]]}
    assert menu["language"] == "Promijeni jezik" and "privacy" in menu
    await player.say("/language", expect="Izaberi jezik")
    await player.press("language:en", expect="Which country")
    assert [k for k in bot.commands if str(user) in k] == []


async def test_face_command_sets_the_picture_and_restarts_write_nothing_new(tmp_path: Path) -> None:
    avatar = tmp_path / "neutral.png"
    avatar.write_bytes(PNG)
    async with running_server() as server, SandboxClient(server.base_url) as sandbox:
        settings = Settings(
            environment=Environment.TEST,
            data_dir=tmp_path,
            secret_key=TEST_SECRET,  # type: ignore[arg-type]
            telegram_api_base=server.base_url,
            bot_name="Notes",
            bot_avatar=avatar,
            discreet_profile=True,
        )
        written = await apply_face(settings, token=PLACEHOLDER_TOKEN)
        assert "picture" in written and "name" in written and "description (sq)" in written
        bot = server.state.current_bot()
        assert bot.profile_photo == PNG
        t = _catalogues().translator("sq")
        assert bot.descriptions["description:sq"] == profile.description(t, discreet=True)
        assert "abuz" not in bot.descriptions["description:sq"]  # says nothing of abuse
        again = await apply_face(
            settings.model_copy(update={"bot_avatar": None}), token=PLACEHOLDER_TOKEN
        )
        assert all(item.startswith("commands") for item in again)  # nothing else changed
        assert (await sandbox.request("GET", "/sandbox/bot"))["profile_photo_bytes"] == len(PNG)
