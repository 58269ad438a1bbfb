"""Shared fixtures: settings, a fresh database per test (SQLite and PostgreSQL), the app.

Network access is refused by pytest-socket except for loopback (see pyproject's
addopts), so no test can reach the internet or real Telegram.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Application, build_application
from bot.settings import Environment, Settings
from classifiers.rules.classifier import RulesClassifier
from tests.helpers.databases import fresh_database
from tests.helpers.leftover_tasks import stop_leftover_tasks

TEST_SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"


def pytest_configure(config: pytest.Config) -> None:
    # Fail loudly if the offline guard is missing: every test must stay on loopback.
    assert config.pluginmanager.hasplugin("socket"), "pytest-socket is required"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=database_url,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        classifier="rules",
        # Tests drive conversations faster than a person; pacing has its own tests.
        send_chat_burst=1000,
        send_chat_rate=1000.0,
        send_overall_rate=100000,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Application]:
    application = await build_application(settings, classifier=RulesClassifier())
    yield application
    await application.close()


LEFTOVER_TASKS = "leftover_tasks_stopped"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every async test tears down, last of all, the tasks it left (see the fixture)."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or LEFTOVER_TASKS in names:
            continue
        if inspect.iscoroutinefunction(getattr(item, "function", None)):
            names.insert(0, LEFTOVER_TASKS)  # set up first, so torn down last


@pytest.fixture(name=LEFTOVER_TASKS)
async def leftover_tasks_stopped() -> AsyncIterator[None]:
    yield
    await stop_leftover_tasks()
