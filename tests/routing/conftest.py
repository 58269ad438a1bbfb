"""Fixtures for the routing tests: the shipped directory, demo partners, a translator."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.domain import AgeGroup, Category, Country, Region, Relationship, RoutingInput, Severity
from bot.i18n import Translator
from bot.routing.directory import Directory, load_directory
from bot.routing.partners import PartnerService, demo_partners_path, load_partners

REFERENCE_DIRS = (
    Path(__file__).resolve().parents[3] / "shared" / "reference",
    Path("/work/shared/reference"),
)


@pytest.fixture(scope="session")
def directory() -> Directory:
    return load_directory()


@pytest.fixture(scope="session")
def partners() -> tuple[PartnerService, ...]:
    return load_partners(demo_partners_path())


@pytest.fixture(scope="session")
def t() -> Translator:
    return Translator("en", gettext.NullTranslations())


def _reference(name: str) -> str:
    for folder in REFERENCE_DIRS:
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    pytest.skip("shared/reference/{} is not available here".format(name))


@pytest.fixture(scope="session")
def research_text() -> str:
    """The research and its verification, where this checkout can see them."""
    return _reference("services-research.yaml") + "\n" + _reference("services-verification.yaml")


@pytest.fixture(scope="session")
def verification() -> dict[str, Any]:
    """shared/reference/services-verification.yaml, parsed."""
    import yaml

    data: dict[str, Any] = yaml.safe_load(_reference("services-verification.yaml"))
    return data


def make_input(
    country: Country = Country.ALBANIA,
    region: Region | None = None,
    categories: frozenset[Category] | set[Category] | tuple[Category, ...] = (),
    severity: Severity = Severity.MEDIUM,
    age: AgeGroup = AgeGroup.ADULT,
    relationship: Relationship | None = None,
    in_danger: bool = False,
    for_someone_else: bool = False,
) -> RoutingInput:
    return RoutingInput(
        country=country,
        region=region,
        categories=frozenset(categories),
        severity=severity,
        age=age,
        relationship=relationship,
        in_danger=in_danger,
        for_someone_else=for_someone_else,
    )


@pytest.fixture
def inp() -> Callable[..., RoutingInput]:
    return make_input


@pytest.fixture
def write_directory(tmp_path: Path) -> Callable[[str, dict[str, Any]], Path]:
    """Write one YAML directory file into a fresh folder and return the folder."""
    import yaml

    def write(name: str, data: dict[str, Any]) -> Path:
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return tmp_path

    return write
