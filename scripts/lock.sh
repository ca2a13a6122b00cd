#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml: requirements.lock (what the portal runs on, for the
# Docker image) and requirements-dev.lock (that plus the test and lint tools, for .venv and CI).
# Every install goes through them, with hashes; run this after changing pyproject.toml's
# dependencies and commit the three files together. Add --upgrade to move everything to the
# newest releases the ranges allow.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v uv >/dev/null 2>&1; then
  python3 -m venv var/uv-tool
  var/uv-tool/bin/python -m pip install --quiet uv
  PATH="$PWD/var/uv-tool/bin:$PATH"
fi
common=(--python-version 3.11 --generate-hashes --no-header --quiet "$@")
uv pip compile pyproject.toml "${common[@]}" -o requirements.lock
uv pip compile pyproject.toml --extra dev "${common[@]}" -o requirements-dev.lock
echo "Wrote requirements.lock and requirements-dev.lock"
