#!/usr/bin/env python3
"""Runs docker-compose.yml with podman directly, for hosts without Docker Compose.

Why not podman-compose: the version Debian ships (1.0.3) ignores `depends_on`
conditions, and podman's own health checks need systemd timers, which containers
and CI machines often lack. This driver reads the same compose file, starts the
services in dependency order, runs each health check itself (`podman exec`), and
waits for `service_healthy` and `service_completed_successfully` as Compose does.

It supports exactly the keys docker-compose.yml uses and refuses any other, so the
file cannot drift into something this driver would silently ignore.

    scripts/compose_podman.py [-f FILE] [-p PROJECT] [--project-dir DIR] up [SERVICE...]
    scripts/compose_podman.py ... run SERVICE [ARG...]     one-off container, removed after
    scripts/compose_podman.py ... down [--volumes]
    scripts/compose_podman.py ... name SERVICE             the container's name
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {
    "image",
    "build",
    "command",
    "environment",
    "secrets",
    "volumes",
    "ports",
    "depends_on",
    "healthcheck",
    "restart",
}
_VARIABLE = re.compile(r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\})")


class ComposeError(Exception):
    """The compose file asks for something this driver does not do, or a service failed."""


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group(1), match.group(2), match.group(3) or ""
        value = env.get(name)
        if op in (":-", ":?"):
            missing = not value
        else:
            missing = value is None
        if op and op.endswith("-") and missing:
            return interpolate(arg, env)
        if op and op.endswith("?") and missing:
            raise ComposeError("{}: {}".format(name, arg or "required"))
        return value or ""

    return _VARIABLE.sub(replace, text)


def _walk(node: Any, env: dict[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [_walk(item, env) for item in node]
    if isinstance(node, dict):
        return {key: _walk(value, env) for key, value in node.items()}
    return node


def dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip("'\"")
    return values


class Project:
    def __init__(self, file: Path, name: str, directory: Path) -> None:
        self.directory = directory
        self.name = name
        env = {**dotenv(directory / ".env"), **os.environ}
        raw = yaml.safe_load(file.read_text())
        self.services: dict[str, dict[str, Any]] = {
            key: _walk(value, env) for key, value in raw["services"].items()
        }
        self.secrets = _walk(raw.get("secrets") or {}, env)
        self.volumes = raw.get("volumes") or {}
        for service, spec in self.services.items():
            unknown = set(spec) - SUPPORTED
            if unknown:
                raise ComposeError("{}: unsupported keys {}".format(service, sorted(unknown)))

    @property
    def network(self) -> str:
        return "{}_default".format(self.name)

    def container(self, service: str) -> str:
        return "{}-{}-1".format(self.name, service)

    def order(self, wanted: list[str]) -> list[str]:
        """The services to start, each after what it depends on."""
        done: list[str] = []

        def visit(service: str, path: tuple[str, ...]) -> None:
            if service in path:
                raise ComposeError("dependency cycle: " + " -> ".join((*path, service)))
            if service in done:
                return
            for dep in self.services[service].get("depends_on") or {}:
                visit(dep, (*path, service))
            done.append(service)

        for service in wanted or list(self.services):
            visit(service, ())
        return done

    def path(self, value: str) -> str:
        return str((self.directory / value).resolve()) if value.startswith(".") else value


def podman(
    *args: str, check: bool = True, capture: bool = False
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["podman", *args], text=True, capture_output=capture)
    if check and result.returncode != 0:
        detail = (result.stderr or "").strip() if capture else ""
        raise ComposeError("podman {} failed: {}".format(" ".join(args[:2]), detail))
    return result


def state_of(name: str) -> tuple[str, int] | None:
    found = podman(
        "container",
        "inspect",
        "--format",
        "{{.State.Status}} {{.State.ExitCode}}",
        name,
        check=False,
        capture=True,
    )
    if found.returncode != 0:
        return None
    status, code = found.stdout.split()
    return status, int(code)


def run_args(project: Project, service: str, spec: dict[str, Any], *, one_off: bool) -> list[str]:
    args = ["--network", project.network, "--network-alias", service]
    args += ["--label", "io.safe-report.project={}".format(project.name)]
    environment = spec.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    for key, value in environment.items():
        args += ["--env", "{}={}".format(key, "" if value is None else value)]
    for secret in spec.get("secrets") or []:
        source = project.secrets[secret]["file"]
        args += ["--volume", "{}:/run/secrets/{}:ro".format(project.path(source), secret)]
    for volume in spec.get("volumes") or []:
        source, _, rest = volume.partition(":")
        if source in project.volumes:
            source = "{}_{}".format(project.name, source)
        else:
            source = project.path(source)
        args += ["--volume", "{}:{}".format(source, rest)]
    if not one_off:
        for port in spec.get("ports") or []:
            args += ["--publish", str(port)]
        restart = spec.get("restart")
        if restart and restart != "no":
            args += ["--restart", "always" if restart == "unless-stopped" else restart]
    return args


def ensure_image(project: Project, spec: dict[str, Any]) -> str:
    image = spec["image"]
    if podman("image", "exists", image, check=False).returncode == 0:
        return image
    build = spec.get("build")
    if not build:
        raise ComposeError("image {} is missing and the service has no build".format(image))
    args = ["build", "--tag", image]
    for key, value in (build.get("args") or {}).items():
        args += ["--build-arg", "{}={}".format(key, value)]
    podman(*args, project.path(build.get("context", ".")))
    return image


def command_of(spec: dict[str, Any]) -> list[str]:
    command = spec.get("command") or []
    return command.split() if isinstance(command, str) else [str(c) for c in command]


def healthy(project: Project, service: str) -> bool:
    test = project.services[service]["healthcheck"]["test"]
    kind, rest = test[0], test[1:]
    argv = ["sh", "-c", rest[0]] if kind == "CMD-SHELL" else rest
    result = subprocess.run(
        ["podman", "exec", project.container(service), *argv],
        capture_output=True,
        timeout=30,
    )
    return result.returncode == 0


def _seconds(value: str | None, default: float) -> float:
    if not value:
        return default
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", value)
    if not match:
        raise ComposeError("unsupported duration {!r}".format(value))
    number, unit = float(match.group(1)), match.group(2) or "s"
    return number / 1000 if unit == "ms" else number * 60 if unit == "m" else number


def wait_healthy(project: Project, service: str) -> None:
    check = project.services[service].get("healthcheck")
    if not check:
        raise ComposeError("{} has no health check to wait for".format(service))
    interval = _seconds(check.get("interval"), 30)
    retries = int(check.get("retries", 3))
    deadline = time.monotonic() + _seconds(check.get("start_period"), 0) + interval * retries
    probe = min(interval, 2.0)  # poll faster than the interval; the budget is the same
    while True:
        current = state_of(project.container(service))
        if current and current[0] == "exited":
            raise ComposeError(
                "{} exited with {} before it was healthy".format(service, current[1])
            )
        if current and current[0] == "running" and healthy(project, service):
            return
        if time.monotonic() > deadline:
            raise ComposeError("{} did not become healthy".format(service))
        time.sleep(probe)


def wait_completed(project: Project, service: str) -> None:
    name = project.container(service)
    podman("wait", name, capture=True)
    current = state_of(name)
    if current is None or current[1] != 0:
        subprocess.run(["podman", "logs", "--tail", "30", name])
        raise ComposeError("{} did not complete successfully".format(service))


def wait_for_dependencies(project: Project, spec: dict[str, Any]) -> None:
    for dep, condition in (spec.get("depends_on") or {}).items():
        condition = (condition or {}).get("condition", "service_started")
        if condition == "service_healthy":
            wait_healthy(project, dep)
        elif condition == "service_completed_successfully":
            wait_completed(project, dep)
        elif condition != "service_started":
            raise ComposeError("unsupported condition {}".format(condition))


def up(project: Project, wanted: list[str]) -> None:
    if podman("network", "exists", project.network, check=False).returncode != 0:
        podman("network", "create", project.network, capture=True)
    for volume in project.volumes:
        name = "{}_{}".format(project.name, volume)
        if podman("volume", "exists", name, check=False).returncode != 0:
            podman("volume", "create", name, capture=True)
    for service in project.order(wanted):
        spec = project.services[service]
        wait_for_dependencies(project, spec)
        name = project.container(service)
        current = state_of(name)
        if current and current[0] == "running":
            continue
        if current and current[0] == "exited" and spec.get("restart") == "no" and current[1] == 0:
            continue  # a one-shot job (migrate) that already did its work
        if current:
            podman("rm", "--force", name, capture=True)
        image = ensure_image(project, spec)
        started = time.monotonic()
        podman(
            "run",
            "--detach",
            "--name",
            name,
            *run_args(project, service, spec, one_off=False),
            image,
            *command_of(spec),
            capture=True,
        )
        print("started {} ({:.1f} s)".format(service, time.monotonic() - started), flush=True)


def run_once(project: Project, service: str, extra: list[str]) -> int:
    """A one-off container of `service` (its image, environment, secrets), removed after."""
    spec = project.services[service]
    wait_for_dependencies(project, spec)
    image = ensure_image(project, spec)
    args = ["run", "--rm", "--interactive"]
    args += run_args(project, service, spec, one_off=True)
    return subprocess.run(["podman", *args, image, *(extra or command_of(spec))]).returncode


def down(project: Project, volumes: bool) -> None:
    for service in reversed(project.order([])):
        podman(
            "rm", "--force", "--time", "5", project.container(service), check=False, capture=True
        )
    podman("network", "rm", "--force", project.network, check=False, capture=True)
    if volumes:
        for volume in project.volumes:
            podman(
                "volume",
                "rm",
                "--force",
                "{}_{}".format(project.name, volume),
                check=False,
                capture=True,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--file", type=Path, default=None)
    parser.add_argument("-p", "--project-name", default=None)
    parser.add_argument("--project-dir", type=Path, default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up")
    p_up.add_argument("services", nargs="*")
    p_run = sub.add_parser("run")
    p_run.add_argument("service")
    p_run.add_argument("args", nargs=argparse.REMAINDER)
    p_down = sub.add_parser("down")
    p_down.add_argument("--volumes", "-v", action="store_true")
    p_name = sub.add_parser("name")
    p_name.add_argument("service")
    args = parser.parse_args(argv)
    directory = (args.project_dir or Path.cwd()).resolve()
    file = args.file or directory / "docker-compose.yml"
    project = Project(file, args.project_name or directory.name.lower(), directory)
    try:
        if args.command == "up":
            up(project, args.services)
        elif args.command == "run":
            return run_once(project, args.service, args.args)
        elif args.command == "down":
            down(project, args.volumes)
        elif args.command == "name":
            print(project.container(args.service))
    except ComposeError as exc:
        print("compose_podman: {}".format(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
