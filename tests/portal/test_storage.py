"""Files go through Django's storage: the media folder by default, or an S3-compatible bucket
that every web and worker host shares.

The bucket tests run against a real S3 API, moto's server: the one at
``PORTAL_TEST_S3_ENDPOINT`` if set (CI starts one), or one started here from the virtualenv.
Without either they are skipped, except under ``REQUIRE_SERVICES=1``, where that is a failure.
"""

import datetime
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnerships.clearance import report_sign_off
from partnerships.models import AgendaItem, AgendaPack, Meeting, Report
from partnerships.packs import pack_build, resolve_portal_file
from partnerships.services import meeting_publish
from portal.models import Job
from portal.storage import read_file, save_atomically

from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory
from ..partnerships.test_packs import tiny_pdf

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REGION = "eu-west-2"
KEY, SECRET = "portal-test", "portal-test-secret"


def _missing(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except urllib.error.HTTPError:
        return True  # an S3 error document is an answer
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    given = os.environ.get("PORTAL_TEST_S3_ENDPOINT")
    if given:
        if not _answers(given):
            _missing(f"nothing answers at PORTAL_TEST_S3_ENDPOINT={given}")
        yield given
        return
    server = Path(sys.executable).with_name("moto_server")
    if not server.exists():
        _missing("moto_server is not installed (pip install 'moto[server]')")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                _missing(f"moto_server did not start on {url} (see {log.name})")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def s3_storage(s3_endpoint, tmp_path_factory):
    """STORAGES["default"] as portal/settings.py makes it from the environment for a bucket."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "PORTAL_STORAGE")) and k != "DATABASE_URL"
    }
    env.update(
        PORTAL_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        AWS_STORAGE_BUCKET_NAME="set-per-test",
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=KEY,
        AWS_SECRET_ACCESS_KEY=SECRET,
    )
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["default"]


class Bucket:
    def __init__(self, name, client):
        self.name = name
        self.client = client

    def objects(self) -> list[str]:
        found = self.client.list_objects_v2(Bucket=self.name)
        return sorted(o["Key"] for o in found.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_endpoint, s3_storage, settings):
    """A new, empty bucket as the default storage for one test."""
    import boto3

    name = f"portal-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    options = {**s3_storage["OPTIONS"], "bucket_name": name}
    settings.STORAGES = {**settings.STORAGES, "default": {**s3_storage, "OPTIONS": options}}
    return Bucket(name, client)


def files_under(folder) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_settings_select_a_private_bucket(s3_storage, s3_endpoint):
    assert s3_storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3_storage["OPTIONS"] == {
        "bucket_name": "set-per-test",
        "endpoint_url": s3_endpoint,
        "region_name": REGION,
        "access_key": KEY,
        "secret_key": SECRET,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }


@pytest.fixture
def meeting(officer, board_member):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    MembershipFactory(board=board, user=board_member, contact=None, role="chair")
    meeting = Meeting.objects.create(
        board=board,
        start=timezone.now() + datetime.timedelta(days=3),
        venue="Westfields, Sandbach",
    )
    report = Report.objects.create(
        title="Ambition for All refresh",
        author="Steph Cordon",
        status="submitted",
        summary="<p>Public summary.</p>",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title=report.title, report=report)
    return meeting


def test_a_pack_and_its_appendix_live_in_the_bucket(
    bucket, meeting, client_for, officer, board_member, settings, signer
):
    report = meeting.items.get().report
    upload = SimpleUploadedFile("map.pdf", tiny_pdf("APPENDIX MAP"), content_type="application/pdf")
    response = client_for(officer).post(
        reverse("partnerships:appendix_add", args=[report.pk]),
        {"title": "Map", "order": 1, "file": upload},
    )
    assert response.status_code == 302
    appendix = report.appendices.get()
    assert bucket.objects() == [f"appendices/{report.pk}/map.pdf"] == [appendix.file.name]
    for kind in ("finance", "legal"):
        report_sign_off(report_id=report.pk, kind=kind, by=signer(kind))

    assert meeting_publish(meeting_id=meeting.pk)
    pack = AgendaPack.objects.get(meeting=meeting, restricted=False)
    assert pack.published_at and pack.file.name == f"packs/{meeting.pk}/agenda-pack-v1-public.pdf"
    response = client_for(board_member).get(pack.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert pdf == bucket.read(pack.file.name) and len(pdf) == pack.size
    text = text_of(pdf)
    assert "Public summary" in text and "APPENDIX MAP" in text  # the appendix, from the bucket

    keys = bucket.objects()
    assert pack.file.name in keys and appendix.file.name in keys
    assert [k for k in keys if k.startswith("pack-cache/")]  # the rendered parts, shared
    assert not files_under(settings.MEDIA_ROOT)  # nothing on this host's disk

    # Rebuilt, the pack replaces its object in place: the same key, the new bytes. (Only a
    # pack not yet published is rebuilt, so this one is taken back to a draft first.)
    AgendaPack.objects.filter(pk=pack.pk).update(published_at=None)
    Report.objects.filter(pk=report.pk).update(summary="<p>Revised summary.</p>")
    rebuilt = pack_build(pack_id=pack.pk)
    assert rebuilt.state == AgendaPack.State.READY and rebuilt.file.name == pack.file.name
    assert [k for k in bucket.objects() if k.startswith("packs/")] == [pack.file.name]
    assert "Revised summary" in text_of(bucket.read(pack.file.name))
    assert not files_under(settings.MEDIA_ROOT)


def test_an_export_is_kept_in_the_bucket_and_downloaded_through_the_portal(
    bucket, client_for, officer, partner_contact, settings, django_capture_on_commit_callbacks
):
    from grants.services import award_approve

    from ..grants.factories import AwardFactory

    award_approve(award=AwardFactory(), by=None)
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:giving360", args=["json"]))
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert bucket.objects() == [job.file.name]
    download = client.get(reverse("job_download", args=[job.pk]))
    assert response.url == job.get_absolute_url() and download.status_code == 200
    data = json.loads(b"".join(download.streaming_content))
    assert len(data["grants"]) == 1
    # The object is private, and only its owner gets it through the portal.
    assert (
        client_for(partner_contact).get(reverse("job_download", args=[job.pk])).status_code == 404
    )
    assert not files_under(settings.MEDIA_ROOT)


def test_two_files_with_one_name_do_not_overwrite_each_other(bucket):
    first = default_storage.save("jobs/2026/01/export.csv", ContentFile(b"first person's rows"))
    second = default_storage.save("jobs/2026/01/export.csv", ContentFile(b"second person's"))
    assert first != second and sorted([first, second]) == bucket.objects()
    assert bucket.read(first) == b"first person's rows"


def test_the_pdf_fetcher_reads_media_from_the_bucket(bucket):
    default_storage.save("images/logo.png", ContentFile(b"\x89PNG not really"))
    found = resolve_portal_file("https://pack.portal.invalid/media/images/logo.png")
    assert found["body"] == b"\x89PNG not really"
    assert found["headers"]["Content-Type"] == "image/png"
    for url in [
        "https://pack.portal.invalid/media/images/missing.png",
        "https://pack.portal.invalid/media/../../etc/passwd",
        "https://pack.portal.invalid/media/images/../../secret",
    ]:
        with pytest.raises(ValueError):
            resolve_portal_file(url)


@pytest.mark.parametrize("where", ["disk", "bucket"])
def test_save_atomically_replaces_in_place(request, where, settings):
    bucket = request.getfixturevalue("bucket") if where == "bucket" else None
    assert save_atomically("packs/1/pack.pdf", b"old") == "packs/1/pack.pdf"
    assert save_atomically("packs/1/pack.pdf", b"new") == "packs/1/pack.pdf"
    assert read_file("packs/1/pack.pdf") == b"new"
    if bucket is not None:
        assert bucket.objects() == ["packs/1/pack.pdf"]
        assert not files_under(settings.MEDIA_ROOT)
    else:  # no temporary file left beside it
        assert [p.name for p in files_under(settings.MEDIA_ROOT)] == ["pack.pdf"]
    with pytest.raises(FileNotFoundError):
        read_file("packs/1/other.pdf")
