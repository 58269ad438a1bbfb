"""The portal's health check, used by the load balancer and docker-compose."""

from __future__ import annotations

from fastapi import FastAPI

from bot.app import Application
from tests.helpers.portal import client


async def test_health_answers_when_the_database_does(portal: FastAPI, app: Application) -> None:
    async with client(portal) as http:
        response = await http.get("/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True}


async def test_health_fails_when_the_database_is_gone(portal: FastAPI, app: Application) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    app.engine = create_async_engine("postgresql+asyncpg://nobody:x@127.0.0.1:1/none")
    async with client(portal) as http:
        response = await http.get("/healthz")
    assert response.status_code == 503
