from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from portal.jobs import job_start, job_task
from portal.models import Job
from portal.tasks import jobs_expire, jobs_purge

from ..conftest import wait_for_job
from ..partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db

calls = {"n": 0}


@job_task(soft_time_limit=30)
def write_greeting(job: Job) -> None:
    calls["n"] += 1
    job.file.save("greeting.txt", ContentFile(b"hello"), save=False)
    job.message = "Wrote one file."


@job_task(soft_time_limit=30)
def always_fails(job: Job) -> None:
    raise ValueError("The fund has no awards to export.")


@job_task(soft_time_limit=30)
def too_slow(job: Job) -> None:
    raise SoftTimeLimitExceeded()


flaky_state = {"failures_left": 0}


@job_task(soft_time_limit=30, max_retries=2)
def flaky(job: Job) -> None:
    if flaky_state["failures_left"]:
        flaky_state["failures_left"] -= 1
        raise OperationalError("server closed the connection unexpectedly")


def _start(task, django_capture_on_commit_callbacks, user=None):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(task=task, title="Test job", created_by=user or UserFactory())
    job.refresh_from_db()
    return job


def test_a_job_is_queued_on_commit_and_recorded_as_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(task=write_greeting, title="Greeting", created_by=UserFactory())
        assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING
    assert len(callbacks) == 1  # nothing is sent before the transaction commits
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.message == "Wrote one file."
    assert job.file.read() == b"hello"
    assert job.started_at <= job.finished_at
    assert job.attempts == 1


def test_running_a_finished_job_again_does_nothing(django_capture_on_commit_callbacks):
    calls["n"] = 0
    job = _start(write_greeting, django_capture_on_commit_callbacks)
    assert write_greeting.apply(args=[str(job.pk)]).get() == "skipped"
    assert calls["n"] == 1


