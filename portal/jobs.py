"""Background jobs: queue after commit, bounded in time, state recorded on a ``Job``.

A job task is written as a plain function of the ``Job`` and wrapped by ``job_task``::

    @job_task(soft_time_limit=120)
    def organisations_export(job: Job) -> None:
        job.file.save("organisations.csv", ContentFile(...), save=False)

and queued with ``job_start(task=organisations_export, title=..., created_by=user)``.

While a job runs, its worker holds a lease on it (``Lease``): a thread renews
``Job.lease_expires_at`` every ``PORTAL_LEASE_RENEW_SECONDS``. A worker that dies stops renewing,
so within ``PORTAL_LEASE_SECONDS`` the job may be taken again, and ``portal.tasks.jobs_expire``
fails it as interrupted. Agenda packs hold the same kind of lease while they are built.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import Job

logger = logging.getLogger(__name__)

# Errors worth another try: the database or broker was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, BrokerError, ConnectionError, TimeoutError)


def lease_expiry(now: datetime | None = None) -> datetime:
    """When a lease taken or renewed now runs out."""
    return (now or timezone.now()) + timedelta(seconds=settings.PORTAL_LEASE_SECONDS)


class Lease:
    """Keep the lease on a claimed row alive while this process works on it.

    ``claim`` selects the row as this worker claimed it (e.g. by the ``started_at`` it set), so
    that a worker whose claim was taken over after its lease ran out stops renewing. Use it as
    a context manager, or call ``start()`` and ``release()``.
    """

    def __init__(self, claim: QuerySet, *, field: str = "lease_expires_at"):
        self.claim = claim
        self.field = field
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Lease:
        # Inside a transaction (an eager run, a supplement built under the meeting's lock) no
        # one else sees the claim until it commits, and if the process dies it rolls back; a
        # renewal from another connection would only wait on this one's row lock.
        if not connection.in_atomic_block:
            self._thread = threading.Thread(
                target=self._renew, name=f"lease {self.claim.model.__name__}", daemon=True
            )
            self._thread.start()
        return self

    def release(self) -> None:
        """Stop renewing; the caller records the outcome."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> Lease:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.release()

    def _renew(self) -> None:
        try:
            while not self._stop.wait(settings.PORTAL_LEASE_RENEW_SECONDS):
                try:
                    held = self.claim.update(**{self.field: lease_expiry()})
                except Exception:  # a database blip: try again at the next renewal
                    logger.warning("Could not renew a lease", exc_info=True)
                    connection.close()
                    continue
                if not held:
                    logger.warning(
                        "Lost the lease on a %s: another worker took it over",
                        self.claim.model._meta.verbose_name,
                    )
                    return
        finally:
            connections.close_all()  # this thread's connections only


def job_task(
    *, soft_time_limit: int = 300, time_limit: int | None = None, max_retries: int = 3
) -> Callable:
    """Turn ``fn(job)`` into a Celery task that takes a job id and records the job's state."""
    hard_limit = time_limit or soft_time_limit + 60

    def decorator(fn: Callable[[Job], None]):
        @shared_task(
            name=f"{fn.__module__}.{fn.__name__}",
            bind=True,
            soft_time_limit=soft_time_limit,
            time_limit=hard_limit,
            max_retries=max_retries,
            acks_late=True,
            ignore_result=True,
        )
        def task(self, job_id: str) -> str:
            return _execute(self, job_id, fn, hard_limit)

        task.job_function = fn
        return task

    return decorator


MAX_TAKEOVERS = 5  # runs of one job, its first included, before a dead worker's job is let go


