"""docker-compose.yml as the driver reads it: secrets per service, TLS, restarts, no drift."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from bot.routing.partners import load_partners

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PUBLIC_URL": "https://report.example.org"}


def driver() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compose_podman", ROOT / "scripts" / "compose_podman.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> object:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    return driver().Project(ROOT / "docker-compose.yml", "t", ROOT)


def test_interpolation_follows_compose() -> None:
    compose = driver()
    env = {"SET": "x", "EMPTY": ""}
    assert (
        compose.interpolate("${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${NONE-d} $$HOME", env)
        == "x d  d $HOME"
    )
    with pytest.raises(compose.ComposeError, match="NONE: say so"):
        compose.interpolate("${NONE:?say so}", env)


def test_each_service_gets_only_the_secrets_it_uses(project: object) -> None:
    services = project.services  # type: ignore[attr-defined]
    bot_only = {"telegram_bot_token", "secret_key", "webhook_secret"}
    assert set(services["portal"]["secrets"]) == {"database_url", "redis_url", "portal_secret_key"}
    assert set(services["migrate"]["secrets"]) == {"database_url"}
    assert bot_only <= set(services["bot-1"]["secrets"]) == set(services["bot-2"]["secrets"])
    assert set(services["postgres"]["secrets"]) == {"postgres_password"}
    for name, spec in services.items():
        env = spec.get("environment") or {}
        leaked = [k for k, v in env.items() if re.search(r"(TOKEN|SECRET|PASSWORD)$", k) and v]
        assert not leaked, "{} has a secret in its environment: {}".format(name, leaked)


def test_every_long_running_service_restarts_and_only_nginx_is_published(project: object) -> None:
    services = project.services  # type: ignore[attr-defined]
    for name, spec in services.items():
        assert spec.get("restart") == ("no" if name == "migrate" else "unless-stopped"), name
        assert bool(spec.get("ports")) == (name == "proxy"), name
    assert services["proxy"]["ports"] == ["80:80", "443:443"]


def test_nginx_logs_no_path_beyond_its_first_segment() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    log_format = conf[conf.index("log_format") : conf.index(";", conf.index("log_format"))]
    assert "$log_route" in log_format
    for leaky in ("$request ", "$request_uri", "$uri", "$args", "$query_string", '$request"'):
        assert leaky not in log_format
    assert "return 301 https://" in conf and "acme-challenge" in conf
    assert "ssl_certificate" in conf and "listen 8080" not in conf


def test_the_example_partners_file_is_valid() -> None:
    partners = load_partners(ROOT / "config" / "partners.example.yaml")
    assert partners and not any(p.demonstration for p in partners)
