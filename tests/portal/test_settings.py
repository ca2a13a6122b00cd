import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k8#vQ2!x9LrWm4pZt7@Hn3bFj6Yc1^Ds5Ge0%Ua8Xo2Ri9KqTs4Vb7Nm1Pz",
    "ALLOWED_HOSTS": "portal.example.gov.uk",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
}


def _manage(*args, env):
    ignore = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in ignore}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_values(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_the_development_key(tmp_path):
    env = {**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
    del env["SECRET_KEY"]
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_settings_come_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.CELERY_BROKER_URL, s.ALLOWED_HOSTS, s.EMAIL_BACKEND, s.DEBUG)"
    )
    result = _manage(
        "shell", "--no-imports", "-c", code, env={**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "redis://redis.internal:6379/0",
        "['portal.example.gov.uk']",
        "django.core.mail.backends.console.EmailBackend",
        "False",
    ]


def test_embedded_defaults_need_no_services(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL,"
        " s.CELERY_WORKER_PREFETCH_MULTIPLIER, s.CELERY_BEAT_SCHEDULER)"
    )
    env = {"PORTAL_VAR_DIR": str(tmp_path), "CELERY_BROKER_URL": "", "REDIS_URL": ""}
    result = _manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "1",
        "django_celery_beat.schedulers:DatabaseScheduler",
    ]


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_web_server_refuses_the_development_key_when_debug_is_off(tmp_path):
    env = {**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
    del env["SECRET_KEY"]
    refused = _python("import portal.wsgi", env=env)
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr
    assert _python("import portal.wsgi", env={**env, "DEBUG": "1"}).returncode == 0
    assert (
        _python(
            "import portal.wsgi", env={**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
        ).returncode
        == 0
    )


def test_pages_render_with_debug_off_before_collectstatic(tmp_path):
    # No manifest yet: static files are served as they are instead of every page failing.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/accounts/login/', secure=True, HTTP_HOST='portal.example.gov.uk');"
        "print(r.status_code, b'/static/vendor/bootstrap/bootstrap.min.css' in r.content)"
    )
    env = {
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "PORTAL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = _python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "True"]


def _python(code, *, env):
    ignore = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in ignore}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings", **clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
