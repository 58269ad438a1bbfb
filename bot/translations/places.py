"""Where a msgid is shown, in words an administrator understands (not file names).

Also `button_msgids`: labels shown on buttons, which must fit a phone (≤ 64
characters) — shared by the catalogue tests and the editor's checks.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from functools import cache

from bot.flows.steps import CHOICE_STEPS, REGION_STEPS
from bot.i18n import P_, PORTAL_CONTEXT
from bot.routing.directory import load_directory
from bot.routing.guidance import TOPICS

DIRECTORY_LOCATION = "bot/routing/directory"
GUIDANCE_LOCATION = "bot/routing/guidance.py"
ALWAYS_BUTTONS = ("Exit", "Done", "Done, continue")


class Area(StrEnum):
    BOT = "bot"
    DIRECTORY = "directory"
    GUIDANCE = "guidance"
    PORTAL = "portal"


AREA_LABELS = {
    Area.BOT: P_("Bot messages"),
    Area.DIRECTORY: P_("Services directory"),
    Area.GUIDANCE: P_("Guidance"),
    Area.PORTAL: P_("Caseworker portal"),
}

FILE_HINTS = {
    "bot/flows/report.py": P_("Report conversation"),
    "bot/flows/prompts.py": P_("Report conversation"),
    "bot/flows/answers.py": P_("Report conversation"),
    "bot/flows/collect.py": P_("Report conversation"),
    "bot/flows/results.py": P_("Report conversation"),
    "bot/flows/steps.py": P_("Report questions and their buttons"),
    "bot/routing/presentation.py": P_("List of services shown at the end"),
    "bot/routing/reasons.py": P_("Why a service is suggested"),
    "bot/routing/guidance.py": P_("Guidance topics"),
    "bot/routing/directory": P_("Services directory data"),
    "bot/flows/notices.py": P_("Status, caseworker messages, transfer questions and errors"),
    "bot/flows/commands.py": P_("Telegram command menu"),
    "bot/domain/places.py": P_("Names of countries and regions"),
}
PORTAL_FILES = "bot/web/"
# Where in the portal a template's texts appear, in an administrator's words.
PORTAL_PAGE_HINTS = {
    "base.html": P_("Portal: header, menu and messages on every page"),
    "login.html": P_("Portal: sign-in page"),
    "inbox.html": P_("Portal: inbox"),
    "case.html": P_("Portal: case page"),
    "error.html": P_("Portal: error page"),
    "account_password.html": P_("Portal: password page"),
    "account_totp.html": P_("Portal: authenticator app set-up"),
    "account_language.html": P_("Portal: language page"),
    "admin_stats.html": P_("Portal: statistics"),
    "admin_accounts.html": P_("Portal: accounts"),
    "admin_remove_member.html": P_("Portal: removing a member"),
    "admin_services.html": P_("Portal: services and keys"),
    "admin_activity.html": P_("Portal: activity log"),
    "admin_directory.html": P_("Portal: services directory page"),
}
PORTAL_FILE_HINTS = {
    "bot/web/case_pdf.py": P_("Portal: case summary (PDF)"),
    "bot/web/inbox_csv.py": P_("Portal: inbox download (CSV)"),
    "bot/web/wording.py": P_("Portal: words for statuses, categories and answers"),
}


def button_msgids() -> set[str]:
    """Every msgid shown on a button: option labels, guidance titles, Exit/Done."""
    labels = set(ALWAYS_BUTTONS)
    for step in [*CHOICE_STEPS.values(), *REGION_STEPS.values()]:
        labels.update(option.label for option in step.options)
    labels.update(topic.title for topic in TOPICS.values())
    return labels


def area_of(locations: list[tuple[str, int | None]], context: str = "") -> Area:
    files = {path for path, _line in locations}
    if context == PORTAL_CONTEXT:
        return Area.PORTAL
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


def describe(msgid: str, locations: list[tuple[str, int | None]], context: str = "") -> list[str]:
    """Screen hints first, then the parts of the bot named by its files.

    A portal text is described by its page: it is never on the survivor's screens,
    even where the same English words are.
    """
    if context == PORTAL_CONTEXT:
        return _portal_hints(locations)
    found = list(screen_hints().get(msgid, ()))
    for path, _line in locations:
        hint = FILE_HINTS.get(path)
        if hint and hint not in found:
            found.append(hint)
    return found


def _portal_hints(locations: list[tuple[str, int | None]]) -> list[str]:
    found: list[str] = []
    for path, _line in locations:
        name = path.rsplit("/", 1)[-1]
        hint = PORTAL_FILE_HINTS.get(path) or PORTAL_PAGE_HINTS.get(name)
        if hint is None and name.startswith(("translations", "_translations")):
            hint = P_("Portal: translation editor")
        if hint is None and path.startswith(PORTAL_FILES + "routes/admin"):
            hint = P_("Portal: administration")
        hint = hint or P_("Caseworker portal")
        if hint not in found:
            found.append(hint)
    return found