def test_a_failure_is_recorded_with_its_message(django_capture_on_commit_callbacks):
    job = _start(always_fails, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert job.message == "The fund has no awards to export."
    assert job.finished_at is not None


def test_a_job_over_its_time_limit_is_failed_with_a_plain_message(
    django_capture_on_commit_callbacks,
):
    job = _start(too_slow, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert job.message == "Stopped: it took longer than 1 minute(s)."


def test_a_transient_error_is_retried(django_capture_on_commit_callbacks):
    flaky_state["failures_left"] = 1
    job = _start(flaky, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    assert job.attempts == 2


def test_a_transient_error_that_persists_fails_the_job(django_capture_on_commit_callbacks):
    flaky_state["failures_left"] = 10
    job = _start(flaky, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert "Failed after 3 attempts" in job.message


def test_a_job_whose_worker_died_is_taken_again_as_soon_as_its_lease_runs_out():
    """Its message, delivered again, runs it: the worker stopped renewing a minute ago."""
    now = timezone.now()
    job = Job.objects.create(
        task_name=write_greeting.name,
        title="Greeting",
        status=Job.Status.RUNNING,
        started_at=now - timedelta(minutes=1),
        deadline=now + timedelta(minutes=10),
        lease_expires_at=now - timedelta(seconds=1),
        attempts=1,
    )
    assert write_greeting.apply(args=[str(job.pk)]).get() == Job.Status.DONE
    job.refresh_from_db()
    assert job.attempts == 2 and job.file.read() == b"hello"


@job_task(soft_time_limit=30)
def stalls_past_its_lease(job: Job) -> None:
    """While it "stalls", the sweep fails the job as interrupted (its lease lapsed)."""
    job.file.save("late.txt", ContentFile(b"late"), save=False)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=Job.INTERRUPTED)


def test_a_stalled_run_that_lost_its_job_does_not_overwrite_the_outcome():
    job = Job.objects.create(task_name=stalls_past_its_lease.name, title="Stalls")
    stalls_past_its_lease.apply(args=[str(job.pk)])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == Job.INTERRUPTED
    assert not job.file  # the late run's file is not attached, and was removed


def test_a_job_that_keeps_killing_its_worker_is_not_taken_again_for_ever():
    now = timezone.now()
    job = Job.objects.create(
        task_name=write_greeting.name,
        title="Greeting",
        status=Job.Status.RUNNING,
        started_at=now - timedelta(minutes=1),
        deadline=now + timedelta(minutes=10),
        lease_expires_at=now - timedelta(seconds=1),
        attempts=5,
    )
    assert write_greeting.apply(args=[str(job.pk)]).get() == "skipped"
    assert jobs_expire.apply().get() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == Job.INTERRUPTED


def test_a_job_whose_lease_is_live_is_not_taken_from_its_worker():
    now = timezone.now()
    job = Job.objects.create(
        task_name=write_greeting.name,
        title="Greeting",
        status=Job.Status.RUNNING,
        started_at=now - timedelta(seconds=20),
        deadline=now + timedelta(minutes=10),
        lease_expires_at=now + timedelta(seconds=45),
    )
    assert write_greeting.apply(args=[str(job.pk)]).get() == "skipped"
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_job_whose_worker_died_is_picked_up_again_after_its_deadline():
    job = Job.objects.create(
        task_name=write_greeting.name,
        title="Greeting",
        status=Job.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=2),
        deadline=timezone.now() - timedelta(seconds=1),
    )
    assert write_greeting.apply(args=[str(job.pk)]).get() == Job.Status.DONE


def test_jobs_that_will_never_finish_are_failed_so_their_page_stops_waiting(client_for, officer):
    now = timezone.now()
    lost = Job.objects.create(
        task_name="x",
        title="Lost",
        created_by=officer,
        status=Job.Status.RUNNING,
        started_at=now - timedelta(minutes=10),
        deadline=now - timedelta(minutes=4),
    )
    running = Job.objects.create(
        task_name="x", title="Running", status=Job.Status.RUNNING, deadline=now + timedelta(1)
    )
    forgotten = Job.objects.create(task_name="x", title="Forgotten", status=Job.Status.PENDING)
    Job.objects.filter(pk=forgotten.pk).update(created_at=now - timedelta(days=1))
    waiting = Job.objects.create(task_name="x", title="Waiting", status=Job.Status.PENDING)

    assert jobs_expire.apply().get() == 2
    statuses = dict(Job.objects.values_list("title", "status"))
    assert statuses == {
        "Lost": "failed",
        "Running": "running",
        "Forgotten": "failed",
        "Waiting": "pending",
    }
    assert jobs_expire.apply().get() == 0
    status = client_for(officer).get(lost.get_absolute_url(), {"format": "json"}).json()
    assert status["finished"] and "stopped before it finished" in status["message"]
    assert running.pk and waiting.pk


def test_a_job_whose_worker_died_is_failed_as_interrupted_once_its_lease_runs_out(
    client_for, officer
):
    now = timezone.now()
    died = Job.objects.create(
        task_name="x",
        title="Died",
        created_by=officer,
        status=Job.Status.RUNNING,
        started_at=now - timedelta(seconds=90),
        deadline=now + timedelta(minutes=9),  # far from its time limit …
        lease_expires_at=now - timedelta(seconds=5),  # … but no one renews its lease
    )
    alive = Job.objects.create(
        task_name="x",
        title="Alive",
        status=Job.Status.RUNNING,
        started_at=now - timedelta(minutes=8),
        deadline=now + timedelta(minutes=3),
        lease_expires_at=now + timedelta(seconds=50),
    )
    client = client_for(officer)
    # Before any sweep (with every worker gone there may be none), its page already says so.
    status = client.get(died.get_absolute_url(), {"format": "json"}).json()
    assert status["status"] == "failed" and status["finished"]
    assert status["message"] == Job.INTERRUPTED
    assert Job.objects.get(pk=died.pk).status == Job.Status.RUNNING  # the GET wrote nothing

    assert jobs_expire.apply().get() == 1
    died.refresh_from_db()
    assert died.status == Job.Status.FAILED and died.finished_at is not None
    assert died.message == Job.INTERRUPTED
    assert Job.objects.get(pk=alive.pk).status == Job.Status.RUNNING
    status = client.get(died.get_absolute_url(), {"format": "json"}).json()
    assert status["finished"] and status["status"] == "failed"
    assert status["message"].startswith("The job was interrupted (its worker stopped)")
    page = client.get(died.get_absolute_url()).content.decode()
    assert "Failed" in page and "interrupted (its worker stopped)" in page
    # A message delivered again later leaves the failed job alone: the person starts it again.
    assert write_greeting.apply(args=[str(died.pk)]).get() == "skipped"


@pytest.mark.django_db(transaction=True)
def test_a_running_job_renews_its_lease_and_stops_when_it_ends(settings):
    """Outside a transaction (as on a worker) a thread renews the lease while the job runs."""
    import threading

    settings.PORTAL_LEASE_SECONDS = 1
    settings.PORTAL_LEASE_RENEW_SECONDS = 0.05
    seen = []

    @job_task(soft_time_limit=30)
    def watch_the_lease(job: Job) -> None:
        first = Job.objects.get(pk=job.pk).lease_expires_at
        threading.Event().wait(0.4)
        seen.append((first, Job.objects.get(pk=job.pk).lease_expires_at))

    job = Job.objects.create(task_name=watch_the_lease.name, title="Watch")
    assert watch_the_lease.apply(args=[str(job.pk)]).get() == Job.Status.DONE
    ((first, later),) = seen
    assert later > first
    assert not [t for t in threading.enumerate() if t.name.startswith("lease")]


@pytest.mark.django_db(transaction=True)
def test_a_lease_taken_over_is_no_longer_renewed(settings):
    """A worker that lost its job to another (its lease ran out, say, in a long pause) stops
    renewing it rather than keep the new holder's lease alive."""
    from portal.jobs import Lease

    settings.PORTAL_LEASE_RENEW_SECONDS = 0.01
    mine = timezone.now()
    job = Job.objects.create(task_name="x", title="Taken", status=Job.Status.RUNNING)
    Job.objects.filter(pk=job.pk).update(started_at=mine + timedelta(seconds=1))  # another's
    lease = Lease(Job.objects.filter(pk=job.pk, started_at=mine)).start()
    thread = lease._thread
    thread.join(timeout=5)
    assert not thread.is_alive()  # it found the claim gone and stopped by itself
    lease.release()
    assert Job.objects.get(pk=job.pk).lease_expires_at is None


def test_a_job_running_now_is_not_run_twice():
    job = Job.objects.create(
        task_name=write_greeting.name,
        title="Greeting",
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
    )
    assert write_greeting.apply(args=[str(job.pk)]).get() == "skipped"


def test_an_unreachable_queue_fails_the_job_instead_of_the_page(
    monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerError

    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(write_greeting, "apply_async", refuse)
    job = _start(write_greeting, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert "task queue could not be reached" in job.message


def test_purge_deletes_old_finished_jobs_and_their_files(settings):
    old = Job.objects.create(task_name="x", title="Old", status=Job.Status.DONE)
    old.file.save("old.csv", ContentFile(b"a,b"), save=False)
    old.finished_at = timezone.now() - timedelta(days=settings.PORTAL_JOB_RETENTION_DAYS + 1)
    old.save()
    path = old.file.path
    recent = Job.objects.create(
        task_name="x", title="Recent", status=Job.Status.DONE, finished_at=timezone.now()
    )
    running = Job.objects.create(task_name="x", title="Running", status=Job.Status.RUNNING)
    assert jobs_purge.apply().get() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    import os

    assert not os.path.exists(path)
    assert jobs_purge.apply().get() == 0


def test_the_nightly_purge_is_scheduled_in_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="portal.tasks.jobs_purge")
    assert task.enabled and task.crontab.hour == "3"
    sweep = PeriodicTask.objects.get(task="portal.tasks.jobs_expire")
    # Every minute, so that a job whose worker died is shown as failed within a couple.
    assert sweep.enabled and (sweep.interval.every, sweep.interval.period) == (1, "minutes")
    assert sweep.expire_seconds == 60


# --- the job page -----------------------------------------------------------------------------


def test_job_page_shows_state_to_its_owner_only(
    client_for, officer, board_member, administrator, django_capture_on_commit_callbacks
):
    job = _start(write_greeting, django_capture_on_commit_callbacks, user=officer)
    url = job.get_absolute_url()
    page = client_for(officer).get(url).content.decode()
    assert "Done" in page and ">greeting.txt</span>" in page
    status = client_for(officer).get(url, {"format": "json"}).json()
    assert status["status"] == "done" and status["download_url"].endswith("/download/")
    download = client_for(officer).get(reverse("job_download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"hello"
    assert "attachment" in download["Content-Disposition"]
    # Someone else's job is not there at all; an administrator may look.
    assert client_for(board_member).get(url).status_code == 404
    assert client_for(board_member).get(url + "download/").status_code == 404
    assert client_for(administrator).get(url).status_code == 200


def test_job_page_anonymous_goes_to_sign_in(client, django_capture_on_commit_callbacks):
    job = _start(write_greeting, django_capture_on_commit_callbacks)
    response = client.get(job.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_download_whose_file_has_gone_is_404(
    client_for, officer, django_capture_on_commit_callbacks
):
    import os

    job = _start(write_greeting, django_capture_on_commit_callbacks, user=officer)
    os.remove(job.file.path)
    assert client_for(officer).get(reverse("job_download", args=[job.pk])).status_code == 404


def test_a_failed_job_has_no_download(client_for, officer, django_capture_on_commit_callbacks):
    job = _start(always_fails, django_capture_on_commit_callbacks, user=officer)
    client = client_for(officer)
    assert (
        "The fund has no awards to export." in client.get(job.get_absolute_url()).content.decode()
    )
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_job_page_query_count(client_for, officer, django_assert_max_num_queries):
    job = Job.objects.create(task_name="x", title="Export", created_by=officer)
    client = client_for(officer)
    with django_assert_max_num_queries(6):
        assert client.get(job.get_absolute_url()).status_code == 200


@pytest.mark.worker
def test_a_job_runs_on_the_real_worker(worker):
    job = job_start(task=write_greeting, title="Greeting", created_by=UserFactory())
    job = wait_for_job(job)
    assert job.status == Job.Status.DONE
    assert job.file.read() == b"hello"
