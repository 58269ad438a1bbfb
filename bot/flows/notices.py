"""What she reads besides the questions, written here and only here.

The Exit row every message carries, and the messages services and transports
deliver without a flow step of their own: her case's status, a transfer
question and its answer, a caseworker's reply as she sees it, the flood notice,
and the transport's few words (an error on our side, groups). Services and
transports call these and carry the result; they never write her text.
"""

from __future__ import annotations

import html

from bot.flows.actions import Button, Keyboard, Send
from bot.i18n import TranslatorLike

EXIT_DATA = "x"  # the Exit button's callback data, the same under every message
TRANSFER_PREFIX = "transfer:"  # transfer:<request id hex>:yes|no
SHOW_PREFIX = "show:"  # show:r:<message id hex>:<reference> | show:t:<request id hex>
MESSAGES_PREFIX = "msgs:"  # msgs:pause | resume | stop | stop_yes | keep
ANSWER_PREFIX = "answer:"  # answer:<reference>: her next text goes to that case
KEEP_PREFIX = "keep:"  # keep:<message id hex>: the quiet-period sweep leaves it
PACK_DATA = "pack"  # her evidence pack (a PDF copy of her draft), valid at any step
PRIVACY_DATA = "privacy"  # the privacy notice, under the welcome


def exit_row(t: TranslatorLike) -> tuple[Button, ...]:
    return (Button(t.gettext("Exit"), EXIT_DATA),)


def message(
    t: TranslatorLike, text: str, rows: Keyboard = (), step: str = "", exit_button: bool = True
) -> Send:
    """A bot message; the Exit row comes last under it unless it says goodbye itself."""
    buttons = (*rows, exit_row(t)) if exit_button else rows
    return Send(text=text, buttons=buttons, step=step)


def flood(t: TranslatorLike) -> Send:
    """Once, when she writes faster than the bot takes updates; later ones go unanswered."""
    text = t.gettext("You're sending messages very fast. Please wait a moment, then go on.")
    return message(t, text, step="flood")


def status(t: TranslatorLike, *, reference: str, status: str | None) -> Send:
    """Her case's status; `status` is None for "no such code" and "not yours" alike."""
    _ = t.gettext
    if status is None:
        text = _("I can't find a report with that code from this account.")
    else:
        labels = {
            "new": _("received, waiting for a caseworker"),
            "in_progress": _("a caseworker is working on it"),
            "referred": _("referred to another service"),
            "closed": _("closed"),
            "withdrawn": _("withdrawn"),
        }
        text = _("Report {reference}: {status}.").format(
            reference=reference, status=labels.get(status, status)
        )
    return message(t, text, step="status")


def pause_row(t: TranslatorLike) -> tuple[Button, ...]:
    """Under every message from the service: she can hold them at any time."""
    return (Button(t.gettext("Pause messages"), MESSAGES_PREFIX + "pause"),)


def new_message(t: TranslatorLike, *, kind: str, item_id: str, reference: str = "") -> Send:
    """What a notification preview shows of a service's message: one neutral line.

    The message itself appears only when she presses the button (the notice is
    edited into it), so a phone's lock screen never shows who wrote or what.
    """
    data = "{}{}:{}".format(SHOW_PREFIX, "r" if kind == "reply" else "t", item_id)
    if kind == "reply":
        data += ":" + reference
    rows: Keyboard = ((Button(t.gettext("Open it"), data),), pause_row(t))
    return message(t, t.gettext("You have a new message."), rows, step="notice")


def transfer_question(
    t: TranslatorLike, *, service: str, reference: str, other: str, request_id: str
) -> Send:
    """A service asks to pass her report to another; her yes or no comes back as a press.

    Shown when she opens the neutral notice (`new_message`)."""
    _ = t.gettext
    text = _(
        "{service} would like to pass your report {reference} to {other}, who may be "
        "able to help you better. {other} would receive everything in your report. "
        "Nothing is passed on unless you say yes."
    ).format(service=service, reference=reference, other=other)
    data = "{}{}:".format(TRANSFER_PREFIX, request_id)
    rows: Keyboard = (
        (Button(_("Yes, pass it on"), data + "yes"),),
        (Button(_("No, keep it where it is"), data + "no"),),
        pause_row(t),
    )
    return message(t, html.escape(text), rows, step="transfer_question")


def transfer_answered(t: TranslatorLike, *, accepted: bool | None, service: str) -> Send:
    """What became of her answer: passed on to `service`, kept with `service`, or too late."""
    _ = t.gettext
    if accepted is None:
        text = _("That button no longer works.")
    elif accepted:
        text = _(
            "Thank you. Your report has been passed to {service}. Your reference code "
            "stays the same."
        ).format(service=service)
    else:
        text = _("Your report stays with {service}. Nothing has been passed on.").format(
            service=service
        )
    return message(t, text, step="transfer")


