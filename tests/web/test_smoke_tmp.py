from fastapi import FastAPI

from bot.app import Application
from tests.helpers.portal import NARRATIVE, caseworker, client, csrf_of, login, submit_report


async def test_smoke(app: Application, portal: FastAPI, delivery_key: None) -> None:
    worker = await caseworker(app, email="a@x.org", services=["demo-rs"])
    case = await submit_report(app, user_id=111)
    async with client(portal) as http:
        r = await login(http, worker)
        assert r.status_code == 303, r.text
        r = await http.get("/inbox")
        assert case.reference in r.text, r.text
        r = await http.get("/cases/{}".format(case.id))
        assert NARRATIVE in r.text, r.text
        csrf = csrf_of(r.text)
        r = await http.post("/cases/{}/reply".format(case.id), data={"csrf": csrf, "body": "Hello"})
        assert r.status_code == 303, r.text
        r = await http.post("/cases/{}/note".format(case.id), data={"csrf": csrf, "body": "N1"})
        assert r.status_code == 303, r.text
        r = await http.post("/cases/{}/take".format(case.id), data={"csrf": csrf})
        r = await http.get("/cases/{}".format(case.id))
        assert "Hello" in r.text and "N1" in r.text
