"""The words a person reporting for someone else reads after the questions.

The results, the guidance and the notes beside the numbers are written for her, the
one it happens to ("images of you", "your safety"). A friend, a parent or a teacher
reads the same screens with the words that change for a helper: why each service
fits, the notes beside the lists, the topics' titles, what each partner does and the
end of a report left unsent speak of "the person". Most of these the directory
renders (bot/routing): the flows hand it `helper_translator(t)`, which reads a
helper's msgid in place of each survivor's msgid listed here (the flows' own few read
it the same way), so every other word, and her own screens, stay exactly as they are.

A topic's text stays the advice written for the person herself: a helper gets it
after one framing line of its own (`TOPIC_FRAMING`) rather than a rewritten text.
The safety plan's steps stay hers too; its parts' titles and its first and last
words change for a helper (bot/flows/safety_plan.py), and /privacy adds what
becomes of what is told about her (bot/flows/privacy.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.flows.actions import Send
from bot.flows.notices import message
from bot.flows.state import ConversationState
from bot.i18n import N_, TranslatorLike

# Survivor msgid -> the helper's msgid. A test checks that every key is still a msgid
# of the catalogues' template, so a change of her words cannot orphan a helper's.
HELPER_WORDS: Mapping[str, str] = {
    # Why this service (bot/routing/reasons.py, REASONS)
    "The police: call if you are in danger now.": N_(
        "The police: call if you or the person you are helping are in danger now."
    ),
    "Call if you are hurt or need urgent medical help.": N_(
        "Call if the person is hurt or needs urgent medical help."
    ),
    "If you are thinking about hurting yourself, you can talk to someone here now.": N_(
        "If the person is thinking about hurting themselves, they can talk to someone "
        "here now. You can call too."
    ),
    "When the person is a partner or ex, start here: they know this kind of abuse, "
    "can help you plan for your safety and know the services near you.": N_(
        "When a partner or ex is doing this, start here: they know this kind of abuse, "
        "can help the person plan for their safety and know the services near them."
    ),
    "A national line for women facing violence. Online abuse is violence too: "
    "you can call them about it.": N_(
        "A national line for women facing violence. Online abuse is violence too: "
        "the person can call them about it."
    ),
    "If you are under 18, this helpline is for you.": N_(
        "If the person is under 18, this helpline is for them."
    ),
    "Helps stop nude or sexual images of you from spreading online. It is free, and you "
    "do not have to give your name.": N_(
        "Helps stop nude or sexual images of the person from spreading online. It is "
        "free, and no name is needed."
    ),
    "If the images were taken before you turned 18, this tool can help remove them.": N_(
        "If the images were taken before the person turned 18, this tool can help remove them."
    ),
    "For adults: it makes a digital fingerprint of your images on your own device; the "
    "images are never uploaded. Partner platforms use the fingerprint to block them.": N_(
        "For adults: the person makes a digital fingerprint of the images on their own "
        "device; the images are never uploaded. Partner platforms use the fingerprint to "
        "block them."
    ),
    "If you are 18 or over: it makes a digital fingerprint of your images on your own "
    "device; the images are never uploaded.": N_(
        "If the person is 18 or over: they make a digital fingerprint of the images on "
        "their own device; the images are never uploaded."
    ),
    "For under-18s in the UK: helps get nude images of you removed.": N_(
        "For under-18s in the UK: helps the young person get nude images of them removed."
    ),
    "If you are under 18 and in the UK: helps get nude images of you removed.": N_(
        "If the person is under 18 and in the UK: helps get nude images of them removed."
    ),
    "If you are under 18: report grooming, sextortion or online sexual abuse here.": N_(
        "If the person is under 18: report grooming, sextortion or online sexual abuse here."
    ),
    "Ask the platform directly to remove intimate images of you.": N_(
        "Ask the platform directly to remove intimate images of the person."
    ),
    # Notes beside the numbers and the list (bot/routing/reasons.py, NOTES)
    "If you are in danger now, call your local emergency number.": N_(
        "If you or the person you are helping are in danger now, call the local emergency number."
    ),
    "If you are thinking about ending your life, please call the emergency number now "
    "or tell someone you trust. You deserve help right now.": N_(
        "If the person is thinking about ending their life, please call the emergency "
        "number now, and stay with them if you can."
    ),
    # Guidance topics' titles, on the buttons (bot/routing/guidance.py)
    "If someone is threatening to share images of you": N_(
        "If someone is threatening to share images of the person"
    ),
    "Take It Down: for images taken before you were 18": N_(
        "Take It Down: for images taken before the person was 18"
    ),
    "Secure your accounts": N_("Securing the person's accounts"),
    "A few steps for your safety": N_("A safety plan to go through with the person"),
    "Looking after yourself": N_("Words of support for the person"),
    # When she chooses among partners (bot/routing/partners.py, PARTNER_LINES)
    "A support service that can receive your report and help you.": N_(
        "A support service that can receive your report and help the person."
    ),
    # A report that ends without being sent (bot/flows/answers.py)
    "Nothing has been sent, and your report has been deleted. The services above can "
    "still help you directly. To start again, send /start.": N_(
        "Nothing has been sent, and your report has been deleted. The services above can "
        "still help the person directly, and many also talk with family and friends. To "
        "start again, send /start."
    ),
    "No partner service can receive reports from here yet, so nothing has been sent and "
    "your report has been deleted. The services above can help you directly. To start "
    "again, send /start.": N_(
        "No partner service can receive reports from here yet, so nothing has been sent and "
        "your report has been deleted. The services above can help the person directly, and "
        "many also talk with family and friends. To start again, send /start."
    ),
    # Safety plan parts' titles (bot/flows/safety_plan.py): in its steps, written for
    # her, "the person" is the one doing this; a helper's title must not say it of her.
    "Secure your accounts and devices": N_("Securing their accounts and devices"),
    "If the person comes to you": N_("If the one doing this comes to them"),
}

TOPIC_FRAMING = N_(
    "<i>This is written for the person you are helping. Share it with them if it is safe "
    "to do so: if someone may be reading their phone, tell them in person.</i>"
)


class HelperTranslator:
    """A translator that reads the helper's msgid in place of a survivor's (`HELPER_WORDS`)."""

    def __init__(self, t: TranslatorLike, words: Mapping[str, str] = HELPER_WORDS) -> None:
        self._t = t
        self._words = words
        self.language = t.language

    def gettext(self, message: str) -> str:
        return self._t.gettext(self._words.get(message, message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)


def helper_translator(state: ConversationState, t: TranslatorLike) -> TranslatorLike:
    """`t` for her; for someone reporting for her, `t` with the helper's words."""
    return HelperTranslator(t) if state.draft.for_someone_else else t


def framing_for_helper(state: ConversationState, t: TranslatorLike) -> list[Send]:
    """Before a topic's text, for a helper only: one line saying whom it is written for.
    Its own message, so that the topic itself can be forwarded to her as it is."""
    if not state.draft.for_someone_else:
        return []
    return [message(t, t.gettext(TOPIC_FRAMING), (), "topic")]
