#!/usr/bin/env bash
# Runs the Python client's pytest suite in its own virtualenv (created, or rebuilt when
# requirements-test.txt changes; the hash of that file is stored inside the venv, written last).
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(sha256sum requirements-test.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$want" ]; then
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/python -m pip install --disable-pip-version-check --no-input -q -r requirements-test.txt
  echo "$want" > .venv/.requirements.sha256
fi
exec env PYTHONDONTWRITEBYTECODE=1 .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
