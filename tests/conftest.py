"""Fixtures shared by every app's tests.

Without services the suite runs on SQLite and tasks run in-process (eager). With
``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis) set, it runs on them, and tests
marked ``worker`` go through a real Celery worker. ``REQUIRE_SERVICES=1`` (set by .ci/run) makes
a missing service an error instead of a quiet fall-back to SQLite.
"""

import os

import pytest
from django.conf import settings
from django.test import Client

from portal.celery import app as celery_app
from portal.roles import Role

from .partnerships.factories import UserFactory


def _database() -> str:
    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or ''}" if db.get("HOST") else ""
    return f"{vendor} {db['NAME']} {where}".strip()


def uses_redis() -> bool:
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


def pytest_report_header(config):
    return [
        f"database: {_database()}",
        f"broker: {settings.CELERY_BROKER_URL if uses_redis() else 'none (tasks run eagerly)'}",
        "worker tests: " + ("real Celery worker on Redis" if uses_redis() else "in-process"),
    ]


def pytest_configure(config):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        problems = []
        if "postgresql" not in engine:
            problems.append(f"the database is {engine}, not PostgreSQL (set DATABASE_URL)")
        if not uses_redis():
            problems.append("the broker is not Redis (set CELERY_BROKER_URL)")
        if problems:
            pytest.exit("REQUIRE_SERVICES=1 but " + "; ".join(problems), returncode=3)


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """The suite runs with DEBUG off, as production does, but over plain HTTP, with fast
    password hashing and static files served as they are (no collectstatic)."""
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def _force_login_gives_the_second_factor():
    """Two-factor sign-in is enforced in the tests. ``client.force_login(user)`` signs in as
    the password and the code together would: a person who needs a second factor gets a real
    confirmed app device and a session verified with it (what ``django_otp.login`` stores).
    ``force_login(user, second_factor=False)`` stops after the password, as the sign-in page
    does. Session-wide, so that module-wide clients (the fuzz tests') are verified too."""
    original = Client.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        original(self, user, backend)
        if second_factor and _needs_second_factor(user):
            from django_otp import DEVICE_ID_SESSION_KEY

            session = self.session
            session[DEVICE_ID_SESSION_KEY] = app_device_for(user).persistent_id
            session.save()

    patch = pytest.MonkeyPatch()
    patch.setattr(Client, "force_login", force_login)
    yield
    patch.undo()


def _needs_second_factor(user) -> bool:
    from portal import twofactor

    # Read afresh: the roles cached on the test's own user object may be out of date.
    fresh = type(user).objects.get(pk=user.pk)
    return twofactor.required_for(fresh)


def app_device_for(user):
    """The user's authenticator-app device, made (confirmed) if they have none. Its code now:
    ``django_otp.oath.totp(device.bin_key)``."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles count in the cache; each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_and_eager(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    real_worker = uses_redis() and request.node.get_closest_marker("worker") is not None
    celery_app.conf.task_always_eager = not real_worker
    yield
    celery_app.conf.task_always_eager = False


def _user(role: Role | None, **kwargs):
    user = UserFactory(**kwargs)
    if role is not None:
        user.groups.add(role_group(role))
    return user


def role_group(role: Role):
    from django.contrib.auth.models import Group

    # get_or_create: transactional tests flush the data migration's groups away.
    return Group.objects.get_or_create(name=role)[0]


@pytest.fixture
def make_user(db):
    """make_user(Role.OFFICER, organisation=...) → a user holding that role."""
    return _user


@pytest.fixture
def signer(db):
    """signer("finance") → an officer who holds the finance (or legal) sign-off role."""
    from partnerships.clearance import SIGNOFFS

    def make(kind, **kwargs):
        names = {"finance": ("Fay Finance", "Finance Manager"), "legal": ("Lee Legal", "Solicitor")}
        name, post = names[kind]
        kwargs = {"username": f"{kind}-signer", "name": name, "job_title": post, **kwargs}
        user = _user(Role.OFFICER, **kwargs)
        user.groups.add(role_group(SIGNOFFS[kind].group))
        return user

    return make


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True, username="admin")


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, username="officer")


@pytest.fixture
def board_member(make_user):
    return make_user(Role.BOARD_MEMBER, username="member")


@pytest.fixture
def partner_contact(make_user):
    from .partnerships.factories import OrganisationFactory

    return make_user(
        Role.PARTNER_CONTACT,
        username="partner",
        organisation=OrganisationFactory(name="Third Sector Assembly", sector="vcfs"),
    )


@pytest.fixture
def no_role_user(make_user):
    return make_user(None, username="norole")


ROLES = ["anonymous", "no_role_user", "partner_contact", "board_member", "officer", "administrator"]


@pytest.fixture(params=ROLES)
def role_client(request):
    """(role name, a client signed in as a user of that role)."""
    client = Client()
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return request.param, client


@pytest.fixture
def client_for(db):
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(scope="session")
def celery_worker_session():
    """A real Celery worker (a thread in this process) on the configured Redis broker."""
    if not uses_redis():
        pytest.skip("no Redis broker configured: worker tests run eagerly instead")
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker


@pytest.fixture
def worker(request, transactional_db):
    """The real worker when Redis is configured; otherwise tasks run eagerly on commit."""
    if uses_redis():
        return request.getfixturevalue("celery_worker_session")
    return None


def wait_for_job(job, timeout: float = 30.0):
    """Reload a job until it has finished (at once when tasks run eagerly)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if job.is_finished or time.monotonic() > deadline:
            return job
        time.sleep(0.1)