def caseworker_reply(
    t: TranslatorLike,
    *,
    service: str,
    body: str,
    reference: str,
    at_rest: bool = True,
    item_id: str = "",
) -> Send:
    """A caseworker's message as she sees it once she opened it: who wrote, their words
    (escaped), and how to answer. In the middle of a new report, her texts belong to
    that report, so answering is a button. Keep (with the message's id) stops the
    quiet-period sweep from removing it."""
    _ = t.gettext
    header = _("Message from {service} about your report {reference}:").format(
        service=service, reference=reference
    )
    text = "{}\n\n{}".format(html.escape(header), html.escape(body))
    rows: tuple[tuple[Button, ...], ...] = ()
    if at_rest:
        text += "\n\n<i>{}</i>".format(html.escape(_("To answer, write here.")))
    else:
        rows = ((Button(_("Answer"), ANSWER_PREFIX + reference),),)
    if item_id:
        rows = (*rows, (Button(_("Keep this message"), KEEP_PREFIX + item_id),))
    return message(t, text, (*rows, pause_row(t)), step="reply")


def kept(t: TranslatorLike) -> str:
    """Her press on Keep: the bot will not remove this message; she still can."""
    return t.gettext("Kept. This message stays until you delete it.")


def message_gone(t: TranslatorLike) -> str:
    """Her press on a notice whose message was deleted, withdrawn or already shown."""
    return t.gettext("This message is no longer here.")


def messages_settings(t: TranslatorLike, *, paused: bool, replies: bool) -> Send:
    """/messages and the pause button: whether the service's messages reach her now."""
    _ = t.gettext
    if not replies:
        return message(t, _("No service can write to you here."), step="messages")
    if paused:
        text = _(
            "Messages from the service are paused. They wait, unseen, until you resume "
            "them. Nothing is lost."
        )
        first = Button(_("Resume messages"), MESSAGES_PREFIX + "resume")
    else:
        text = _("Messages from the service come here. You can pause them at any time.")
        first = pause_row(t)[0]
    rows: Keyboard = ((first,), (Button(_("Stop messages"), MESSAGES_PREFIX + "stop"),))
    return message(t, text, rows, step="messages")


def stop_question(t: TranslatorLike) -> Send:
    _ = t.gettext
    text = _(
        "Stop all messages from the service? They will not be able to write to you "
        "again. Your report stays with them."
    )
    rows: Keyboard = (
        (Button(_("Yes, stop them"), MESSAGES_PREFIX + "stop_yes"),),
        (Button(_("No, keep them"), MESSAGES_PREFIX + "keep"),),
    )
    return message(t, text, rows, step="messages")


def stopped(t: TranslatorLike, *, reference: str) -> Send:
    text = t.gettext(
        "No more messages will come from the service. Your report stays with them: "
        "/status {reference} shows what happens with it."
    ).format(reference=reference)
    return message(t, text, step="messages")


def file_added(t: TranslatorLike, *, reference: str, sha256: str) -> Send:
    """A file she sent after her report was sent, now part of it."""
    text = t.gettext(
        "Added to your report {reference}: only the service that has your report can "
        "open it. Its own code ({code}…) can show later that it was not changed."
    ).format(reference=reference, code=sha256[:12])
    return message(t, text, step="file")


def case_gone(t: TranslatorLike) -> Send:
    """Her report was withdrawn or is no longer hers: the file was not kept."""
    text = t.gettext(
        "Your report can no longer receive files, so I did not keep this one. "
        "To make a new report, send /start."
    )
    return message(t, text, step="file")


CHAT_LEFT_SECONDS = 60  # how long the "delete it yourself" message stays


def chat_not_cleared(t: TranslatorLike) -> Send:
    """After Exit, when Telegram would not delete some messages (those over 48 hours
    old): say so, and how she deletes the chat herself. Never claims the chat is gone.
    Its one button is Exit again, which deletes this message (it is young)."""
    _ = t.gettext
    text = _(
        "Some older messages could not be deleted: Telegram lets me delete only messages "
        "from the last 48 hours. Please delete this chat yourself:\n"
        "Android: press and hold this chat in your chat list, then tap the bin.\n"
        "iPhone: swipe left on this chat in your chat list, then tap Delete.\n"
        "Computer: right-click this chat, then choose Delete chat or Clear history.\n\n"
        "This message disappears in one minute."
    )
    rows: Keyboard = ((Button(_("OK, remove this message"), EXIT_DATA),),)
    return message(t, html.escape(text), rows, step="chat_not_cleared", exit_button=False)


def internal_error(t: TranslatorLike) -> str:
    return t.gettext(
        "Something went wrong on our side. What you already sent is safe. "
        "Please try again in a moment."
    )


def private_only(t: TranslatorLike) -> str:
    return t.gettext(
        "I only work in private chats, to keep what you share safe. "
        "Please write to me directly. I'm leaving this group now."
    )