def _execute(task, job_id: str, fn: Callable[[Job], None], hard_limit: int) -> str:
    now = timezone.now()
    # Claim the job: only a pending one, or one whose worker died mid-run (its lease, or its
    # deadline, has passed: this is its message delivered again). A job that is finished, or
    # running now elsewhere with a live lease, is left alone, so running the task twice is safe.
    claimed = Job.objects.filter(
        Q(status=Job.Status.PENDING)
        # A job whose run keeps killing its worker is not taken again for ever: after a few
        # tries the sweep fails it as interrupted.
        | (
            Q(status=Job.Status.RUNNING, attempts__lt=MAX_TAKEOVERS)
            & (Q(lease_expires_at__lt=now) | Q(deadline__lt=now))
        ),
        pk=job_id,
    ).update(
        status=Job.Status.RUNNING,
        started_at=now,
        deadline=now + timedelta(seconds=hard_limit),
        lease_expires_at=lease_expiry(now),
        attempts=F("attempts") + 1,
        message="",
    )
    if not claimed:
        logger.info("Job %s is not waiting to run; nothing to do", job_id)
        return "skipped"
    job = Job.objects.get(pk=job_id)
    job._file_at_claim = job.file.name or ""
    try:
        with Lease(Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, started_at=now)):
            fn(job)
    except SoftTimeLimitExceeded:
        minutes = max(1, round(task.soft_time_limit / 60))
        _finish(job, Job.Status.FAILED, f"Stopped: it took longer than {minutes} minute(s).")
        return Job.Status.FAILED
    except TRANSIENT_ERRORS as exc:
        _drop_broken_connection()
        if task.request.retries < task.max_retries:
            countdown = 2 ** (task.request.retries + 1)
            Job.objects.filter(pk=job_id).update(
                status=Job.Status.PENDING,
                message=f"A temporary problem stopped it ({exc}); trying again shortly.",
            )
            raise task.retry(exc=exc, countdown=countdown) from exc
        _finish(job, Job.Status.FAILED, f"Failed after {job.attempts} attempts: {exc}")
        return Job.Status.FAILED
    except Exception as exc:  # the job records the failure for the person who asked
        _drop_broken_connection()
        logger.exception("Job %s (%s) failed", job_id, job.title)
        _finish(job, Job.Status.FAILED, str(exc) or exc.__class__.__name__)
        return Job.Status.FAILED
    _finish(job, Job.Status.DONE, job.message)
    return Job.Status.DONE


def _drop_broken_connection() -> None:
    """After a database error, record the job's state on a fresh connection, not the broken
    one. Inside a caller's transaction (an eager run) the caller owns the connection."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _finish(job: Job, status: str, message: str) -> None:
    """Record the outcome, only while this run still holds the job: a worker that stalled
    past its lease, whose job was since failed as interrupted or taken by another run, must
    not overwrite that (its file, if it made one, is removed)."""
    held = Job.objects.filter(
        pk=job.pk, status=Job.Status.RUNNING, started_at=job.started_at
    ).update(status=status, message=message, finished_at=timezone.now(), file=job.file.name or "")
    if held:
        job.status, job.message = status, message
        return
    logger.warning("Job %s was taken over or expired while it ran; its result is dropped", job.pk)
    if job.file and job.file.name != getattr(job, "_file_at_claim", ""):
        job.file.delete(save=False)


def job_start(*, task, title: str, created_by, params: dict | None = None) -> Job:
    """Record a job and queue its task once the surrounding transaction commits."""
    job = Job.objects.create(
        task_name=task.name, title=title, params=params or {}, created_by=created_by
    )

    def send() -> None:
        try:
            task.apply_async(args=[str(job.pk)])
        except TRANSIENT_ERRORS as exc:
            logger.exception("Could not queue job %s", job.pk)
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.FAILED,
                message=f"The task queue could not be reached ({exc}). Please try again later.",
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)
    return job


class QueueUnavailable(Exception):
    """The task queue could not be reached: the task was not queued."""


def queue_now(task, **kwargs) -> None:
    """Queue a task that keeps no ``Job`` at once, for a page that must say whether it worked
    (the password-reset e-mail): raises ``QueueUnavailable`` if the queue cannot be reached.
    Only for tasks that need nothing from an open transaction."""
    try:
        task.apply_async(kwargs=kwargs)
    except TRANSIENT_ERRORS as exc:
        logger.warning("Could not queue %s: %s", task.name, exc)
        raise QueueUnavailable(str(exc)) from exc


def queue_reachable() -> bool:
    """Whether the task queue answers now (always, when tasks run in-process)."""
    from celery import current_app

    if current_app.conf.task_always_eager:
        return True
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # whatever the transport raises, the answer is "not now"
        logger.warning("The task queue is unreachable: %s", exc)
        return False
    return True


def queue_on_commit(task, *, if_not_queued: Callable[[], None] | None = None, **kwargs) -> None:
    """Queue a task that keeps no ``Job`` (an e-mail, say) once the transaction commits.

    If the queue cannot be reached the page still answers; the failure is logged and
    ``if_not_queued`` is called, so that a record saying the task was done can be undone.
    A page that tells the person something was sent uses ``queue_now`` instead.
    """

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs)
        except TRANSIENT_ERRORS:
            logger.exception("Could not queue %s", task.name)
            if if_not_queued is not None:
                if_not_queued()

    transaction.on_commit(send)
