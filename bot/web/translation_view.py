"""What the editor shows beside a text: a Telegram-like preview and the status words.

The preview renders the text as the bot sends it (HTML parse mode: <b> and
<i> shown as such), in a chat bubble with its buttons and the Exit button.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from bot.flows.steps import CHOICE_STEPS, REGION_STEPS, ChoiceStep
from bot.i18n import P_
from bot.translations.checks import PLACEHOLDER, form_examples
from bot.translations.entries import Entry
from bot.translations.places import Area
from bot.web.language import PortalLanguage

STATUS_WORDS = {
    "untranslated": P_("Untranslated"),
    "needs_review": P_("Needs review"),
    "reviewed": P_("Reviewed"),
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
    portal: bool = False  # a portal text: shown as the page shows it, not as a chat bubble


def portal_html(text: str, count: int | None = None) -> Markup:
    """A portal text as the page shows it: escaped, placeholders marked."""
    if count is not None:
        text = text.replace("{count}", str(count))
    escaped = html.escape(text, quote=False)
    return Markup(
        PLACEHOLDER.sub(lambda m: '<span class="ph">{}</span>'.format(m.group(0)), escaped)
    )


def _step_of(msgid: str) -> ChoiceStep | None:
    for step in [*CHOICE_STEPS.values(), *REGION_STEPS.values()]:
        if msgid in {o.label for o in step.options}:
            return step
    return None


def preview(
    entry: Entry,
    forms: tuple[str, ...],
    language: str,
    current: dict[str, str],
    lang: PortalLanguage,
) -> list[Bubble]:
    """Bubbles as she would see them; `current` maps msgids to their text now.

    A portal text is shown as the portal's page shows it (captions in `lang`)."""
    t = lang.gettext
    if entry.area is Area.PORTAL:
        where = "; ".join(t(hint) for hint in entry.hints) or t(P_("Caseworker portal"))
        if entry.plural:
            return _plural_bubbles(forms, language, lang, portal_html, portal=True, where=where)
        return [Bubble(where, portal_html(forms[0] if forms else ""), [], portal=True)]
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
        caption = t(P_("Question “{id}”")).format(id=step.id) if step else t(P_("A button"))
        return [Bubble(caption, telegram_html(prompt), [*buttons, exit_button])]
    if entry.plural:
        return _plural_bubbles(forms, language, lang, telegram_html, exit_button=exit_button)
    return [Bubble(t(P_("Message")), telegram_html(forms[0] if forms else ""), [exit_button])]


def _plural_bubbles(
    forms: tuple[str, ...],
    language: str,
    lang: PortalLanguage,
    render: Callable[[str, int | None], Markup],
    *,
    exit_button: tuple[Markup, bool] | None = None,
    portal: bool = False,
    where: str = "",
) -> list[Bubble]:
    """One bubble per plural form, each filled in with a number that uses it."""
    examples = form_examples(language)
    bubbles = []
    for index, form in enumerate(forms):
        sample = examples[index].split(",")[0] if index < len(examples) else "2"
        number = int(sample.rstrip("…")) if sample.rstrip("…").isdigit() else 2
        caption = lang.gettext(P_("With {number} (form {form})")).format(
            number=number, form=index + 1
        )
        bubbles.append(
            Bubble(
                "{} · {}".format(where, caption) if where else caption,
                render(form, number),
                [exit_button] if exit_button else [],
                portal=portal,
            )
        )
    return bubbles
