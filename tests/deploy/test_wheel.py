"""The wheel as an operator installs it: everything the bot reads at run time is inside.

Built offline from this checkout, installed into a fresh virtual environment, and run
from a folder outside the repository, the report flow answers in Albanian and in
Macedonian: compiled catalogues, directory YAML, partners file, portal templates and
static files, and the migrations all come from the installed package.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Which country are you in? This helps me show services that can help you there."

RENDER = r"""
import json, pathlib, sys
import bot
from bot.flows import report
from bot.flows.events import Command, Press
from bot.flows.state import ConversationState
from bot.flows.context import FlowContext, Limits
from bot.i18n import Catalogues, default_locales_dir
from bot.routing.directory import load_directory
from bot.routing.partners import demo_partners_path, load_partners
from bot.routing.port import DirectoryRouting
from bot.storage.migrate import MIGRATIONS_DIR
from bot.web.app import HERE as WEB

routing = DirectoryRouting(directory=load_directory(), partners=load_partners(demo_partners_path()))
ctx = FlowContext(
    translator=Catalogues(default_locales_dir()).translator, routing=routing,
    now=lambda: __import__("datetime").datetime.now(__import__("datetime").UTC),
    new_id=lambda: "id", new_reference=lambda: "REF", limits=Limits(),
)
shown = {}
for code in ("sq", "mk"):
    # /language, then her language: the country question comes in it (the flow itself
    # never reads Telegram's language hint; the service does).
    state, _ = report.step(ConversationState(), Command("language"), ctx)
    state, actions = report.step(state, Press("language:" + code), ctx)
    shown[code] = [getattr(a, "text", "") for a in actions]
print(json.dumps({
    "package": bot.__file__,
    "shown": shown,
    "files": {
        "template": (WEB / "templates" / "login.html").is_file(),
        "static": (WEB / "static" / "portal.css").is_file(),
        "migrations": len(list((MIGRATIONS_DIR / "versions").glob("*.py"))),
        "directory": len(list(pathlib.Path(bot.__file__).parent.glob("routing/directory/*.yaml"))),
    },
}))
"""


def translation(code: str, msgid: str) -> str:
    with (ROOT / "bot" / "locales" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(msgid)
    assert message is not None and message.string
    return str(message.string)


@pytest.mark.timeout(600)
def test_the_installed_wheel_answers_in_albanian_and_macedonian(tmp_path: Path) -> None:
    # From the tracked files only, as a fresh clone has them: no compiled catalogue, no
    # earlier build folder. setup.py must compile the catalogues into the wheel itself.
    source = tmp_path / "source"
    tracked = (
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    assert not list(source.glob("bot/locales/*/LC_MESSAGES/*.mo"))
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(source),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("safe_report-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        cwd=tmp_path,
    )
    # The third-party dependencies come from this environment (no network in tests); the
    # project itself only from the wheel: a .pth path line adds no editable finder.
    fresh_site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (fresh_site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run = subprocess.run(
        [str(python), "-I", "-c", RENDER], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["package"].startswith(str(venv)), result["package"]
    assert any(translation("sq", QUESTION) in text for text in result["shown"]["sq"])
    assert any(translation("mk", QUESTION) in text for text in result["shown"]["mk"])
    assert not any(QUESTION in text for texts in result["shown"].values() for text in texts)
    files = result["files"]
    assert files["template"] and files["static"]
    assert files["migrations"] >= 4 and files["directory"] >= 8
