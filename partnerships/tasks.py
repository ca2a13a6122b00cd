from celery import shared_task
from django.utils import timezone

from portal.jobs import job_task
from portal.models import Job

from .models import AgendaPack, Meeting
from .packs import PackError, pack_build
from .services import SCHEDULED_PUBLICATION, meeting_publish


@job_task(soft_time_limit=600)
def agenda_packs_build(job: Job) -> None:
    """Build a meeting's packs on demand (a draft for officers to check, or a rebuild)."""
    built = [pack_build(pack_id=pk, by=job.created_by) for pk in job.params["packs"]]
    failed = [p for p in built if p.state != AgendaPack.State.READY]
    if failed:
        raise PackError(
            "; ".join(f"{p.label}: {p.error or 'being built by another worker'}" for p in failed)
        )
    job.message = "; ".join(f"{p.label}: {p.page_count} pages" for p in built) + "."


@shared_task(soft_time_limit=1800, time_limit=1900, ignore_result=True)
def packs_publish_due() -> int:
    """Hourly: publish the pack of every meeting whose publication day has come. A meeting is
    published once however often this runs; one whose build fails, or was interrupted when its
    worker stopped, is tried again next hour. If this task's own worker is lost, Redis hands
    its message to another worker (CELERY_VISIBILITY_TIMEOUT), which carries on safely."""
    today = timezone.localdate()
    published = 0
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, start__gt=timezone.now()
    ).select_related("board")
    for meeting in upcoming:
        if meeting.publication_date <= today and meeting_publish(
            meeting_id=meeting.pk, reason=SCHEDULED_PUBLICATION
        ):
            published += 1
    return published


@job_task(soft_time_limit=900)
def meeting_publish_now(job: Job) -> None:
    """An officer publishes the pack now (before its day), or the late papers as a supplement."""
    from django.core.exceptions import ValidationError

    from .services import PapersNotIncluded, meeting_publish_supplement, papers_not_included

    meeting_id = job.params["meeting"]
    confirmed = job.params.get("confirmed", ())
    if job.params.get("supplement"):
        try:
            packs = meeting_publish_supplement(
                meeting_id=meeting_id,
                by=job.created_by,
                confirmed=confirmed,
                lateness_reason=job.params.get("lateness_reason", ""),
            )
        except ValidationError as exc:
            raise PackError(" ".join(exc.messages)) from exc
        job.message = (
            "Published: "
            + "; ".join(f"{p.label}, {p.page_count} pages" for p in packs)
            + ". Members were e-mailed."
        )
        return
    if not meeting_publish(meeting_id=meeting_id, confirmed=confirmed, by=job.created_by):
        meeting = Meeting.objects.get(pk=meeting_id)
        failed = meeting.packs.filter(state=AgendaPack.State.FAILED).first()
        if failed:
            raise PackError(f"{failed.label}: {failed.error}")
        left_out = papers_not_included(meeting.packs.filter(version=1))
        if left_out and meeting.status == Meeting.Status.SCHEDULED:
            confirmed_ids = {int(i) for i in confirmed}
            raise PackError(
                PapersNotIncluded([f for f in left_out if f["item"] not in confirmed_ids]).message
            )
        building = meeting.packs.being_built().first()
        if building:
            raise PackError(
                f"{building.label} is being built by another worker just now; "
                "try again in a minute."
            )
        raise PackError(
            f"The pack was not published: the meeting is {meeting.get_status_display().lower()}."
        )
    job.message = "The pack is published and the members were e-mailed."


# Registered with the worker here (Celery looks for tasks in each app's tasks module).
from .minutes import minutes_pdf_build  # noqa: E402, F401

# --- report deadlines ------------------------------------------------------------------------

REPORT_EMAILS = {
    "reminder": ("reminder_sent_at", "partnerships/email/report_reminder.txt"),
    "overdue": ("overdue_sent_at", "partnerships/email/report_overdue.txt"),
}


def _unmark_report_email(pk: int, mark: str, when):
    def unmark() -> None:
        from .models import AgendaItem

        AgendaItem.objects.filter(pk=pk, **{mark: when}).update(**{mark: None})

    return unmark


@shared_task(soft_time_limit=300, time_limit=360, ignore_result=True)
def remind_report_authors() -> int:
    """Daily: e-mail each agenda item's report author once when the board's report deadline
    is near (partnerships.deadlines.REMIND_WITHIN_WORKING_DAYS) and once when it has passed
    without the report submitted. Each e-mail is recorded on the item under its row lock, so
    two runs never send one twice; a new author is reminded afresh."""
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Q
    from django.template.loader import render_to_string

    from portal.jobs import queue_on_commit
    from portal.tasks import send_email

    from .alerts import when_and_where
    from .deadlines import reminder_due
    from .models import AgendaItem, Report

    today = timezone.localdate()
    now = timezone.now()
    candidates = (
        AgendaItem.objects.filter(
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__start__gt=now,
            report_author__isnull=False,
            report_author__is_active=True,
        )
        .exclude(report_author__email="")
        .exclude(reminder_sent_at__isnull=False, overdue_sent_at__isnull=False)
        .filter(Q(report__isnull=True) | Q(report__status=Report.Status.DRAFT))
        .select_related("meeting__board", "report", "report_author")
    )
    due = [item.pk for item in candidates if reminder_due(item, today)]
    sent = 0
    for pk in due:
        with transaction.atomic():
            item = candidates.select_for_update(of=("self",)).filter(pk=pk).first()
            kind = reminder_due(item, today) if item is not None else None
            if kind is None:  # submitted, moved, or reminded by another run meanwhile
                continue
            mark, template = REPORT_EMAILS[kind]
            AgendaItem.objects.filter(pk=pk).update(**{mark: now})
            meeting, board = item.meeting, item.meeting.board
            context = {
                "item": item,
                "meeting": meeting,
                "board": board,
                "author": item.report_author,
                "when": when_and_where(meeting),
                "deadline": meeting.report_deadline,
                "publication_date": meeting.publication_date,
                "link": settings.PORTAL_BASE_URL.rstrip("/") + item.get_absolute_url(),
            }
            state = "late, was due" if kind == "overdue" else "due by"
            queue_on_commit(
                send_email,
                subject=f"Report {state} {meeting.report_deadline:%-d %B}: item {item.number}, "
                f"{board.name} on {meeting.local_start:%-d %B %Y}",
                body=render_to_string(template, context),
                to=[item.report_author.email],
                # Not on the queue: tomorrow's run tries again.
                if_not_queued=_unmark_report_email(pk, mark, now),
            )
            sent += 1
    return sent
