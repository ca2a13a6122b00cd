"""A worker killed mid-build (issue 11): real ``celery worker`` processes on Redis and the
test database on PostgreSQL, one of them SIGKILLed while it builds a pack.

What a person must see: the last good pack still downloads; within the lease (here
``LEASE`` seconds, 60 in use) the meeting page says the build was interrupted and the pack can
be built again at once, and the job says so too once the sweep has run; a rebuild then
succeeds. Before leases the pack refused every rebuild for 20 minutes and the job said
"running" for 11 to 16.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from partnerships.models import AgendaItem, AgendaPack, Meeting, Report
from partnerships.packs import pack_build, packs_for, packs_request
from partnerships.tasks import agenda_packs_build
from portal.celery import app as celery_app
from portal.models import Job
from portal.tasks import jobs_expire

from ..conftest import uses_redis
from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),  # the worker processes see committed rows only
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not uses_redis(),
        reason="needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL)",
    ),
]

# Small leases, so the test waits seconds where production waits a minute.
LEASE = 3.0
RENEW = 0.5
# The bounds this test holds the portal to, counted from the moment the worker is killed.
INTERRUPTED_WITHIN = LEASE + 5  # the meeting page says "interrupted"; the pack is claimable
REBUILT_WITHIN = 120  # a fresh worker has started and rebuilt it (before: 20 minutes)
VISIBILITY = 3  # Redis's visibility timeout for the worker that inherits a lost message
# Workers here listen on a queue of their own, so the suite's in-process worker (which may be
# running, on the default queue) never takes these tasks.
QUEUE = "test-pack-worker-loss"
CELERY = Path(sys.executable).with_name("celery")


@pytest.fixture
def meeting(officer):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    MembershipFactory(board=board, contact__name="Cllr Jane Hughes", role="chair")
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=20), venue="Westfields"
    )
    for number in (1, 2):
        report = Report.objects.create(
            title=f"Report {number}",
            author="Steph Cordon",
            status="cleared",
            finance_signoff="F",
            legal_signoff="L",
            summary=f"<p>Summary of report {number}.</p>",
        )
        AgendaItem.objects.create(
            meeting=meeting, number=number, title=f"Report {number}", report=report
        )
    return meeting


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """start_worker(name, **env) → a ``celery worker`` process on the test database; its log
    is in ``start_worker.logs``."""
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)
    started = []

    def start(name: str, **extra_env: str) -> subprocess.Popen:
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PORTAL_LEASE_SECONDS": str(LEASE),
            "PORTAL_LEASE_RENEW_SECONDS": str(RENEW),
            **extra_env,
        }
        log = tmp_path / f"worker-{name}.log"
        process = subprocess.Popen(
            [CELERY, "-A", "portal", "worker", "--pool=solo", "-Q", QUEUE, "-n", f"{name}@%h"]
            + ["--without-mingle", "--without-gossip", "--loglevel=INFO"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        start.logs.append(log)
        return process

    start.logs = []
    yield start
    for process, _ in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def _wait_for(condition, *, within: float, what: str, logs=()):
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    else:
        return
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
    pytest.fail(f"Not within {within:.0f} s: {what}\n{tails}")


def _ask_for_a_build(meeting, officer) -> Job:
    """What the "Build draft pack" button does (PackBuildView), queued on this test's queue."""
    packs = packs_request(meeting=meeting)
    job = Job.objects.create(
        task_name=agenda_packs_build.name,
        title=f"Agenda packs for {meeting}",
        created_by=officer,
        params={"packs": [p.pk for p in packs], "return_url": meeting.get_absolute_url()},
    )
    agenda_packs_build.apply_async(args=[str(job.pk)], queue=QUEUE)
    return job


