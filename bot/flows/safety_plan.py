"""Her safety plan: short steps chosen for her situation, one message each.

She starts it with /plan or from the results ("A few steps for your safety"),
goes on with Next, and can stop at any time: her place is kept in her state
(`plan_steps`, `plan_at`) and /plan takes her back to it. Which parts she gets
comes from what she told the report (categories, who is doing it, whether she is
safe); after her report was sent, from the guidance topics she was offered; with
nothing known yet, every part. Exit forgets the place with everything else.

Someone reporting for her is offered the same plan to go through with her: the steps
are things only she can do (her passwords, her phone, her way out), so they stay
written for her, and the helper is told so first and reads them with her or shares
them. Not offering it would keep from the helper the one guide to what she can do.

Steps are stable ids; their words are msgids here (each under 600 characters).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Category, Country
from bot.flows.actions import Action, AnswerCallback, Button, Keyboard
from bot.flows.context import FlowContext
from bot.flows.helper_words import helper_translator
from bot.flows.notices import message
from bot.flows.prompts import Result, asked, stale, translator
from bot.flows.state import ConversationState, Draft
from bot.i18n import N_, TranslatorLike

COMMAND = "plan"
PREFIX = "plan:"  # plan:start, plan:next:<index of the step shown>, plan:stop
START_DATA = PREFIX + "start"
TOPIC_ID = "safety_planning"  # the guidance topic the plan replaces on her results


@dataclass(frozen=True)
class PlanPart:
    id: str
    title: str  # msgid
    steps: tuple[str, ...]  # msgids, one message each


ACCOUNTS = PlanPart(
    "accounts",
    N_("Secure your accounts and devices"),
    (
        N_(
            "Before you change anything: if the person who is doing this watches your "
            "accounts, they may notice. If that could put you in danger, talk to a helpline "
            "first about what to change and when. It is fine to wait."
        ),
        N_(
            "Start with your email: it can reset every other account. From a device the "
            "person has never used, give it a long new password you use nowhere else, and "
            "turn on two-step verification, ideally with an app rather than text messages. "
            "Then do the same for your social media."
        ),
        N_(
            "In each account's security settings, look for the devices or places where you "
            "are signed in, and sign out of any you do not recognise. Check that the "
            "recovery email and phone number are yours. On your phone, change the screen "
            "lock code and remove fingerprints or faces that are not yours."
        ),
    ),
)
STALKERWARE = PlanPart(
    "stalkerware",
    N_("Check for tracking and stalkerware"),
    (
        N_(
            "Signs that someone may be watching your phone: they know what you wrote or "
            "where you were; the battery drains fast or the phone is warm when you are not "
            "using it; apps or settings changed that you did not change. None of these "
            "proves it, but they are worth checking."
        ),
        N_(
            "Check location sharing in your maps app, in family or friends apps and in the "
            "phone's settings. Look through your apps for ones you do not recognise. An "
            "unknown tracker (such as an AirTag) travelling with you can show where you are: "
            "phones warn about them, and you can check your bag, coat and car."
        ),
        N_(
            "If you find stalkerware or a tracker, removing it may alert the person. Before "
            "you remove anything, talk to a helpline about your safety, and use a device "
            "they have never had access to for private contact."
        ),
    ),
)
EVIDENCE = PlanPart(
    "evidence",
    N_("Save evidence safely"),
    (
        N_(
            "Take screenshots that show the date, the time and the account name or number. "
            "Copy the links to posts and profiles. Do not delete the messages, even if they "
            "hurt to see: once they are gone, they are hard to prove."
        ),
        N_(
            "Keep copies where the person cannot reach them: not on a phone, computer or "
            "cloud account they can open. A trusted person's phone, or a new email account "
            "only you know, can work. /copy gives you a PDF of what you sent here, with a "
            "fingerprint of each file."
        ),
        N_(
            "Write a short log: the date, what happened, where, and who saw or heard it. A "
            "few words each time are enough. It helps a helpline, the police or a court to "
            "see the pattern."
        ),
    ),
)
PEOPLE = PlanPart(
    "people",
    N_("Who to tell"),
    (
        N_(
            "Think of one or two people you trust and tell them what is happening; you do "
            "not have to tell them everything. Agree on a code word or an emoji that means "
            '"call for help" or "come now".'
        ),
        N_(
            "You do not have to go through this alone. Helplines are free and "
            "confidential, and can help you decide what to do next, including whether to "
            "report. If you are under 18, a trusted adult, such as a teacher or a "
            "relative, can help too."
        ),
    ),
)
IF_THEY_COME = PlanPart(
    "if_they_come",
    N_("If the person comes to you"),
    (
        N_(
            "If the person comes to your door or you feel in danger, call {numbers} at once. "
            "Do not open the door. Keep your phone charged and with you."
        ),
        N_(
            "Plan where you could go quickly: a neighbour, a friend, a shop that is open "
            "late. Know how you would get there. Keep your keys, documents, some money and "
            "any medicine where you can take them at once."
        ),
        N_(
            "Ask a neighbour you trust to call the police if they hear shouting or see the "
            "person near your home. If there is a protection order, keep a copy with you."
        ),
    ),
)
PARTS: tuple[PlanPart, ...] = (ACCOUNTS, STALKERWARE, EVIDENCE, PEOPLE, IF_THEY_COME)
STEP_IDS: dict[str, tuple[PlanPart, str]] = {
    "{}.{}".format(part.id, index): (part, text)
    for part in PARTS
    for index, text in enumerate(part.steps, start=1)
}
"""Every step by its stable id (`accounts.2`), with its part and its text."""

_ACCOUNT_RISKS = {
    Category.STALKING,
    Category.IMPERSONATION,
    Category.DOXXING,
    Category.IMAGE_ABUSE,
    Category.SEXTORTION,
}
_NEARBY_RISKS = {Category.THREAT, Category.STALKING, Category.DOXXING}
_KNOWN = ("partner_or_ex", "family")


def _wanted(draft: Draft) -> list[PlanPart]:
    """The parts for her situation, in the order she gets them."""
    categories = {Category(c) for c in draft.categories if c in Category._value2member_map_}
    topics = set(draft.guidance_topics)
    known_person = draft.relationship in _KNOWN
    if not categories and not topics and draft.relationship is None:
        return list(PARTS)
    in_danger = draft.danger_answered or draft.unsure_if_safe
    wanted: set[str] = {EVIDENCE.id, PEOPLE.id}
    if categories & _ACCOUNT_RISKS or known_person or "secure_accounts" in topics:
        wanted.add(ACCOUNTS.id)
    if Category.STALKING in categories or known_person or "stalkerware_and_location" in topics:
        wanted.add(STALKERWARE.id)
    if categories & _NEARBY_RISKS or known_person or in_danger or TOPIC_ID in topics:
        wanted.add(IF_THEY_COME.id)
    parts = [part for part in PARTS if part.id in wanted]
    if in_danger:  # what to do if the person comes, first
        parts.sort(key=lambda part: part is not IF_THEY_COME)
    return parts


def choose_steps(draft: Draft) -> list[str]:
    return [
        "{}.{}".format(part.id, index)
        for part in _wanted(draft)
        for index in range(1, len(part.steps) + 1)
    ]


def _numbers(state: ConversationState, ctx: FlowContext) -> str:
    country = state.draft.country
    if country and country in Country._value2member_map_ and country != Country.OTHER.value:
        numbers = ctx.routing.emergency_numbers(Country(country))
        if numbers:
            return ", ".join(numbers[:2])
    return "112"


def _step_message(
    state: ConversationState, ctx: FlowContext, t: TranslatorLike, *, note: str = ""
) -> Action:
    _ = t.gettext
    at, total = state.plan_at, len(state.plan_steps)
    part, text = STEP_IDS[state.plan_steps[at]]
    body = _(text).format(numbers=_numbers(state, ctx)) if "{numbers}" in text else _(text)
    title = helper_translator(state, t).gettext(part.title)  # her plan's, or a helper's
    header = _("Step {number} of {total} · {title}").format(number=at + 1, total=total, title=title)
    lines = [note, ""] if note else []
    lines += ["<b>{}</b>".format(header), "", body]
    rows: Keyboard = (
        (Button(_("Next"), "{}next:{}".format(PREFIX, at)),),
        (Button(_("Stop for now"), PREFIX + "stop"),),
    )
    return message(t, "\n".join(lines), rows, "plan")


def _in_progress(state: ConversationState) -> bool:
    return 0 < state.plan_at < len(state.plan_steps)


def start(state: ConversationState, ctx: FlowContext, *, pressed: bool = False) -> Result:
    """/plan or the results' button: back to her place, or a plan made for her now."""
    t = translator(state, ctx)
    _ = t.gettext
    actions: list[Action] = [AnswerCallback()] if pressed else []
    if TOPIC_ID in state.draft.guidance_topics and TOPIC_ID not in state.topics_read:
        state.topics_read.append(TOPIC_ID)  # her caseworker sees she opened it
    if _in_progress(state) and all(step in STEP_IDS for step in state.plan_steps):
        note = _("We go on where the plan stopped.")
        return state, [*actions, _step_message(state, ctx, t, note=note)]
    return _begin(state, ctx, actions)


