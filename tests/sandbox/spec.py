"""The published Bot API (10.1, as JSON) and a checker that holds JSON values to its types.

The file is `shared/reference/telegram-bot-api-10.1.min.json` (from the MIT-licensed
telegram-bot-api-spec project): methods with their parameters and return types, types
with their fields. The checker answers with a list of problems, each with its path, so
a failing test says exactly which field drifted from Telegram.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_ENV = "SAFE_REPORT_BOT_API_SPEC"
SPEC_NAME = "telegram-bot-api-10.1.min.json"
SPEC_CANDIDATES = (
    Path(__file__).resolve().parents[3] / "shared" / "reference" / SPEC_NAME,
    Path("/work/shared/reference") / SPEC_NAME,
)

_ENUM_PHRASE = re.compile(
    r"\b(always|can be either|can be one of|currently, can be|currently one of|one of)\b", re.I
)
_QUOTED = re.compile(r'"([^"]+)"')


def spec_path() -> Path | None:
    """Where the spec is on this machine: $SAFE_REPORT_BOT_API_SPEC, else beside the repo."""
    named = os.environ.get(SPEC_ENV)
    candidates = (Path(named),) if named else SPEC_CANDIDATES
    return next((path for path in candidates if path.is_file()), None)


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool
    allowed: frozenset[str] | None  # String values the description allows, when it lists them


def _allowed_values(types: tuple[str, ...], description: str) -> frozenset[str] | None:
    """'always "kicked"', 'can be either "private", "group" ...': the values a String may take."""
    if types != ("String",):
        return None
    match = _ENUM_PHRASE.search(description)
    if match is None:
        return None
    sentence = re.split(r"\.\s", description[match.end() :], maxsplit=1)[0]
    values = _QUOTED.findall(sentence)
    return frozenset(values) if values else None


class Spec:
    """Methods and types of the Bot API, looked up by their exact names."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.methods: dict[str, dict[str, Any]] = data["methods"]
        self.types: dict[str, dict[str, Any]] = data["types"]
        self._by_lower = {name.lower(): name for name in self.methods}

    def method_name(self, name: str) -> str | None:
        """The spec's spelling of a method (Telegram looks methods up case-insensitively)."""
        return self._by_lower.get(name.lower())

    def parameters(self, method: str) -> list[Field]:
        return [self._field(raw) for raw in self.methods[method].get("fields", [])]

    def required_parameters(self, method: str) -> list[str]:
        return [field.name for field in self.parameters(method) if field.required]

    def returns(self, method: str) -> tuple[str, ...]:
        return tuple(self.methods[method]["returns"])

    def fields(self, type_name: str) -> dict[str, Field]:
        return {raw["name"]: self._field(raw) for raw in self.types[type_name].get("fields", [])}

    @staticmethod
    def _field(raw: dict[str, Any]) -> Field:
        types = tuple(raw["types"])
        allowed = _allowed_values(types, raw.get("description", ""))
        return Field(raw["name"], types, bool(raw["required"]), allowed)

    # -- checking values -----------------------------------------------------------------

    def check(self, value: Any, types: tuple[str, ...] | str, path: str = "result") -> list[str]:
        """Problems with `value` as one of `types` (an empty list: it conforms)."""
        options = (types,) if isinstance(types, str) else types
        attempts = [self._check_one(value, kind, path) for kind in options]
        if any(not problems for problems in attempts):
            return []
        return min(attempts, key=len)

    def _check_one(self, value: Any, kind: str, path: str) -> list[str]:
        if kind.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{path}: expected {kind}, got {type(value).__name__}"]
            inner = kind.removeprefix("Array of ")
            return [
                p for i, item in enumerate(value) for p in self.check(item, inner, f"{path}[{i}]")
            ]
        primitive = _PRIMITIVES.get(kind)
        if primitive is not None:
            return [] if primitive(value) else [f"{path}: expected {kind}, got {value!r}"]
        if kind not in self.types:
            return [f"{path}: the spec has no type {kind}"]
        subtypes = self.types[kind].get("subtypes")
        if subtypes:
            return self.check(value, tuple(subtypes), path)
        return self.check_object(value, kind, path)

    def check_object(self, value: Any, type_name: str, path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path}: expected a {type_name} object, got {type(value).__name__}"]
        fields = self.fields(type_name)
        problems = [
            f"{path}.{key}: {type_name} has no such field" for key in value if key not in fields
        ]
        for name, field in fields.items():
            if name not in value:
                if field.required:
                    problems.append(f"{path}.{name}: required in {type_name}, missing")
                continue
            problems += self.check(value[name], field.types, f"{path}.{name}")
            if field.allowed is not None and value[name] not in field.allowed:
                problems.append(
                    f"{path}.{name}: {value[name]!r} is not one of {sorted(field.allowed)}"
                )
        return problems


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PRIMITIVES = {
    "Integer": _is_int,
    "Float": lambda v: _is_int(v) or isinstance(v, float),
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
}


@cache
def load_spec(path: Path) -> Spec:
    return Spec(json.loads(path.read_text(encoding="utf-8")))
