"""The services directory: data files with sources, loaded and validated at start.

`load_directory()` reads every `*.yaml` file in this folder (or another one),
validates it against `schema.py` and returns a `Directory`. Nothing is cached
here: the caller (the bot factory, a test fixture) keeps the instance, so
tests can load their own files and administrators' edits can be reloaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bot.domain import (
    REGIONS_BY_COUNTRY,
    Confidence,
    ContactChannel,
    Country,
    Region,
    Service,
    ServiceType,
)
from bot.routing.directory.schema import (
    DirectoryFileModel,
    EntryModel,
    GapModel,
    Tag,
)

__all__ = [
    "COUNTRY_FILES",
    "Directory",
    "DirectoryError",
    "EntryModel",
    "GapModel",
    "Tag",
    "default_directory_dir",
    "load_directory",
    "load_directory_file",
    "lowest_confidence",
]

COUNTRY_FILES: dict[str, str] = {
    "albania.yaml": "al",
    "bosnia_herzegovina.yaml": "ba",
    "kosovo.yaml": "xk",
    "montenegro.yaml": "me",
    "north_macedonia.yaml": "mk",
    "serbia.yaml": "rs",
    "united_kingdom.yaml": "gb",
    "international.yaml": "int",
}


class DirectoryError(ValueError):
    """A directory file is missing, malformed or inconsistent."""


def default_directory_dir() -> Path:
    return Path(__file__).resolve().parent


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def load_directory_file(path: Path) -> DirectoryFileModel:
    """Parse and validate one file (JSON-mode strict validation, see schema.py)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        model = DirectoryFileModel.model_validate_json(json.dumps(raw, default=_json_default))
    except Exception as exc:  # re-raised with the file name, for the administrator
        raise DirectoryError(f"{path.name}: {exc}") from exc
    expected = COUNTRY_FILES.get(path.name)
    if expected is not None and model.scope != expected:
        raise DirectoryError(f"{path.name}: scope must be {expected!r}, not {model.scope!r}")
    return model


EMERGENCY_TYPES = (ServiceType.EMERGENCY, ServiceType.POLICE)


def _emergency_numbers(file: DirectoryFileModel) -> frozenset[str]:
    """The phone numbers of a country's emergency and police entries."""
    return frozenset(
        c.value
        for entry in file.services
        if entry.type in EMERGENCY_TYPES
        for c in entry.contacts
        if c.kind == "phone"
    )


def _to_service(entry: EntryModel, country: Country | None, emergency: frozenset[str]) -> Service:
    return Service(
        id=entry.id,
        country=country,
        type=entry.type,
        name_en=entry.name_en,
        name_local=MappingProxyType(dict(entry.name_local)),
        contacts=tuple(
            ContactChannel(
                kind=c.kind,
                value=c.value,
                note=c.note,
                confidence=c.confidence,
                emergency_number=c.kind == "phone" and c.value in emergency,
            )
            for c in entry.contacts
        ),
        source=entry.source,
        checked=entry.checked,
        confidence=entry.confidence,
        regions=tuple(entry.regions),
        categories=tuple(entry.categories),
        ages=tuple(entry.ages),
        free=entry.free,
        h24=entry.h24,
        hours=entry.hours or "",
        languages=tuple(entry.languages),
        description_en=entry.description_en,
        anonymous=entry.anonymous,
    )


class Directory:
    """All services, in file order, with the lookups routing and the admin need."""

    def __init__(self, files: Iterable[DirectoryFileModel]) -> None:
        self._services: dict[str, Service] = {}
        self._entries: dict[str, EntryModel] = {}
        self._gaps: dict[Country | None, tuple[GapModel, ...]] = {}
        for file in files:
            self._gaps[file.country] = self._gaps.get(file.country, ()) + tuple(file.gaps)
            emergency = _emergency_numbers(file)
            for entry in file.services:
                if entry.id in self._services:
                    raise DirectoryError(f"duplicate service id {entry.id}")
                self._services[entry.id] = _to_service(entry, file.country, emergency)
                self._entries[entry.id] = entry

    def __iter__(self) -> Iterator[Service]:
        return iter(self._services.values())

    def __len__(self) -> int:
        return len(self._services)

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._services

    def get(self, service_id: str) -> Service:
        return self._services[service_id]

    def entry(self, service_id: str) -> EntryModel:
        """The validated data entry, with tags and research notes (for administrators)."""
        return self._entries[service_id]

    def tags(self, service_id: str) -> frozenset[Tag]:
        return frozenset(self._entries[service_id].tags)

    def by_country(self, country: Country | None) -> tuple[Service, ...]:
        """Every service of a country; `None` gives the international ones."""
        return tuple(s for s in self if s.country == country)

    def international(self) -> tuple[Service, ...]:
        return self.by_country(None)

    def by_region(self, region: Region) -> tuple[Service, ...]:
        """Services that name this region (not the nationwide ones)."""
        return tuple(s for s in self if region in s.regions)

    def for_place(self, country: Country, region: Region | None) -> tuple[Service, ...]:
        """Services that serve someone there: nationwide ones plus those of her region.

        With no region known, the regional services of every region are included
        (each labelled with its region when shown): hiding them would hide help.
        """
        if region is not None and region not in REGIONS_BY_COUNTRY.get(country, ()):
            raise ValueError(f"region {region.value} is not in {country.value}")
        return tuple(
            s
            for s in self.by_country(country)
            if not s.regions or region is None or region in s.regions
        )

    def by_type(
        self, service_type: ServiceType, *, country: Country | None = None
    ) -> tuple[Service, ...]:
        return tuple(
            s for s in self if s.type is service_type and (country is None or s.country == country)
        )

    def with_tag(self, tag: Tag) -> tuple[Service, ...]:
        return tuple(s for s in self if tag in self._entries[s.id].tags)

    def needs_verification(self) -> tuple[Service, ...]:
        """Entries below high confidence, or with a channel below high: the admin's queue.

        Low before medium (a low entry is hidden from survivors until someone checks
        it), then in file order.
        """
        queue = [s for s in self if not s.verified or any(not c.verified for c in s.contacts)]
        return tuple(sorted(queue, key=lambda s: lowest_confidence(s) is not Confidence.LOW))

    def gaps(self, country: Country | None = None) -> tuple[GapModel, ...]:
        """What the research looked for and did not find; `None` gives the international."""
        return self._gaps.get(country, ())

    def translatable_texts(self) -> frozenset[str]:
        """Survivor-visible free text from the data files, for the catalogue extractor.

        Names are proper names and are not translated; hours, descriptions and
        contact notes are shown through `Translator.gettext` and need msgids.
        """
        texts: set[str] = set()
        for service in self:
            texts.update(t for t in (service.hours, service.description_en) if t)
            for contact in service.contacts:
                texts.update(t for t in (contact.note,) if t)
                if contact.kind == "in_person":
                    texts.add(contact.value)
        return frozenset(texts)


def lowest_confidence(service: Service) -> Confidence:
    """The lowest confidence of a service and its channels."""
    levels = [service.confidence, *(c.confidence for c in service.contacts if c.confidence)]
    order = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
    return min(levels, key=order.index)


def load_directory(path: Path | None = None) -> Directory:
    """Load and validate every directory file in `path` (default: the shipped data)."""
    folder = path or default_directory_dir()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DirectoryError(f"no directory files in {folder}")
    return Directory(load_directory_file(f) for f in files)
