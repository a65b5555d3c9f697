#!/usr/bin/env bash
# Creates (or rebuilds, when requirements-test.txt changed) the client's virtualenv and prints
# its python. The hash of requirements-test.txt is stored inside the venv, written last.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(sha256sum requirements-test.txt | cut -d' ' -f1)
# pytest here and tests/conformance/chain.test.ts may both get here at once under turbo.
exec 9>.venv.lock
flock 9
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$want" ]; then
  rm -rf .venv
  python3 -m venv .venv >&2
  .venv/bin/python -m pip install --disable-pip-version-check --no-input -q -r requirements-test.txt >&2
  echo "$want" > .venv/.requirements.sha256
fi
echo "$PWD/.venv/bin/python"
