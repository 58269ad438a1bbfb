"""DESIGN.md's layers hold: imports point down, and no module imports itself in a circle.

Every import counts, wherever it stands: at the top, inside a function, or under
`if TYPE_CHECKING:` (a circle hidden that way is still a circle in the design).
The packages are read with `ast`, never imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "classifiers")
SKIPPED = ("bot/storage/migrations/versions",)  # Alembic's generated revisions
# bot/__init__.py only names the project; test_the_project_root_imports_nothing keeps it so.

# The arrows of DESIGN.md's diagram (an arrow is an import), and where the parts it
# does not draw stand: each part may import what its arrows reach, directly or through
# other parts, and nothing else of the project.
ARROWS: dict[str, tuple[str, ...]] = {
    "bot.cli": ("bot.cli_keys", "bot.sandbox", "bot.app"),
    "bot.cli_keys": ("bot.app",),  # the `safe-report keys …` commands, part of the CLI
    "bot.sandbox": ("bot.app",),  # a local Telegram that runs the app: an entry point
    "bot.app": ("bot.telegram", "bot.web"),
    "bot.telegram": ("bot.services",),
    "bot.web": ("bot.services",),
    "bot.services": ("bot.translations", "bot.flows", "bot.routing", "classifiers", "bot.storage"),
    # The translation editor's rules: they read the questions and the directory's texts.
    "bot.translations": ("bot.i18n_tools", "bot.flows", "bot.routing", "bot.storage"),
    "bot.i18n_tools": ("bot.routing",),  # catalogue tooling: extracts the directory's texts
    "bot.flows": ("bot.domain",),
    "bot.routing": ("bot.domain",),
    "classifiers": ("bot.domain",),
    "bot.storage": ("bot.domain",),
    "bot.domain": (),
}
# Small modules every part above the domain may use; they import only the domain.
# (bot.metrics, bot.json_logs and bot.secret_files are the deployment's; bot.tasks stops
# background loops for certain.)
SUPPORT = (
    "bot.i18n",
    "bot.settings",
    "bot.transliterate",
    "bot.metrics",
    "bot.json_logs",
    "bot.secret_files",
    "bot.tasks",
)
# Libraries that belong to the transports alone (DESIGN: "No aiogram or
# python-telegram-bot import" below them).
TRANSPORT_LIBRARIES = ("aiogram", "telegram")
TRANSPORT_PARTS = ("bot.telegram", "bot.sandbox")
# DESIGN: "no service takes the Application" (it is built by bot.app for those above).
APPLICATION = "bot.services.application"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (or package)
    path: Path
    line: int

    def where(self) -> str:
        return "{}:{}".format(self.path.relative_to(ROOT), self.line)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(SKIPPED) and relative != "bot/__init__.py":
                found[_module_name(path)] = path
    return found


def _resolve(name: str) -> str | None:
    """The project module `name` is, or the closest package holding it."""
    modules = project_modules()
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _absolute(node: ast.ImportFrom, source: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    drop = node.level - 1 if is_package else node.level
    base = base[: len(base) - drop]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(source: str, path: Path) -> Iterator[Import]:
    """Every import in the file, at any depth of the tree (functions, TYPE_CHECKING, …)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(source, alias.name, path, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, source, path.name == "__init__.py")
            for alias in node.names:
                # `from bot.services import keys` imports the module bot.services.keys.
                candidate = "{}.{}".format(module, alias.name)
                target = candidate if candidate in project_modules() else module
                yield Import(source, target, path, node.lineno)


@cache
def all_imports() -> tuple[Import, ...]:
    return tuple(
        found for name, path in project_modules().items() for found in imports_of(name, path)
    )


def part_of(module: str) -> str:
    """The layer a module belongs to: the longest name in ARROWS or SUPPORT it starts with."""
    names = sorted((*ARROWS, *SUPPORT), key=len, reverse=True)
    for name in names:
        if module == name or module.startswith(name + "."):
            return name
    raise AssertionError("{} stands nowhere in the layers: place it in ARROWS".format(module))


@cache
def reachable(part: str) -> frozenset[str]:
    """The parts `part` may import: what its arrows reach, and the support modules."""
    seen: set[str] = set()
    todo = list(ARROWS.get(part, ()))
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(ARROWS.get(current, ()))
    if part in SUPPORT:
        return frozenset({"bot.domain", *SUPPORT})
    if part != "bot.domain":
        seen.update(SUPPORT)
    return frozenset(seen)


def project_edges() -> list[tuple[Import, str]]:
    """(import, the project module it reaches) for every import of the project's own code."""
    edges = []
    for found in all_imports():
        target = _resolve(found.target)
        if target is not None and found.target.split(".")[0] in PACKAGES:
            edges.append((found, target))
    return edges


def upward_imports() -> list[str]:
    problems = []
    for found, target in project_edges():
        source_part, target_part = part_of(found.source), part_of(target)
        if source_part == target_part or target_part in reachable(source_part):
            continue
        problems.append(
            "{} imports {} ({} may not import {})".format(
                found.where(), target, source_part, target_part
            )
        )
    return problems


def import_cycles() -> list[list[str]]:
    """Circles among modules (Tarjan's strongly connected components of two or more)."""
    graph: dict[str, set[str]] = {name: set() for name in project_modules()}
    for found, target in project_edges():
        if target != found.source:
            graph[found.source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_walk_sees_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    """The reader itself: imports inside functions and TYPE_CHECKING blocks are found."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bot.app import Application\n"
        "def later():\n    import bot.web.config\n    from . import sibling\n",
        encoding="utf-8",
    )
    found = {(i.target, i.line) for i in imports_of("bot.services.sample", sample)}
    assert ("bot.app", 3) in found and ("bot.web.config", 5) in found
    assert ("bot.services", 6) in found or ("bot.services.sibling", 6) in found


def test_the_project_root_imports_nothing() -> None:
    root = ROOT / "bot" / "__init__.py"
    assert list(imports_of("bot", root)) == []


def test_every_module_stands_in_a_layer() -> None:
    for module in project_modules():
        part_of(module)


def test_imports_point_down() -> None:
    problems = upward_imports()
    assert not problems, "imports against DESIGN.md's layers:\n" + "\n".join(problems)


def test_no_import_cycles() -> None:
    cycles = import_cycles()
    assert not cycles, "import circles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_no_service_takes_the_application() -> None:
    takers = [
        found.where()
        for found, target in project_edges()
        if target == APPLICATION and part_of(found.source) == "bot.services"
    ]
    assert not takers, "services import the Application: " + ", ".join(takers)


def test_telegram_libraries_stay_in_the_transports() -> None:
    leaks = [
        "{} imports {}".format(found.where(), found.target)
        for found in all_imports()
        if found.target.split(".")[0] in TRANSPORT_LIBRARIES
        and not part_of(found.source).startswith(TRANSPORT_PARTS)
    ]
    assert not leaks, "Telegram libraries outside the transports:\n" + "\n".join(leaks)
