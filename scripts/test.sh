#!/usr/bin/env bash
# Set up and run the whole test suite. Arguments go to pytest (e.g. -k organisation).
# With no DATABASE_URL / CELERY_BROKER_URL it runs on SQLite with tasks run in-process;
# with them it runs on PostgreSQL, and task tests go through a real Celery worker on Redis.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
set +e
python -m pytest "$@"
status=$?
set -e
# pytest's "no tests collected" (5) is a failure here, not a pass.
exit $status
