"""Settings for the gunicorn that ``manage.py benchmark --county`` starts: the portal's own, over
plain HTTP on 127.0.0.1, with one extra page (a bare one-row view) to compare against."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "portal.county_urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
