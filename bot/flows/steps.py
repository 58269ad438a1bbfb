"""The report flow's questions as data: stable ids, source texts, and their order.

Option labels are msgids (translated where shown); ids go into callback data
and storage and never change when a translation does. `QUESTIONS` is the order
in which she is asked; `next_step(state)` reads it, skipping a question whose
`asked_if` does not hold for her, so a question is added, moved or made
conditional here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.domain import COUNTRY_NAMES, REGIONS, REGIONS_BY_COUNTRY, Category, Country
from bot.flows.state import ConversationState
from bot.i18n import N_


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class ChoiceStep:
    id: str
    prompt: str
    options: tuple[Option, ...]
    multi: bool = False
    columns: int = 1


DONE_OPTION = "done"
OTHER_CATEGORY = "other"
UNSURE_REGION = "unsure"

# Countries, regions and their names are `bot.domain.places`; how she is asked is here.


@dataclass(frozen=True)
class RegionQuestion:
    prompt: str
    offer_unsure: bool  # "I'm not sure" as a last option


REGION_QUESTIONS: dict[Country, RegionQuestion] = {
    Country.BOSNIA_AND_HERZEGOVINA: RegionQuestion(
        N_("Where in Bosnia and Herzegovina? Help lines differ between the entities."),
        offer_unsure=True,
    ),
    Country.UNITED_KINGDOM: RegionQuestion(
        N_("Where in the United Kingdom? Help lines differ between the nations."),
        offer_unsure=False,
    ),
}


def _region_step(country: Country, question: RegionQuestion) -> ChoiceStep:
    options = tuple(Option(r.value, REGIONS[r].button) for r in REGIONS_BY_COUNTRY[country])
    if question.offer_unsure:
        options += (Option(UNSURE_REGION, N_("I'm not sure")),)
    return ChoiceStep(id="region", prompt=question.prompt, options=options)


COUNTRY = ChoiceStep(
    id="country",
    prompt=N_("Which country are you in? This helps me show services that can help you there."),
    options=(
        *(Option(country.value, name) for country, name in COUNTRY_NAMES.items()),
        Option(Country.OTHER.value, N_("Somewhere else")),
    ),
    columns=2,
)

REGION_STEPS: dict[str, ChoiceStep] = {
    country.value: _region_step(country, question) for country, question in REGION_QUESTIONS.items()
}

SOMEONE_ELSE = "someone_else"  # the safety answer of someone reporting for another person
REPORTING_FOR_SELF = "self"  # `Draft.reporter` after any other safety answer

SAFETY = ChoiceStep(
    id="safety",
    prompt=N_("Are you safe right now?"),
    options=(
        Option("yes", N_("Yes, I'm safe right now")),
        Option("no", N_("No, I'm in danger")),
        Option("unsure", N_("I'm not sure")),
        # A friend, a mother, a teacher writing for her says so here: a survivor pays no
        # extra press for it, and the helper is asked the person's safety next.
        Option(SOMEONE_ELSE, N_("I'm reporting for someone else")),
    ),
)

# Asked of a helper only (the fourth answer to the safety question).
PERSON_SAFETY = ChoiceStep(
    id="person_safety",
    prompt=N_("Is the person you are helping safe right now?"),
    options=(
        Option("yes", N_("Yes, as far as I know")),
        Option("no", N_("No, the person is in danger")),
        Option("unsure", N_("I'm not sure")),
    ),
)

CATEGORIES = ChoiceStep(
    id="categories",
    prompt=N_(
        "What is happening? Choose everything that fits, then press Done. "
        "You can explain in your own words next."
    ),
    options=(
        Option(Category.HARASSMENT.value, N_("Insults or harassment")),
        Option(Category.SEXUAL_HARASSMENT.value, N_("Unwanted sexual messages")),
        Option(Category.THREAT.value, N_("Threats")),
        Option(Category.IMAGE_ABUSE.value, N_("Intimate images shared, threatened or faked")),
        Option(Category.SEXTORTION.value, N_("Someone demands money, images or sex")),
        Option(Category.DOXXING.value, N_("My address, phone or details were posted")),
        Option(Category.STALKING.value, N_("I'm watched, tracked, or my accounts were entered")),
        Option(Category.IMPERSONATION.value, N_("Someone pretends to be me")),
        Option(Category.HATE.value, N_("Hate because I'm a woman or LGBTQ+")),
        Option(OTHER_CATEGORY, N_("Something else")),
    ),
    multi=True,
)

RELATIONSHIP = ChoiceStep(
    id="relationship",
    prompt=N_("Who is doing this? If you don't know, that's fine."),
    options=(
        Option("partner_or_ex", N_("A partner or ex-partner")),
        Option("family", N_("Someone in my family")),
        Option("known", N_("Someone else I know")),
        Option("unknown", N_("A stranger, or I don't know")),
    ),
)

AGE = ChoiceStep(
    id="age",
    prompt=N_("Are you under 18? Some services are only for young people."),
    options=(
        Option("minor", N_("Yes, I'm under 18")),
        Option("adult", N_("No, I'm 18 or older")),
        Option("unknown", N_("I'd rather not say")),
    ),
)

IMAGES = ChoiceStep(
    id="images",
    prompt=N_(
        "Were intimate images of you shared, or has someone threatened to share them? "
        "Please don't send the images: your answer is enough."
    ),
    options=(
        Option("shared", N_("Yes, they were shared")),
        Option("threatened", N_("Someone threatened to share them")),
        Option("no", N_("No")),
        Option("skip", N_("I'd rather not say")),
    ),
)

PUBLIC_ROLE = ChoiceStep(
    id="public_role",
    prompt=N_(
        "Are you an activist, a journalist or a human-rights defender? "
        "Some services help only people in these roles."
    ),
    options=(
        Option("yes", N_("Yes")),
        Option("no", N_("No")),
    ),
)

PARTNER = ChoiceStep(
    id="partner",
    prompt="",  # her partners, each with one line: see prompts.py
    options=(),  # one per partner that fits her, by id
)

CONSENT = ChoiceStep(
    id="consent",
    prompt="",  # built with the partner's name, see prompts.py
    options=(
        Option("yes", N_("Yes, send it, they may write to me")),
        Option("quiet", N_("Yes, send it, no messages")),
        Option("no", N_("No, don't send it")),
    ),
)

# Asked only when she lets them write: whether messages on this phone are safe.
REPLIES = ChoiceStep(
    id="replies",
    prompt="",
    options=(
        Option("yes", N_("Yes, it is safe")),
        Option("no", N_("No, send it without messages")),
    ),
)

RESUME = ChoiceStep(
    id="resume",
    prompt=N_("You have a report in progress. Do you want to continue it or start again?"),
    options=(
        Option("continue", N_("Continue my report")),
        Option("restart", N_("Start again")),
    ),
)

# /forget when it would withdraw a report she sent.
FORGET = ChoiceStep(
    id="forget",
    prompt=N_(
        "This deletes everything you shared here and withdraws your report {reference}: "
        "the service will no longer be able to read it or write to you. Delete everything?"
    ),
    options=(
        Option("yes", N_("Yes, delete everything")),
        Option("no", N_("No, keep my report")),
    ),
)


# The same questions, asked of someone reporting for another person: the same ids and
# option ids (stored answers mean the same), words about "the person" instead of "you".
def _worded_for_helper(
    step: ChoiceStep, *, prompt: str | None = None, labels: dict[str, str] | None = None
) -> ChoiceStep:
    """The same question with the words that change for a helper; everything else (ids,
    the other options, the layout) is the survivor's question itself."""
    changed = labels or {}
    return ChoiceStep(
        id=step.id,
        prompt=prompt or step.prompt,
        options=tuple(Option(o.id, changed.get(o.id, o.label)) for o in step.options),
        multi=step.multi,
        columns=step.columns,
    )