def _kill_mid_build(meeting, officer, start_worker):
    """A good pack, then a worker that claims the rebuild and is SIGKILLed in the middle of it."""
    (pack,) = packs_for(meeting)
    pack = pack_build(pack_id=pack.pk)
    assert pack.state == AgendaPack.State.READY
    good = pack.file.read()
    pack.file.close()

    doomed = start_worker("doomed", PORTAL_TEST_PACK_BUILD_PAUSE="600")
    job = _ask_for_a_build(meeting, officer)

    def claimed():
        pack.refresh_from_db()
        return pack.state == AgendaPack.State.BUILDING

    _wait_for(claimed, within=90, what="the first worker claims the pack", logs=start_worker.logs)
    # While that worker lives it renews the lease, so no one takes the pack from it, however
    # long its build takes.
    time.sleep(LEASE * 2)
    assert AgendaPack.objects.being_built().filter(pk=pack.pk).exists()
    assert pack_build(pack_id=pack.pk).state == AgendaPack.State.BUILDING
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING

    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    return pack, job, good


def test_a_worker_killed_mid_build_leaves_the_old_pack_and_a_rebuild_succeeds(
    meeting, officer, client_for, start_worker
):
    pack, job, good = _kill_mid_build(meeting, officer, start_worker)
    killed = time.monotonic()
    client = client_for(officer)

    # (a) The last good pack is intact and still served, while the build is dead.
    response = client.get(pack.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == good

    # Within the lease the meeting page reads the build as interrupted, and the pack may be
    # built again at once.
    def shown_interrupted():
        page = client.get(meeting.get_absolute_url()).content.decode()
        return "The build was interrupted (its worker stopped)" in page

    _wait_for(shown_interrupted, within=INTERRUPTED_WITHIN, what="page says interrupted")
    assert AgendaPack.objects.not_being_built().filter(pk=pack.pk).exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "The previous pack is still available." in page
    response = client.get(pack.get_absolute_url())
    assert b"".join(response.streaming_content) == good

    # The job's lease (renewed by its own thread) has run out too: the sweep (every minute in
    # use) fails the job as interrupted, and its page stops waiting.
    _wait_for(
        lambda: Job.objects.lapsed().filter(pk=job.pk).exists(),
        within=INTERRUPTED_WITHIN - (time.monotonic() - killed),
        what="the job's lease runs out",
    )
    assert jobs_expire.apply().get() == 1
    status = client.get(job.get_absolute_url(), {"format": "json"}).json()
    assert status["finished"] and status["status"] == Job.Status.FAILED
    assert status["message"] == Job.INTERRUPTED

    # (b) The officer asks again; a new worker rebuilds the pack.
    start_worker("rescue")
    again = _ask_for_a_build(meeting, officer)

    def rebuilt():
        again.refresh_from_db()
        return again.is_finished

    _wait_for(
        rebuilt,
        within=REBUILT_WITHIN - (time.monotonic() - killed),
        what="the rebuild finishes",
        logs=start_worker.logs,
    )
    assert again.status == Job.Status.DONE, again.message
    before = pack.generated_at
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.READY and pack.generated_at > before
    response = client.get(pack.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_lost_message_is_delivered_again_and_its_build_carried_through(
    meeting, officer, start_worker
):
    """Redis hands the dead worker's unacknowledged message to the next worker once the
    visibility timeout has passed (here VISIBILITY s; 10 minutes in use), and it takes the
    job and the pack over, their leases having run out."""
    pack, job, _ = _kill_mid_build(meeting, officer, start_worker)
    killed = time.monotonic()
    # Both leases have run out, and the message has been unacknowledged for longer than that.
    time.sleep(max(LEASE, VISIBILITY) + 1)

    start_worker("heir", CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY))

    def finished():
        job.refresh_from_db()
        return job.is_finished

    _wait_for(
        finished,
        within=REBUILT_WITHIN - (time.monotonic() - killed),
        what="the message is delivered again and the job finishes",
        logs=start_worker.logs,
    )
    assert job.status == Job.Status.DONE, job.message
    assert job.attempts == 2  # the same job, taken over
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.READY
