"""The 360Giving export validates against the 1.4.3 package schema, offline, from the schemas
kept in the grants app; the files are written by a job, a grant at a time."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from grants import giving360
from grants.services import award_approve
from portal.models import Job

from ..conftest import wait_for_job
from ..partnerships.factories import OrganisationFactory, PartnershipFactory
from .factories import AwardFactory, FundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(settings):
    settings.GRANTS_360_PREFIX = "cheshire-east"
    fund = FundFactory(name="Town Partnership grants", budget=Decimal("72000"))
    charity = OrganisationFactory(name="Food Network", sector="vcfs", charity_number="1170341")
    company = OrganisationFactory(name="Walks CIC", sector="vcfs", company_number="10493721")
    town = PartnershipFactory(name="Crewe Town Partnership")
    made = [
        award_approve(award=AwardFactory(fund=fund, recipient_organisation=charity), by=None),
        award_approve(award=AwardFactory(fund=fund, recipient_organisation=company), by=None),
        award_approve(
            award=AwardFactory(fund=fund, recipient_organisation=None, recipient_partnership=town),
            by=None,
        ),
    ]
    AwardFactory(fund=fund, title="Still proposed")
    return made


def test_package_validates_with_no_network(awards, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the validation tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    data = giving360.package()
    assert giving360.validation_errors(data) == []
    grants = data["grants"]
    assert [g["id"] for g in grants] == [f"360G-cheshire-east-{a.pk}" for a in awards]
    assert [g["recipientOrganization"][0]["id"] for g in grants] == [
        "GB-CHC-1170341",
        "GB-COH-10493721",
        f"360G-cheshire-east-partnership-{awards[2].recipient_partnership_id}",
    ]
    assert grants[0]["fundingOrganization"][0]["id"] == "GB-LAE-CHE"
    assert all(g["amountAwarded"] == 8000 for g in grants)
    assert "Still proposed" not in json.dumps(data)


def test_validation_catches_a_broken_grant(awards):
    data = giving360.package()
    del data["grants"][0]["currency"]
    data["grants"][1]["amountAwarded"] = "eight thousand"
    errors = giving360.validation_errors(data)
    assert any("grants/1/amountAwarded" in e for e in errors)
    assert any(e.startswith("grants/0") for e in errors)


def full_schema_errors(data):
    """The package schema applied whole by jsonschema, the slow way, formatted alike."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(package)'}: {e.message}"
        for e in giving360._validator().iter_errors(data)
    ]


def test_quick_validation_finds_what_the_whole_schema_finds(awards):
    data = giving360.package()
    data["grants"].append(json.loads(json.dumps(data["grants"][0])))  # a duplicate grant
    del data["grants"][1]["currency"]
    data["grants"][2]["amountAwarded"] = "eight thousand"
    data["version"] = "one"
    errors = giving360.validation_errors(data)
    # The same errors, but the duplicate named by its place rather than by quoting every grant.
    whole = full_schema_errors(data)
    assert [e for e in whole if e.startswith("grants: [")] and len(whole) == len(errors)
    assert sorted(e for e in errors if "uniqueItems" not in e) == sorted(
        e for e in whole if not e.startswith("grants: [")
    )
    assert "grants/3: is the same as an earlier grant (uniqueItems)" in errors
    assert any(e.startswith("version: ") for e in errors)
    assert giving360.validation_errors({"grants": []}) == full_schema_errors({"grants": []})


def test_a_second_download_does_not_validate_unchanged_grants_again(awards):
    giving360._grant_errors.cache_clear()
    data = giving360.package()
    assert giving360.validation_errors(data) == []
    assert giving360._grant_errors.cache_info().misses == 3
    data = giving360.package()
    assert giving360.validation_errors(data) == []
    info = giving360._grant_errors.cache_info()
    assert (info.misses, info.hits) == (3, 3)