CATEGORIES_FOR_SOMEONE_ELSE = _worded_for_helper(
    CATEGORIES,
    labels={
        Category.DOXXING.value: N_("The person's address, phone or details were posted"),
        Category.STALKING.value: N_("The person is watched, tracked, or accounts were entered"),
        Category.IMPERSONATION.value: N_("Someone pretends to be the person"),
        Category.HATE.value: N_("Hate because the person is a woman or LGBTQ+"),
    },
)

RELATIONSHIP_FOR_SOMEONE_ELSE = _worded_for_helper(
    RELATIONSHIP,
    prompt=N_("Who is doing this to the person? If you don't know, that's fine."),
    labels={
        "family": N_("Someone in the person's family"),
        "known": N_("Someone else the person knows"),
    },
)

AGE_FOR_SOMEONE_ELSE = _worded_for_helper(
    AGE,
    prompt=N_("Is the person under 18? Some services are only for young people."),
    labels={
        "minor": N_("Yes, under 18"),
        "adult": N_("No, 18 or older"),
        "unknown": N_("I don't know"),
    },
)

IMAGES_FOR_SOMEONE_ELSE = _worded_for_helper(
    IMAGES,
    prompt=N_(
        "Were intimate images of the person shared, or has someone threatened to share "
        "them? Please don't send the images: your answer is enough."
    ),
)

PUBLIC_ROLE_FOR_SOMEONE_ELSE = _worded_for_helper(
    PUBLIC_ROLE,
    prompt=N_(
        "Is the person an activist, a journalist or a human-rights defender? "
        "Some services help only people in these roles."
    ),
)

FOR_SOMEONE_ELSE: dict[str, ChoiceStep] = {
    step.id: step
    for step in (
        CATEGORIES_FOR_SOMEONE_ELSE,
        RELATIONSHIP_FOR_SOMEONE_ELSE,
        AGE_FOR_SOMEONE_ELSE,
        IMAGES_FOR_SOMEONE_ELSE,
        PUBLIC_ROLE_FOR_SOMEONE_ELSE,
    )
}

