"""Which messages a bot may delete, and at what age: Telegram's rules, as the Bot API states them.

Bot API 10.1, deleteMessage: "A message can only be deleted if it was sent less than 48 hours
ago." and "Bots can delete outgoing messages in private chats, groups, and supergroups.
Bots can delete incoming messages in private chats." (and any message where they are
administrators; the sandbox's bot is never an administrator).

What is modelled, and why:
- The age is the sandbox clock's now minus the message's `date`; a message may be deleted
  while that is below 48 hours, so at exactly 48 hours it is refused. The spec says "less
  than"; Telegram's own code differs by a second at the edge in private chats (it allows
  `<=`), and a bot that relies on the last second is wrong anyway, so the sandbox takes
  the stricter reading.
- The refusal is what api.telegram.org answers: "message can't be deleted for everyone"
  in private chats and basic groups (TDLib's can_revoke_message, lower-cased by the Bot
  API server), "message can't be deleted" in supergroups (can_delete_channel_message).
- A message that is not there (never sent, or deleted by the user herself) is not
  refused here: callers answer "message to delete not found" (deleteMessage) or skip it
  (deleteMessages).
- Not modelled: dice messages (24-hour rule; the sandbox has no dice) and service
  messages about supergroup, channel or topic creation (the sandbox never makes them).
"""

from __future__ import annotations

from .state import ChatState, Entry

DELETE_WINDOW_S = 48 * 3600
TOO_OLD_PRIVATE = "message can't be deleted for everyone"
CANNOT_DELETE = "message can't be deleted"


def age_s(entry: Entry, now: float) -> float:
    """How long ago the message was sent, by the sandbox clock."""
    return now - float(entry.message["date"])


def refusal(chat: ChatState, entry: Entry, now: float) -> str | None:
    """Why Telegram would refuse to delete this message now (None: it may be deleted)."""
    too_old = age_s(entry, now) >= DELETE_WINDOW_S
    if chat.chat["type"] == "supergroup":
        return CANNOT_DELETE if too_old or not entry.from_bot else None
    if chat.is_private:
        return TOO_OLD_PRIVATE if too_old else None
    # a basic group: only its own messages (not an administrator), and only while young
    return TOO_OLD_PRIVATE if too_old or not entry.from_bot else None
