"""The portal's directory page (confidence, the queue to verify) and the case page's place,
language and services by name."""

from __future__ import annotations

import html
import itertools
import re

from fastapi import FastAPI

from bot.app import Application
from bot.storage.models import Case
from bot.storage.repositories.cases import find_case_by_reference
from bot.web.case_view import service_names
from tests.helpers.portal import caseworker, client, login
from tests.helpers.transcript import event_from

_updates = itertools.count(70_000)


def _rows(page: str, table_class: str) -> list[str]:
    table = page.split('<table class="{}">'.format(table_class), 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr id=\"q-([a-z0-9-]+)\">", table)


async def test_admin_sees_the_queue_to_verify_lowest_first(
    app: Application, portal: FastAPI
) -> None:
    admin = await caseworker(app, email="admin@x.org", services=[], admin=True)
    async with client(portal) as http:
        await login(http, admin)
        response = await http.get("/admin/directory")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert '<a href="/admin/directory"' in response.text  # in the admin navigation
    queue = _rows(response.text, "queue")
    directory = app.routing.directory
    assert queue == [s.id for s in directory.needs_verification()]
    assert queue[0:3] == [
        "int-revenge-porn-helpline",
        "int-google-intimate-images",
        "rs-vtk-prosecution",
    ]
    assert "gb-ceop" not in queue and "rs-sos-0800222003" not in queue
    # One low entry, with its source, the date it was checked and what the check found.
    row = page.split('<tr id="q-rs-vtk-prosecution">', 1)[1].split("</tr>", 1)[0]
    assert "Low" in row and "Not shown to survivors" in row
    assert "acfe.rs (n.d.); upravusi.rs (n.d.)" in row
    assert "29 Nov 2026" in row  # the date it was checked, as the viewer's locale writes it
    assert "Contradicted, lowered to low" in row
    # Medium entries: shown to her marked; an emergency number: never marked.
    police = page.split('<tr id="q-ba-police-122">', 1)[1].split("</tr>", 1)[0]
    assert "Medium" in police and "Shown, never marked" in police
    sos = page.split('<tr id="q-ba-rs-sos-1264">', 1)[1].split("</tr>", 1)[0]
    assert "Shown, marked “(not yet verified)”" in sos
    helpline = page.split('<tr id="q-ba-sigurnodijete">', 1)[1].split("</tr>", 1)[0]
    assert "080 022 323: Medium" in helpline and "beside 080 022 323" in helpline
    rph = page.split('<tr id="q-int-revenge-porn-helpline">', 1)[1].split("</tr>", 1)[0]
    assert "not shown: help@revengepornhelpline.org.uk" in rph
    # What is not known yet, said plainly; every entry's confidence below.
    assert "No Kosovo child helpline known" in page
    assert "No crisis or suicide line known for North Macedonia" in page
    assert page.count('class="tag conf-') == len(directory) + len(queue)


async def test_the_directory_page_is_for_administrators_only(
    app: Application, portal: FastAPI
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    async with client(portal) as http:
        assert (await http.get("/admin/directory")).status_code == 303  # sign in first
        await login(http, worker)
        assert (await http.get("/admin/directory")).status_code == 403


DANGER_REPORT = [
    {"command": "start"},
    {"press": "lang"},
    {"press": "language:sr"},
    {"press": "country:ba"},
    {"press": "safety:no"},
    {"press": "region:ba_rs"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"text": "Бивши ми прети да ће доћи."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
    {"press": "consent:quiet"},
]


async def _submit(app: Application, user_id: int) -> Case:
    reference = None
    for step in DANGER_REPORT:
        outcome = await app.conversations.handle(
            update_id=next(_updates),
            telegram_user_id=user_id,
            chat_id=user_id,
            event=event_from(step),
        )
        reference = outcome.case_reference or reference
    assert reference, "the report was not submitted"
    async with app.sessionmaker() as session:
        case = await find_case_by_reference(session=session, reference=reference)
    assert case is not None
    return case


async def test_case_page_shows_her_language_place_and_services_by_name(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="w@demo-ba-rs.org", services=["demo-ba-rs"])
    case = await _submit(app, 4401)
    assert case.partner_service_id == "demo-ba-rs"
    async with client(portal) as http:
        await login(http, worker)
        page = html.unescape((await http.get("/cases/{}".format(case.id))).text)
    assert "Bosnia and Herzegovina (Republika Srpska)" in page
    assert "BA" not in re.findall(r"<span>([A-Z]{2})", page)
    assert "Her language: Serbian (Cyrillic) – Српски" in page
    shown = page.split("<dt>Services she was shown</dt>", 1)[1].split("</dd>", 1)[0]
    names = re.findall(r"<li>(.*?)</li>", shown)
    # The police were shown twice (to call now, and to report to): one line, by name.
    assert names.count("Police 122") == 1
    assert "SOS line of Republika Srpska" in names
    assert len(names) == len(set(names))
    assert not any(re.fullmatch(r"[a-z]{2}-[a-z0-9-]+", n) for n in names)  # no bare ids


def test_service_names_keep_order_and_drop_repeats(app: Application) -> None:
    directory = app.routing.directory
    ids = ["rs-police-192", "rs-ambulance-194", "rs-sos-0800222003", "rs-police-192", "gone"]
    assert service_names(ids, directory) == [
        "Police 192",
        "Ambulance 194",
        "National SOS line for women who have experienced violence",
        "gone",
    ]
