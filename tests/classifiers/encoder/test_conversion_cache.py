"""`python -m classifiers convert`: once, idempotent, safe when two processes start at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers.encoder.convert import DONE_FILE, MODEL_FILE, converted_folder

ROOT = Path(__file__).parents[3]


def _convert(encoder: Path, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "classifiers",
            "--encoder",
            str(encoder),
            "convert",
            "--cache-dir",
            str(cache),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


@pytest.mark.timeout(900)  # two fresh processes import torch and export (slow on 2 shared cores)
def test_two_processes_convert_once_and_agree(tiny_model_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = _convert(tiny_model_dir, cache), _convert(tiny_model_dir, cache)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [o[1][-2000:] for o in outs]
    folder = converted_folder(str(tiny_model_dir), cache)
    assert {o[0].splitlines()[0] for o in outs} == {str(folder)}
    record = json.loads((folder / DONE_FILE).read_text())
    # one conversion ran; the other process waited on the lock and used its result
    stamps = {json.loads("\n".join(o[0].splitlines()[1:]))["converted_at"] for o in outs}
    assert stamps == {record["converted_at"]}
    leftovers = [p.name for p in cache.iterdir() if p.name.startswith(".convert-")]
    assert not leftovers
    assert (folder / MODEL_FILE).exists()
    before = (folder / DONE_FILE).stat().st_mtime_ns
    again = _convert(tiny_model_dir, cache)
    again.communicate(timeout=120)
    assert again.returncode == 0 and (folder / DONE_FILE).stat().st_mtime_ns == before


@pytest.mark.timeout(600)
def test_an_interrupted_conversion_leaves_no_half_folder(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    """A folder without its record (a crash before the rename cannot leave one, but an
    older layout can) is converted again, not used."""
    from classifiers.encoder.convert import ensure_converted

    cache = tmp_path / "cache"
    folder = converted_folder(str(tiny_model_dir), cache)
    folder.mkdir(parents=True)
    (folder / MODEL_FILE).write_bytes(b"not a model")
    assert ensure_converted(str(tiny_model_dir), cache) == folder
    assert (folder / DONE_FILE).exists()
    assert (folder / MODEL_FILE).stat().st_size > 1000