def _export(client, fmt, django_capture_on_commit_callbacks):
    """Ask for the file as the fund list's button does; the job runs on commit."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:giving360", args=[fmt]))
    job = Job.objects.get(title=f"360Giving data ({fmt.upper()})")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    return job


def _download(client, job) -> bytes:
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_downloads(awards, client_for, officer, django_capture_on_commit_callbacks):
    client = client_for(officer)
    page = client.get(reverse("grants:giving360", args=["json"])).content.decode()
    assert "3 awards approved so far" in page and "Make the file" in page
    job = _export(client, "json", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.message
    assert job.message == "3 grants published, valid against the 360Giving 1.4.3 schema."
    assert job.file_name.startswith("360giving-") and job.file_name.endswith(".json")
    data = json.loads(_download(client, job))
    assert len(data["grants"]) == 3 and giving360.validation_errors(data) == []
    assert [g["id"] for g in data["grants"]] == [f"360G-cheshire-east-{a.pk}" for a in awards]
    assert data["version"] == "1.4" and data["publisher"]["name"]

    job = _export(client, "csv", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE and job.message == "3 grants published."
    rows = list(csv.reader(io.StringIO(_download(client, job).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Identifier", "Title", "Description"]
    assert rows[1][rows[0].index("Recipient Org:Identifier")] == "GB-CHC-1170341"
    assert rows[1][rows[0].index("Amount Awarded")] == "8000.00"
    assert len(rows) == 4


def test_the_file_is_what_the_package_would_be(awards):
    """Written a grant at a time, the JSON holds what ``package()`` builds in memory."""
    out = io.BytesIO()
    assert giving360.write_json(out) == 3
    written = json.loads(out.getvalue())
    whole = giving360.package()
    for data in (written, whole):
        data.pop("issued"), data.pop("modified")
    assert written == whole
    assert list(written) == [*list(whole)[1:], "grants"]  # the metadata first


def test_an_invalid_grant_stops_the_file_with_the_reason(
    awards, client_for, officer, monkeypatch, django_capture_on_commit_callbacks
):
    real = giving360.grant

    def broken(award):
        data = real(award)
        if award.pk == awards[1].pk:
            data["amountAwarded"] = "eight thousand"
        return data

    monkeypatch.setattr(giving360, "grant", broken)
    job = _export(client_for(officer), "json", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.message.startswith(
        "The 360Giving file was not made because it would not validate: grants/1/amountAwarded:"
    )


def test_a_duplicate_grant_is_caught_as_it_is_written(awards, monkeypatch):
    monkeypatch.setattr(giving360, "grant", lambda award: {"id": "same", "title": "Same"})
    with pytest.raises(giving360.InvalidPackage) as caught:
        giving360.write_json(io.BytesIO())
    assert "grants/2: is the same as an earlier grant (uniqueItems)" in caught.value.errors
    assert "grants/1: is the same as an earlier grant (uniqueItems)" in caught.value.errors


def test_the_metadata_is_validated_against_the_package_schema(awards, monkeypatch):
    original = giving360.package_metadata
    monkeypatch.setattr(giving360, "package_metadata", lambda: {**original(), "version": "one"})
    with pytest.raises(giving360.InvalidPackage) as caught:
        giving360.write_json(io.BytesIO())
    assert any(e.startswith("version: ") for e in caught.value.errors)


def test_nothing_to_publish_is_a_message_not_an_invalid_file(client_for, officer):
    client = client_for(officer)
    page = client.get(reverse("grants:giving360", args=["json"])).content.decode()
    assert "There are no approved awards to publish yet." in page and "Make the file" not in page
    response = client.post(reverse("grants:giving360", args=["json"]), follow=True)
    assert "There are no approved awards to publish yet." in response.content.decode()
    assert not Job.objects.exists()


def test_only_those_who_may_export_can_ask(awards, client_for, no_role_user, partner_contact):
    for user in (no_role_user, partner_contact):
        response = client_for(user).post(reverse("grants:giving360", args=["json"]))
        assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.worker
def test_the_worker_writes_the_json(worker, awards, client_for, officer):
    client = client_for(officer)
    response = client.post(reverse("grants:giving360", args=["json"]))
    job = wait_for_job(Job.objects.get(pk=response.url.split("/")[-2]), timeout=60)
    assert job.status == Job.Status.DONE, job.message
    data = json.loads(_download(client, job))
    assert len(data["grants"]) == 3 and giving360.validation_errors(data) == []


def test_an_unknown_format_is_not_found(awards, client_for, officer):
    client = client_for(officer)
    assert client.get(reverse("grants:giving360", args=["xml"])).status_code == 404
    assert client.post(reverse("grants:giving360", args=["xml"])).status_code == 404


# The export run from a copy of the project with nothing beside it (no ../shared/): the schemas
# must come with the code. The copy gets SQLite in its own folder (tables made straight from the
# models, which is quicker than migrating) and runs the job in-process.
SELF_CONTAINED = """
import json, os
import django
from django.conf import settings
class NoMigrations(dict):
    def __contains__(self, app): return True
    def __getitem__(self, app): return None
settings.MIGRATION_MODULES = NoMigrations()
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from django.contrib.auth.models import Group
from grants import giving360
from grants.exports import giving360_export
from grants.services import award_approve
from partnerships.models import User
from portal.jobs import job_start
from portal.roles import Role
from tests.grants.factories import AwardFactory
here = os.getcwd()
assert giving360.__file__.startswith(here) and str(giving360.schema_dir()).startswith(here)
officer = User.objects.create(username="officer")
officer.groups.add(Group.objects.get_or_create(name=Role.OFFICER)[0])
for _ in range(3):
    award_approve(award=AwardFactory(), by=None)
job = job_start(task=giving360_export, title="360Giving data", created_by=officer,
                params={"format": "json"})
job.refresh_from_db()
assert job.status == "done", job.message
with job.file.open("rb") as f:
    data = json.load(f)
print(json.dumps({"grants": len(data["grants"]), "errors": giving360.validation_errors(data),
                  "message": job.message}))
"""


def _copy_of_the_project(target: Path) -> Path:
    source = Path(settings.BASE_DIR)
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=source,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):  # not a checkout: copy the tree instead
        shutil.copytree(
            source,
            target,
            ignore=shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "media"),
        )
        return target
    for name in filter(None, listed.split("\0")):
        if (source / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    return target


def test_the_export_needs_nothing_outside_the_project(tmp_path):
    project = _copy_of_the_project(tmp_path / "portal")
    assert not (project.parent / "shared").exists() and (project / "manage.py").is_file()
    var = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_VAR_DIR=str(var),
        CELERY_TASK_ALWAYS_EAGER="1",
        PYTHONPATH="",
    )
    done = subprocess.run(
        [sys.executable, "-c", SELF_CONTAINED],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "grants": 3,
        "errors": [],
        "message": "3 grants published, valid against the 360Giving 1.4.3 schema.",
    }
    assert (var / "db.sqlite3").is_file() and (var / "media").is_dir()
