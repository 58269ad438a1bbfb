"""Where a msgid is shown, in words an administrator understands (not file names).

Also `button_msgids`: labels shown on buttons, which must fit a phone (≤ 64
characters) — shared by the catalogue tests and the editor's checks.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from functools import cache

from bot.flows.steps import CHOICE_STEPS, REGION_STEPS
from bot.routing.directory import load_directory
from bot.routing.guidance import TOPICS

DIRECTORY_LOCATION = "bot/routing/directory"
GUIDANCE_LOCATION = "bot/routing/guidance.py"
ALWAYS_BUTTONS = ("Exit", "Done", "Done, continue")


class Area(StrEnum):
    BOT = "bot"
    DIRECTORY = "directory"
    GUIDANCE = "guidance"


AREA_LABELS = {
    Area.BOT: "Bot messages",
    Area.DIRECTORY: "Services directory",
    Area.GUIDANCE: "Guidance",
}

FILE_HINTS = {
    "bot/flows/report.py": "Report conversation",
    "bot/flows/prompts.py": "Report conversation",
    "bot/flows/answers.py": "Report conversation",
    "bot/flows/collect.py": "Report conversation",
    "bot/flows/results.py": "Report conversation",
    "bot/flows/steps.py": "Report questions and their buttons",
    "bot/routing/presentation.py": "List of services shown at the end",
    "bot/routing/reasons.py": "Why a service is suggested",
    "bot/routing/guidance.py": "Guidance topics",
    "bot/routing/directory": "Services directory data",
    "bot/flows/notices.py": "Status, caseworker messages, transfer questions and errors",
    "bot/flows/commands.py": "Telegram command menu",
    "bot/domain/places.py": "Names of countries and regions",
}


def button_msgids() -> set[str]:
    """Every msgid shown on a button: option labels, guidance titles, Exit/Done."""
    labels = set(ALWAYS_BUTTONS)
    for step in [*CHOICE_STEPS.values(), *REGION_STEPS.values()]:
        labels.update(option.label for option in step.options)
    labels.update(topic.title for topic in TOPICS.values())
    return labels


def area_of(locations: list[tuple[str, int | None]]) -> Area:
    files = {path for path, _line in locations}
    if DIRECTORY_LOCATION in files:
        return Area.DIRECTORY
    if GUIDANCE_LOCATION in files and len(files) == 1:
        return Area.GUIDANCE
    return Area.BOT


@cache
def screen_hints() -> dict[str, tuple[str, ...]]:
    """msgid -> plain descriptions of the screens that show it."""
    hints: dict[str, list[str]] = defaultdict(list)
    hints["Exit"].append("The Exit button under every message")
    for step in [*CHOICE_STEPS.values(), *REGION_STEPS.values()]:
        if step.prompt:
            hints[step.prompt].append("Question “{}”".format(step.id))
        for option in step.options:
            hints[option.label].append("Button on question “{}”".format(step.id))
    for topic in TOPICS.values():
        hints[topic.title].append("Guidance “{}”: title and button".format(topic.id))
        hints[topic.body].append("Guidance “{}”: text".format(topic.id))
    for service in load_directory():
        name = service.name_en
        for text, what in (
            (service.hours, "opening hours"),
            (service.description_en, "description"),
        ):
            if text:
                hints[text].append("Service “{}”: {}".format(name, what))
        for contact in service.contacts:
            if contact.note:
                hints[contact.note].append("Service “{}”: contact note".format(name))
            if contact.kind == "in_person":
                hints[contact.value].append("Service “{}”: address".format(name))
    return {msgid: tuple(dict.fromkeys(found)) for msgid, found in hints.items()}


def describe(msgid: str, locations: list[tuple[str, int | None]]) -> list[str]:
    """Screen hints first, then the parts of the bot named by its files."""
    found = list(screen_hints().get(msgid, ()))
    for path, _line in locations:
        hint = FILE_HINTS.get(path)
        if hint and hint not in found:
            found.append(hint)
    return found
