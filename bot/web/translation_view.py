"""What the editor shows beside a text: a Telegram-like preview and the status words.

The preview renders the text as the bot sends it (HTML parse mode: <b> and
<i> shown as such), in a chat bubble with its buttons and the Exit button.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from bot.flows.steps import CHOICE_STEPS, REGION_STEPS, ChoiceStep
from bot.translations.checks import PLACEHOLDER, form_examples
from bot.translations.entries import Entry

STATUS_WORDS = {
    "untranslated": "Untranslated",
    "needs_review": "Needs review",
    "reviewed": "Reviewed",
}
_TAG = re.compile(r"&lt;(/?)(b|i)&gt;")


def telegram_html(text: str, count: int | None = None) -> Markup:
    """Escape, then let <b>/<i> through and mark placeholders, as the bot's message reads."""
    if count is not None:
        text = text.replace("{count}", str(count))
    escaped = html.escape(text, quote=False)
    opened: list[str] = []

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2)
        if closing:
            if not opened or opened[-1] != name:
                return match.group(0)
            opened.pop()
        else:
            opened.append(name)
        return "<{}{}>".format(closing, name)

    rendered = _TAG.sub(tag, escaped)
    if opened:  # unbalanced: show the text as typed rather than half-formatted
        rendered = escaped
    rendered = PLACEHOLDER.sub(lambda m: '<span class="ph">{}</span>'.format(m.group(0)), rendered)
    return Markup(rendered)


@dataclass(frozen=True)
class Bubble:
    caption: str
    text: Markup
    buttons: list[tuple[Markup, bool]]  # (label, is the text being edited)


def _step_of(msgid: str) -> ChoiceStep | None:
    for step in [*CHOICE_STEPS.values(), *REGION_STEPS.values()]:
        if msgid in {o.label for o in step.options}:
            return step
    return None


def preview(
    entry: Entry, forms: tuple[str, ...], language: str, current: dict[str, str]
) -> list[Bubble]:
    """Bubbles as she would see them; `current` maps msgids to their text now."""
    exit_label = forms[0] if entry.msgid == "Exit" else current.get("Exit", "Exit")
    exit_button = (telegram_html(exit_label), entry.msgid == "Exit")
    if entry.is_button and entry.msgid != "Exit":
        step = _step_of(entry.msgid)
        prompt = current.get(step.prompt, step.prompt) if step and step.prompt else "…"
        labels = [o.label for o in step.options] if step else [entry.msgid]
        buttons = [
            (
                telegram_html(forms[0] if label == entry.msgid else current.get(label, label)),
                label == entry.msgid,
            )
            for label in labels
        ]
        caption = "Question “{}”".format(step.id) if step else "A button"
        return [Bubble(caption, telegram_html(prompt), [*buttons, exit_button])]
    if entry.plural:
        examples = form_examples(language)
        bubbles = []
        for index, form in enumerate(forms):
            sample = examples[index].split(",")[0] if index < len(examples) else "2"
            number = int(sample.rstrip("…")) if sample.rstrip("…").isdigit() else 2
            bubbles.append(
                Bubble(
                    "With {} (form {})".format(number, index + 1),
                    telegram_html(form, count=number),
                    [exit_button],
                )
            )
        return bubbles
    return [Bubble("Message", telegram_html(forms[0] if forms else ""), [exit_button])]
