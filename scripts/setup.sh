#!/usr/bin/env bash
# Idempotent set-up shared by ./run and ./test: virtual environment, install,
# compiled catalogues, database migration. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.safe-report-installed
want=$(cat pyproject.toml requirements/dev.lock requirements/torch.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing dependencies from requirements/dev.lock (first time takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  # Exact versions with hashes (scripts/lock.sh writes the lock from pyproject.toml).
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/dev.lock
  # torch, CPU build, apart from the lock (see requirements/torch.txt): pip's own sources
  # first (a local wheel where the machine has one), else PyTorch's CPU index.
  .venv/bin/python -m pip install -q --no-deps -r requirements/torch.txt 2>/dev/null \
    || .venv/bin/python -m pip install -q --no-deps \
         --extra-index-url "${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}" \
         -r requirements/torch.txt
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  .venv/bin/python -m pip check
  echo "$want" > "$stamp"
fi

echo "==> compiling translation catalogues"
.venv/bin/python -m bot.i18n_tools compile

echo "==> migrating the database"
SAFE_REPORT_LOG_LEVEL=WARNING .venv/bin/safe-report migrate >/dev/null
