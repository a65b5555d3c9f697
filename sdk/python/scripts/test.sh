#!/usr/bin/env bash
# Runs the Python client's pytest suite in its own virtualenv (see venv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(bash scripts/venv.sh)
exec env PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -q -p no:cacheprovider "$@"
