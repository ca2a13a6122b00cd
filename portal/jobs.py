"""Background jobs: queue after commit, bounded in time, state recorded on a ``Job``.

A job task is written as a plain function of the ``Job`` and wrapped by ``job_task``::

    @job_task(soft_time_limit=120)
    def organisations_export(job: Job) -> None:
        job.file.save("organisations.csv", ContentFile(...), save=False)

and queued with ``job_start(task=organisations_export, title=..., created_by=user)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import Job

logger = logging.getLogger(__name__)

# Errors worth another try: the database or broker was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, BrokerError, ConnectionError, TimeoutError)


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


def _execute(task, job_id: str, fn: Callable[[Job], None], hard_limit: int) -> str:
    now = timezone.now()
    # Claim the job: only a pending one, or one whose worker died mid-run and whose deadline
    # has passed. A job that is done, or running now elsewhere, is left alone, so running the
    # task twice is safe.
    claimed = Job.objects.filter(
        Q(status=Job.Status.PENDING) | Q(status=Job.Status.RUNNING, deadline__lt=now),
        pk=job_id,
    ).update(
        status=Job.Status.RUNNING,
        started_at=now,
        deadline=now + timedelta(seconds=hard_limit),
        attempts=F("attempts") + 1,
        message="",
    )
    if not claimed:
        logger.info("Job %s is not waiting to run; nothing to do", job_id)
        return "skipped"
    job = Job.objects.get(pk=job_id)
    try:
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
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at", "file"])


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


def queue_on_commit(task, **kwargs) -> None:
    """Queue a task that keeps no ``Job`` (an e-mail, say) once the transaction commits.

    If the queue cannot be reached the page still answers; the failure is logged.
    """

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs)
        except TRANSIENT_ERRORS:
            logger.exception("Could not queue %s", task.name)

    transaction.on_commit(send)
