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
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing dependencies (first time takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first, pinned: the CPU wheel on this machine satisfies it.
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi

echo "==> compiling translation catalogues"
.venv/bin/python -m bot.i18n_tools compile

echo "==> migrating the database"
SAFE_REPORT_LOG_LEVEL=WARNING .venv/bin/safe-report migrate >/dev/null
