"""Telegram's length rule as Telegram counts (UTF-16 units of the text she sees), and
long texts cut into parts Telegram accepts, each well formed."""

from __future__ import annotations

import html

from bot.flows.actions import Button, Send
from bot.flows.telegram_text import (
    MESSAGE_LIMIT,
    fits,
    split_html,
    split_send,
    utf16_units,
    visible_units,
)


def test_lengths_are_utf16_units_of_the_visible_text() -> None:
    assert utf16_units("😀") == 2 and utf16_units("ё") == 1
    assert visible_units("<b>a</b> &lt;b&gt;") == len("a <b>")
    assert not fits("😀" * 2049) and fits("😀" * 2048)
    assert not fits("\u200b" * 0)


def test_a_long_text_is_cut_at_spaces_with_tags_closed_and_reopened() -> None:
    text = "<i>" + "word " * 2000 + "</i> and &amp; end"
    parts = split_html(text)
    assert len(parts) == 3
    assert all(visible_units(p) <= MESSAGE_LIMIT for p in parts)
    assert parts[0].endswith("</i>") and parts[1].startswith("<i>")
    assert all(p.count("<i>") == p.count("</i>") for p in parts)
    assert "".join(html.unescape(p.replace("<i>", "").replace("</i>", "")) for p in parts) == (
        html.unescape(text.replace("<i>", "").replace("</i>", ""))
    )


def test_emoji_and_entities_are_never_cut_in_half() -> None:
    parts = split_html("&amp;" + "😀" * 5000)
    assert all(visible_units(p) <= MESSAGE_LIMIT for p in parts)
    assert "".join(parts) == "&amp;" + "😀" * 5000


def test_a_long_message_keeps_its_buttons_under_the_last_part() -> None:
    exit_row = ((Button("Exit", "x"),),)
    parts = split_send(Send("😀" * 3000, exit_row, step="reply"))
    assert [p.buttons for p in parts] == [(), exit_row]
    assert {p.step for p in parts} == {"reply"}
    assert split_send(Send("short", exit_row)) == [Send("short", exit_row)]