CHOICE_STEPS: dict[str, ChoiceStep] = {
    step.id: step
    for step in (
        COUNTRY,
        SAFETY,
        PERSON_SAFETY,
        CATEGORIES,
        RELATIONSHIP,
        AGE,
        IMAGES,
        PUBLIC_ROLE,
        PARTNER,
        CONSENT,
        REPLIES,
        RESUME,
        FORGET,
    )
}


@dataclass(frozen=True)
class Question:
    """One question of the report, in order; `asked_if` decides whether she gets it."""

    id: str
    asked_if: Callable[[ConversationState], bool] = lambda state: True


def for_someone_else(state: ConversationState) -> bool:
    """A friend, a parent, a teacher is reporting for the person (the fourth safety answer)."""
    return state.draft.for_someone_else


def choice_for(state: ConversationState, step_id: str) -> ChoiceStep:
    """The question as this reporter is asked it: about "the person" for a helper."""
    if for_someone_else(state) and step_id in FOR_SOMEONE_ELSE:
        return FOR_SOMEONE_ELSE[step_id]
    return CHOICE_STEPS[step_id]


def _country_has_regions(state: ConversationState) -> bool:
    return state.draft.country in REGION_STEPS


def results_shown(state: ConversationState) -> bool:
    """Her report was graded and routed (the services are on her screen)."""
    return state.draft.severity is not None


def _country_not_chosen(state: ConversationState) -> bool:
    """A partner's link may have chosen it (bot/flows/entry.py); once she answered it
    herself it still counts among her questions ("2 of 9")."""
    return state.draft.referred_by is None


def _a_partner_can_receive(state: ConversationState) -> bool:
    if results_shown(state):
        return state.draft.partner_id is not None
    return state.draft.partner_possible is not False  # expected, for her progress


def _several_partners(state: ConversationState) -> bool:
    return len(state.draft.partner_choices) > 1


def _public_role_matters(state: ConversationState) -> bool:
    return state.draft.public_role_matters


def _she_lets_them_write(state: ConversationState) -> bool:
    return state.draft.allow_replies is True


QUESTIONS: tuple[Question, ...] = (
    # Her Telegram language is the first guess: the language is asked on request only
    # (/language, or the button under the first question), and then she goes back.
    Question("language", asked_if=lambda state: False),
    Question("country", asked_if=_country_not_chosen),  # a partner's link may choose it
    Question("safety"),  # before the region: her emergency numbers within two presses
    # A helper's fourth answer to "safety": the person's safety next, numbers first too.
    Question("person_safety", asked_if=for_someone_else),
    Question("region", asked_if=_country_has_regions),
    Question("categories"),
    Question("narrative"),
    Question("relationship"),
    Question("age"),
    Question("images"),
    Question("public_role", asked_if=_public_role_matters),
    # her answers are graded and routed here, the results shown (RESULTS_BEFORE)
    Question("partner", asked_if=_several_partners),
    Question("consent", asked_if=_a_partner_can_receive),
    Question("replies", asked_if=_she_lets_them_write),
)
RESULTS_BEFORE = "partner"  # the results are shown as she moves past "public_role"
SUBMITTED = "done"  # after the last question: the report is sent
# Outside the order: "new" (nothing yet), "resume" (/start with a report in progress),
# "closed" (ended without sending: she declined, or no partner can receive it),
# "forget" (/forget would withdraw a report she sent: one confirmation).
AT_REST = ("new", "done", "home", "closed")  # not writing a report: her texts may go to her case


def next_step(state: ConversationState) -> str:
    """The first question after her current step that applies to her (from the first
    question when her step is outside the list), or `SUBMITTED` after the last one."""
    order = [q.id for q in QUESTIONS]
    start = order.index(state.step) + 1 if state.step in order else 0
    for question in QUESTIONS[start:]:
        if question.asked_if(state):
            return question.id
    return SUBMITTED


def comes_after_results(step: str) -> bool:
    order = [q.id for q in QUESTIONS]
    at = order.index(RESULTS_BEFORE)
    return step == SUBMITTED or (step in order and order.index(step) >= at)


UNCOUNTED = ("replies", "public_role")  # follow-ups, asked without "n of m"


def progress(state: ConversationState) -> tuple[int, int] | None:
    """Where she is among the questions that apply to her ("3 of 9"); None off the list.

    The language is not counted (her Telegram language is the first guess), nor the
    follow-up questions: the phone question after her yes to messages, and the public-role
    question, which is known to apply only after her images answer (counting it then made
    "7 of 8" jump to "8 of 9").
    """
    counted = [q.id for q in QUESTIONS[1:] if q.id not in UNCOUNTED and q.asked_if(state)]
    if state.step not in counted:
        return None
    return counted.index(state.step) + 1, len(counted)


_ORDER = tuple(q.id for q in QUESTIONS)
#: Texts and files she sends from this question on belong to her report.
COLLECTING_STEPS = _ORDER[_ORDER.index("categories") :]
