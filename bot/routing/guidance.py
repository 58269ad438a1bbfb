"""Guidance topics: short, practical, kind advice, each under a stable id.

The ids are stored with a case, so a caseworker can read which topics a
survivor was shown. Titles and bodies are gettext msgids (English source);
each body stays under 1000 characters so one topic fits one calm message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain import AgeGroup, Category, Relationship, RoutingInput, Severity
from bot.i18n import N_


@dataclass(frozen=True)
class GuidanceTopic:
    id: str
    title: str  # msgid
    body: str  # msgid


_TOPICS = (
    GuidanceTopic(
        "sextortion_do_not_pay",
        N_("If someone is threatening to share images of you"),
        N_(
            "This is not your fault, and you are not alone. Do not pay and do not send "
            "anything more: paying rarely stops it, and often leads to more demands. Stop "
            "replying, but do not delete the chat: take screenshots of the messages, the "
            "account name and the payment details they asked for. Then report the account "
            "to the platform and block it. The tools listed here can help stop the images "
            "from being shared."
        ),
    ),
    GuidanceTopic(
        "preserve_evidence",
        N_("Keep evidence"),
        N_(
            "Evidence helps if you decide to report, now or later. Take screenshots that "
            "show the date, the time and the account name or number. Copy the links "
            "(addresses) of posts and profiles. Keep the messages: do not delete them, even "
            "if they hurt to see. Write down what happened and when. Store copies somewhere "
            "the other person cannot reach, such as a trusted person's phone or an account "
            "only you can open. You do not have to look at the content again to keep it."
        ),
    ),
    GuidanceTopic(
        "stopncii",
        N_("StopNCII: stop intimate images from spreading (18 and over)"),
        N_(
            "StopNCII.org is free. On your own phone or computer it makes a digital "
            "fingerprint (a hash) of each image; the images themselves never leave your "
            "device. Platforms that work with StopNCII use the fingerprint to find and block "
            "copies. You get a case number and a PIN to follow your case or withdraw it. It "
            "also works for fake (deepfake) images and when someone threatens to share."
        ),
    ),
    GuidanceTopic(
        "take_it_down",
        N_("Take It Down: for images taken before you were 18"),
        N_(
            "Take It Down (takeitdown.ncmec.org) is free and you do not have to give your "
            "name. It helps stop nude or sexual images taken before you were 18 from being "
            "shared online, including when someone is threatening you with them. You are "
            "not in trouble for asking for help. A trusted adult can help you use it."
        ),
    ),
    GuidanceTopic(
        "report_to_platform",
        N_("Report to the platform"),
        N_(
            "Every big platform has a report button on posts, messages and profiles. Keep "
            "your evidence first, then report: the content may disappear once it is removed. "
            "Choose the reason that fits best and add the links. You can block or mute the "
            "account afterwards; blocking usually does not tell them you reported. If the "
            "platform does not act, report again or ask one of the services listed here "
            "for help."
        ),
    ),
    GuidanceTopic(
        "secure_accounts",
        N_("Secure your accounts"),
        N_(
            "Change the passwords of your email and social media from a device you trust, "
            "starting with your email. Use a different password for each account. Turn on "
            "two-step verification, ideally with an app rather than text messages. In each "
            "account's security settings, sign out of sessions and devices you do not "
            "recognise, and check the recovery email and phone number. If changing things "
            "could alert someone who watches your accounts, think first about your safety."
        ),
    ),
    GuidanceTopic(
        "stalkerware_and_location",
        N_("Check for tracking and shared location"),
        N_(
            "Someone may know where you are through a shared location (in maps, photos or "
            "family apps), a tracker, or an app installed on your phone. Check location "
            "sharing in your phone's settings and apps. Look for apps you do not recognise, "
            "a battery that drains fast, or settings changed without you. If you think there "
            "is stalkerware, removing it may alert the person: talk to a helpline about "
            "your safety first, and use a safer device for private contact."
        ),
    ),
    GuidanceTopic(
        "safety_planning",
        N_("A few steps for your safety"),
        N_(
            'Think of one or two people you trust and agree on a word that means "call for '
            'help". Keep the emergency number and a helpline saved under a name only you '
            "know. Know where you could go quickly if you need to leave. Keep your phone "
            "charged, and important documents and some money where you can take them. The "
            "helplines listed here can make a safety plan with you."
        ),
    ),
    GuidanceTopic(
        "police_report",
        N_("What a police report involves"),
        N_(
            "You can report at a police station, by phone, or through an online form where "
            "there is one. Bring your screenshots with dates and links, the usernames, "
            "numbers or accounts involved, and a short note of what happened and when. You "
            "can bring someone you trust. Ask for a copy or a reference number of your "
            "report. Reporting is your choice: a helpline can explain what happens next "
            "before you decide."
        ),
    ),
    GuidanceTopic(
        "self_care",
        N_("Looking after yourself"),
        N_(
            "What happened is not your fault. It is normal to feel afraid, angry, ashamed "
            "or numb. Take breaks from your phone when you can, and ask someone you trust to "
            "look at messages for you if reading them hurts. Talking to a helpline can help, "
            "even if you do not want to report anything. You decide what happens next."
        ),
    ),
)

TOPICS: dict[str, GuidanceTopic] = {topic.id: topic for topic in _TOPICS}
"""All topics, in the order they are shown."""

_CRIME = frozenset({Category.THREAT, Category.DOXXING, Category.STALKING, Category.SEXTORTION})
_PLATFORM = frozenset(Category) - {Category.SELF_HARM}
_ACCOUNTS = frozenset({Category.STALKING, Category.IMPERSONATION, Category.DOXXING})
_IMAGES = frozenset({Category.IMAGE_ABUSE, Category.SEXTORTION})


def _wanted(inp: RoutingInput) -> Iterable[str]:
    cats = inp.categories
    partner = inp.relationship is Relationship.PARTNER_OR_EX
    if Category.SEXTORTION in cats:
        yield "sextortion_do_not_pay"
    yield "preserve_evidence"
    if cats & _IMAGES:
        # Unknown age: both tools, each says who it is for (see rules.py).
        if inp.age is not AgeGroup.MINOR:
            yield "stopncii"
        yield "take_it_down"
    if cats & _PLATFORM:
        yield "report_to_platform"
    if cats & _ACCOUNTS or partner:
        yield "secure_accounts"
    if Category.STALKING in cats or partner:
        yield "stalkerware_and_location"
    if (
        partner
        or inp.in_danger
        or inp.severity >= Severity.HIGH
        or cats & {Category.THREAT, Category.STALKING}
    ):
        yield "safety_planning"
    if cats & _CRIME:
        yield "police_report"
    yield "self_care"


def pick_topics(inp: RoutingInput) -> tuple[str, ...]:
    """Topic ids for this case, in display order.

    Severity only adds topics (safety planning); it never removes one.
    """
    wanted = set(_wanted(inp))
    return tuple(topic_id for topic_id in TOPICS if topic_id in wanted)
