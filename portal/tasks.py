import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
    ignore_result=True,
)
def send_email(
    _self,
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict | None = None,
) -> None:
    """Send one e-mail from the queue, so a slow mail server never holds up a page.
    ``headers``: extra headers, such as an alert's List-Unsubscribe."""
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(soft_time_limit=300, time_limit=360, ignore_result=True)
def jobs_purge() -> int:
    """Delete finished jobs, and their files, past the retention period. Safe to run twice."""
    cutoff = timezone.now() - timedelta(days=settings.PORTAL_JOB_RETENTION_DAYS)
    removed = 0
    for job in Job.objects.filter(finished_at__lt=cutoff).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    logger.info("Purged %d finished job(s) older than %s", removed, cutoff)
    return removed


STALE_PENDING = timedelta(hours=6)


# Beat runs it every minute (portal/migrations/0004), so a job whose worker died is shown as
# failed within about PORTAL_LEASE_SECONDS plus a minute.
@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def jobs_expire() -> int:
    """Fail jobs that will never finish: running past their deadline (the hard time limit
    killed it), running with a lease its worker stopped renewing (the worker died), or waiting
    far longer than any queue should take.

    Their pages stop waiting and say what happened. Safe to run twice.
    """
    now = timezone.now()
    overdue = Job.objects.overdue(now).update(
        status=Job.Status.FAILED,
        finished_at=now,
        message="The job stopped before it finished (it ran out of time or its worker "
        "stopped). Please try again.",
    )
    interrupted = Job.objects.lapsed(now).update(
        status=Job.Status.FAILED, finished_at=now, message=Job.INTERRUPTED
    )
    never_started = Job.objects.filter(
        status=Job.Status.PENDING, created_at__lt=now - STALE_PENDING
    ).update(
        status=Job.Status.FAILED,
        finished_at=now,
        message="The job was never started: no background worker picked it up. "
        "Please try again, or tell a portal administrator if this happens again.",
    )
    if overdue or interrupted or never_started:
        logger.warning(
            "Expired %d overdue, %d interrupted and %d never-started job(s)",
            overdue,
            interrupted,
            never_started,
        )
    return overdue + interrupted + never_started
