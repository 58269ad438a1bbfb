"""The report flow's questions as data: stable step and option ids, source texts.

Option labels are msgids (translated where shown); ids go into callback data
and storage and never change when a translation does.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Category, Country, Region
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


EXIT_DATA = "x"
DONE_OPTION = "done"
OTHER_CATEGORY = "other"

COUNTRY = ChoiceStep(
    id="country",
    prompt=N_("Which country are you in? This helps me show services that can help you there."),
    options=(
        Option(Country.ALBANIA.value, N_("Albania")),
        Option(Country.BOSNIA_AND_HERZEGOVINA.value, N_("Bosnia and Herzegovina")),
        Option(Country.KOSOVO.value, N_("Kosovo")),
        Option(Country.MONTENEGRO.value, N_("Montenegro")),
        Option(Country.NORTH_MACEDONIA.value, N_("North Macedonia")),
        Option(Country.SERBIA.value, N_("Serbia")),
        Option(Country.UNITED_KINGDOM.value, N_("United Kingdom")),
        Option(Country.OTHER.value, N_("Somewhere else")),
    ),
    columns=2,
)

REGION_BA = ChoiceStep(
    id="region",
    prompt=N_("Where in Bosnia and Herzegovina? Help lines differ between the entities."),
    options=(
        Option(Region.FEDERATION_BIH.value, N_("Federation of BiH")),
        Option(Region.REPUBLIKA_SRPSKA.value, N_("Republika Srpska")),
        Option(Region.BRCKO.value, N_("Brčko District")),
        Option("unsure", N_("I'm not sure")),
    ),
)

REGION_GB = ChoiceStep(
    id="region",
    prompt=N_("Where in the United Kingdom? Help lines differ between the nations."),
    options=(
        Option(Region.ENGLAND.value, N_("England")),
        Option(Region.WALES.value, N_("Wales")),
        Option(Region.SCOTLAND.value, N_("Scotland")),
        Option(Region.NORTHERN_IRELAND.value, N_("Northern Ireland")),
    ),
)

REGION_STEPS = {
    Country.BOSNIA_AND_HERZEGOVINA.value: REGION_BA,
    Country.UNITED_KINGDOM.value: REGION_GB,
}

SAFETY = ChoiceStep(
    id="safety",
    prompt=N_("Are you safe right now?"),
    options=(
        Option("yes", N_("Yes, I'm safe right now")),
        Option("no", N_("No, I'm in danger")),
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

CONSENT = ChoiceStep(
    id="consent",
    prompt="",  # built with the partner's name, see report.py
    options=(
        Option("yes", N_("Yes, send my report")),
        Option("no", N_("No, don't send it")),
    ),
)

REPLIES = ChoiceStep(
    id="replies",
    prompt="",
    options=(
        Option("yes", N_("Yes, they may reply here")),
        Option("no", N_("No replies, thank you")),
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

CHOICE_STEPS: dict[str, ChoiceStep] = {
    step.id: step
    for step in (COUNTRY, SAFETY, CATEGORIES, RELATIONSHIP, AGE, IMAGES, CONSENT, REPLIES, RESUME)
}

# Steps after which texts and files she sends belong to the report.
COLLECTING_STEPS = (
    "categories",
    "narrative",
    "relationship",
    "age",
    "images",
    "consent",
    "replies",
)