def _begin(state: ConversationState, ctx: FlowContext, actions: list[Action]) -> Result:
    t = translator(state, ctx)
    state.plan_steps = choose_steps(state.draft)
    state.plan_at = 0
    count = len(state.plan_steps)
    if state.draft.for_someone_else:
        # A helper cannot change her passwords or check her phone: the steps are hers to
        # take, so the plan is offered to go through with her, her choices kept hers.
        # Its own message: with a step under it, it would no longer fit one screen.
        intro = t.gettext(
            "A safety plan to go through with the person you are helping: {count} short "
            "steps. Each step speaks to them, as if they were reading it: read it together, "
            "or share it if it is safe to do so. What to do is their choice. You can stop "
            "at any time and come back to the same place with /plan."
        ).format(count=count)
        return state, [*actions, message(t, intro, (), "plan"), _step_message(state, ctx, t)]
    note = t.gettext(
        "A safety plan, step by step: {count} short steps for your situation. You can "
        "stop at any time and come back to the same place with /plan."
    ).format(count=count)
    return state, [*actions, _step_message(state, ctx, t, note=note)]


def on_press(state: ConversationState, data: str, ctx: FlowContext) -> Result:
    """Next, Stop for now, or the start button."""
    t = translator(state, ctx)
    _ = t.gettext
    action = data[len(PREFIX) :]
    if action == "start":
        return start(state, ctx, pressed=True)
    if action == "stop" and state.plan_steps:
        total = len(state.plan_steps)
        note = _(
            "Your place is kept: step {number} of {total}. Send /plan to go on whenever you want."
        ).format(number=min(state.plan_at + 1, total), total=total)
        return state, [AnswerCallback(), *asked(state, ctx, note)]
    kind, _sep, index = action.partition(":")
    if kind != "next" or not index.isdigit() or int(index) != state.plan_at:
        return stale(state, ctx)  # an old Next, a double press, or forged data
    if state.plan_at + 1 >= len(state.plan_steps):
        state.plan_steps, state.plan_at = [], 0
        if state.draft.for_someone_else:
            text = _(
                "That is the end of the safety plan. You can go through it again at any "
                "time with /plan. A helpline can make a plan with the person, and talk "
                "with you about how to support them."
            )
        else:
            text = _(
                "That is the end of your safety plan. You can go through it again at any "
                "time with /plan, and a helpline can make a plan with you."
            )
        return state, [AnswerCallback(), message(t, text, (), "plan")]
    state.plan_at += 1
    return state, [AnswerCallback(), _step_message(state, ctx, t)]
