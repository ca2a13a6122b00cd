#!/usr/bin/env bash
# Set up and run the portal with demo data at http://127.0.0.1:8000.
# With no DATABASE_URL / CELERY_BROKER_URL it needs nothing installed but Python: SQLite, and a
# Celery worker (with beat) that passes messages through files under var/celery.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

# The demo runs as a deployment would, with DEBUG off, so that a wrong link shows the portal's
# own "page not found" rather than Django's debug page listing every URL. It is plain HTTP on
# this machine, so the HTTPS-only settings are off, and it keeps a random key of its own.
export DEBUG=${DEBUG:-0}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0} SESSION_COOKIE_SECURE=${SESSION_COOKIE_SECURE:-0}
export CSRF_COOKIE_SECURE=${CSRF_COOKIE_SECURE:-0} SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
if [ -z "${SECRET_KEY:-}" ]; then
  mkdir -p var
  [ -s var/demo-secret-key ] || python -c 'import secrets; print(secrets.token_urlsafe(50))' >var/demo-secret-key
  SECRET_KEY=$(cat var/demo-secret-key)
  export SECRET_KEY
fi
# The demo signs in with a password alone: two-factor sign-in, which production and the tests
# require of officers and administrators, is off unless PORTAL_TWO_FACTOR_REQUIRED=1 is given.
export PORTAL_TWO_FACTOR_REQUIRED=${PORTAL_TWO_FACTOR_REQUIRED:-0}
python manage.py migrate --noinput
# The demo users (password in the README) are what this script is for, hence --force.
python manage.py seed_demo --force
# Records the seed changed in bulk (publication, for one) are indexed again for the search box.
python manage.py search_rebuild

mkdir -p var/log
celery -A portal worker --beat --loglevel=INFO --concurrency=2 \
  --without-mingle --without-gossip --logfile=var/log/celery.log &
worker=$!
server=
# Ctrl-C, or a TERM to this script, stops the web server and the worker (and its beat) together.
trap 'kill $server "$worker" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
echo "Background worker and scheduler started (log: var/log/celery.log)."
echo "Open http://127.0.0.1:8000 and sign in with one of the demo logins above."
if [ "$PORTAL_TWO_FACTOR_REQUIRED" = "0" ]; then
  echo "Two-factor sign-in is OFF for this demo (PORTAL_TWO_FACTOR_REQUIRED=0): the password is enough."
  echo "To try it, run PORTAL_TWO_FACTOR_REQUIRED=1 scripts/demo.sh: officers and admins then set up an authenticator app at first sign-in."
else
  echo "Two-factor sign-in is ON: officers and admins set up an authenticator app (TOTP) at first sign-in."
fi
python manage.py runserver 127.0.0.1:8000 --noreload &
server=$!
wait "$server"
