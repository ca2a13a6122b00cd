# Sourced by demo.sh, test.sh and .ci/run: makes .venv and installs the project's
# Python dependencies into it from requirements-dev.lock, again only when the lock has changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  # The project targets 3.11 (Django 5.2 LTS); a newer Python works too.
  for candidate in python3.11 python3 python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON=$candidate
      break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "The portal needs Python 3.11 or newer; none was found on PATH." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
# Everything comes from the lock (exact versions, checked by hash); scripts/lock.sh refreshes it
# from pyproject.toml. The code itself runs from this folder, so nothing of the project is
# installed.
stamp=.venv/.installed-$(cat requirements-dev.lock | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installing the locked Python dependencies (requirements-dev.lock) into .venv"
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
