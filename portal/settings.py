"""Settings for the partnership portal.

Everything comes from the environment. The defaults run on one machine with nothing else
installed: SQLite, and a Celery broker kept in files under ``var/`` (see README, "Background
work"). ``DATABASE_URL`` selects PostgreSQL and ``CELERY_BROKER_URL`` (or ``REDIS_URL``) Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# Everything the portal writes at run time on one machine: the SQLite file, media, the file
# broker's messages, logs. Git ignores it.
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-change-me-in-production"
# The default is only for a developer's machine and the tests: `check --deploy` reports it,
# and the web server (portal/wsgi.py) refuses to start with it when DEBUG is off.
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
# Keys being rotated out: sessions, password-reset links and voter codes signed with them still
# work until they are removed.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    # Before the portal, whose admin takes their device pages away (see portal/admin.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "partnerships",
    "compact",
    "grants",
    "workprogramme",
    "search",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above sessions and authentication: their database errors answer 503 too.
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.UnreadableQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.signin.IdleTimeoutMiddleware",
    "portal.security.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: a signed-in officer or administrator who has not given a second factor is sent
    # to give one (or to set up an app) from every page.
    "portal.twofactor.TwoFactorMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# PostgreSQL connections are kept for ten minutes and checked before reuse, so a request does
# not pay for a new connection (a third of a short page's time); SQLite opens its file anew.
_is_postgres = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postg")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600 if _is_postgres else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if _is_postgres:
    # PostgreSQL's JIT compiler suits long reports, not pages: a list whose per-row totals it
    # overestimates spends 40 ms compiling a query that runs in 40 ms.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file in the embedded set-up.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partnerships.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "portal.backends.AccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# Sessions end after this long however busy (12 hours: a working day), and after
# PORTAL_SESSION_IDLE_MINUTES without a request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
PORTAL_SESSION_IDLE_MINUTES = env.int("PORTAL_SESSION_IDLE_MINUTES", default=30)

# Failed sign-ins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from
# one address, that account is refused from that address for the cool-off; the same account
# from another address, and password resets, still work. Every sign-in, sign-out and failure
# is logged with its time, user and address (admin: "Axes").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "portal.signin.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "portal.signin.locked_out"
# How many proxies in front of the portal append to X-Forwarded-For (0: use the connection's
# address). Sign-in throttling counts by the address this gives.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
# Two-factor sign-in (django-otp; portal/twofactor.py): a code from an authenticator app, or
# a one-time backup code, after the password, for every account holding one of these roles
# and every staff account (the Django admin). A first sign-in sets up the app. Off only for
# the demo (scripts/demo.sh): `check --deploy` warns when it is off.
PORTAL_TWO_FACTOR_REQUIRED = env.bool("PORTAL_TWO_FACTOR_REQUIRED", default=True)
PORTAL_TWO_FACTOR_ROLES = env.list("PORTAL_TWO_FACTOR_ROLES", default=["administrator", "officer"])
# Wrong codes: django-otp makes each wait after one twice as long (1 s, 2 s, 4 s …), and after
# this many in the cool-off the account's second step is paused for the cool-off.
PORTAL_TWO_FACTOR_FAILURE_LIMIT = env.int("PORTAL_TWO_FACTOR_FAILURE_LIMIT", default=5)
PORTAL_TWO_FACTOR_COOLOFF_MINUTES = env.int("PORTAL_TWO_FACTOR_COOLOFF_MINUTES", default=15)
PORTAL_TWO_FACTOR_BACKUP_CODES = 10
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Partnership portal")
# The admin never shows an app's secret or a backup code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
# Hashed, compressed file names once collectstatic has written its manifest (production, the
# Docker image); until then files are served as they are, so pages never fail for want of it.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=(STATIC_ROOT / "staticfiles.json").exists())
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# WhiteNoise also serves straight from the apps' and project's static folders when there is
# no collectstatic output (a developer's machine, the tests).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=not STATIC_MANIFEST)
WHITENOISE_MANIFEST_STRICT = False
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads, agenda packs (and their cache) and exports go through Django's storage: MEDIA_ROOT
# on this machine, or an S3-compatible bucket that every web and worker host shares, chosen by
# PORTAL_STORAGE_BACKEND=s3 (the default once AWS_STORAGE_BUCKET_NAME is set). Objects are
# private: the portal streams each download after its own permission check.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
PORTAL_STORAGE_BACKEND = env.str(
    "PORTAL_STORAGE_BACKEND", default="s3" if AWS_STORAGE_BUCKET_NAME else "local"
)
if PORTAL_STORAGE_BACKEND not in ("local", "s3"):
    raise ImproperlyConfigured("PORTAL_STORAGE_BACKEND is 'local' or 's3'.")
if PORTAL_STORAGE_BACKEND == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("PORTAL_STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Unset: AWS itself, and boto3's own search for credentials (an instance role).
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # No ACL on each object: buckets made since 2023 refuse them (ACLs disabled).
            # Objects stay private by the bucket's own setting (Block Public Access) and
            # every download is streamed through the portal, which checks who may read it.
            "default_acl": None,
            "querystring_auth": True,
            # Two uploads (or exports) with the same name get two objects, as on the local
            # disk; portal.storage.save_atomically replaces a pack in place on purpose.
            "file_overwrite": False,
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partnership portal <portal@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Security: on by default whenever DEBUG is off, so a production deployment passes
# `manage.py check --deploy` with nothing but SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 set.
# Only behind a proxy that sets X-Forwarded-Proto itself (and strips a client's): otherwise a
# client could claim HTTPS. docker-compose.yml turns it on for its loopback-only web port.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from the portal
# itself, no inline script or style (pages keep theirs in static files; level colours come from
# /work-programmes/levels.css), no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws its icons (the select arrow, the menu button) as data: SVG in its CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]

# The cache holds throttles' counts (voter codes): one process's memory by default; set
# CACHE_URL (e.g. redis://host:6379/2) when several web processes or hosts must share them.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Celery. With no broker configured, messages go through files under var/celery, so the
# run command's worker and beat need no server; CELERY_BROKER_URL (or REDIS_URL) selects Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
    # Redis hands a message that was delivered but never acknowledged (its worker was killed)
    # to another worker after this many seconds; Redis's own default is an hour. It is shorter
    # than the longest task (the hourly publication, 1900 s) on purpose: a task still running
    # when its message comes round again meets its job's or pack's live lease and skips, and
    # the publication locks each meeting, so a second delivery does no harm. Tasks without
    # either (e-mail, 90 s plus at most 32 s of retry delay) finish well within it.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60),
}
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Eager runs (tests only) retry the way a worker would rather than raise Retry at the caller.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
# Every task is safe to run twice (see each one), so a message is acknowledged when its task
# has finished, and handed back to the queue when the worker running it is lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Leases: a worker running a job or building a pack renews its lease every
# PORTAL_LEASE_RENEW_SECONDS; once PORTAL_LEASE_SECONDS pass without a renewal its worker is
# taken to have stopped, the work is shown as interrupted and may be started again at once.
PORTAL_LEASE_SECONDS = env.float("PORTAL_LEASE_SECONDS", default=60)
PORTAL_LEASE_RENEW_SECONDS = env.float("PORTAL_LEASE_RENEW_SECONDS", default=15)
# Tests only: a pack build waits this many seconds once it has claimed the pack, so that a
# test can kill its worker mid-build. Always 0 in use.
PORTAL_TEST_PACK_BUILD_PAUSE = env.float("PORTAL_TEST_PACK_BUILD_PAUSE", default=0)

# How long a finished job's file (e.g. a CSV export) is kept before the nightly clean-up.
PORTAL_JOB_RETENTION_DAYS = env.int("PORTAL_JOB_RETENTION_DAYS", default=7)
PORTAL_PAGE_SIZE = 25
# The structure chart opens this many levels deep, and lists at most this many partnerships
# under any one (the rest are a link to the register); deeper branches open on demand.
PORTAL_STRUCTURE_DEPTH = env.int("PORTAL_STRUCTURE_DEPTH", default=3)
PORTAL_STRUCTURE_CHILDREN = env.int("PORTAL_STRUCTURE_CHILDREN", default=50)

# The read-only JSON API (api/, /api/v1/): a personal token (``Authorization: Token <key>``
# or ``Bearer <key>``, made on the profile page) or a signed-in, two-factor-verified session;
# signed out, only the public site's meetings and papers. Rates per user (or per address when
# signed out) are counted in the cache above.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PageRule"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Numbers too big for a column are refused by the portal's filter bases (portal/forms.py).
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "user": env.str("API_USER_RATE", default="600/minute"),
    },
    "NUM_PROXIES": PORTAL_TRUSTED_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_PAGE_SIZE = 25
API_MAX_PAGE_SIZE = 100
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership portal API",
    "DESCRIPTION": "Read-only JSON API of the partnership portal: what each person may see "
    "in the portal, and, signed out, the public site's meetings and papers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each rendering step at INFO; packs are built often.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Partnership policy (Carlisle, document 004): a partnership whose resources in the current
# financial year exceed this many pounds needs a current risk assessment.
PARTNERSHIP_RISK_THRESHOLD = env.int("PARTNERSHIP_RISK_THRESHOLD", default=30_000)
# The council that runs the portal: where it is a partnership's accountable body, the criteria
# it checked and the risks and benefits it accepted must be recorded.
PORTAL_COUNCIL_NAME = env.str("PORTAL_COUNCIL_NAME", default="Cheshire East Council")
# Its logo on the agenda pack's front sheet: a file among the static files.
PORTAL_COUNCIL_LOGO = env.str("PORTAL_COUNCIL_LOGO", default="img/council-logo.svg")
# Officers' rich text: elements nested deeper than this keep their text but lose their tags
# (the PDF renderer recurses once a level; some 50 nested tables exhaust its stack).
PORTAL_HTML_MAX_DEPTH = env.int("PORTAL_HTML_MAX_DEPTH", default=24)
# Agenda packs: the largest PDF appendix an officer may upload.
PORTAL_APPENDIX_MAX_BYTES = env.int("PORTAL_APPENDIX_MAX_BYTES", default=20 * 1024 * 1024)
# … and the most pages, and bytes once its streams are inflated, it may have (a small
# compressed "bomb" is refused at upload rather than swamping a pack).
PORTAL_APPENDIX_MAX_PAGES = env.int("PORTAL_APPENDIX_MAX_PAGES", default=500)
PORTAL_APPENDIX_MAX_INFLATED_BYTES = env.int(
    "PORTAL_APPENDIX_MAX_INFLATED_BYTES", default=200 * 1024 * 1024
)
# The domain in calendar event ids (UID): stable, so calendars update events in place.
PORTAL_CALENDAR_DOMAIN = env.str("PORTAL_CALENDAR_DOMAIN", default="partnership-portal")
# How long a calendar feed address works before the person must copy the current one from the
# portal; a password change or a reset from their profile ends it sooner.
PORTAL_CALENDAR_FEED_DAYS = env.int("PORTAL_CALENDAR_FEED_DAYS", default=365)

# 360Giving: grant ids are 360G-<prefix>-<award id>; register a prefix with 360Giving before
# publishing. The publisher is named in the data package's metadata.
GRANTS_360_PREFIX = env.str("GRANTS_360_PREFIX", default="portal")
GRANTS_360_PUBLISHER = env.str("GRANTS_360_PUBLISHER", default=PORTAL_COUNCIL_NAME)
