"""The minutes of a meeting as a PDF: who attended, declarations, each item's decision, the
actions, and whether the minutes are a draft or approved (and where).

Like the handbook, no request renders it: the file made for the minutes as they now read is
kept, named by a hash of its HTML, and served to the next reader; when there is none, a
background job makes it. Members without the restricted papers get minutes without the
exempt items, so there are two files per meeting at most.
"""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from portal.jobs import job_task
from portal.models import Job

from . import pdfcache

MINUTES_CACHE = "minutes-pdf"


def minutes_html(meeting, *, restricted: bool) -> str:
    from .models import Attendance, Declaration, Minutes

    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at").first()
    items = [i for i in meeting.items.all() if restricted or not i.exempt]
    attendance = list(
        meeting.attendance.select_related(
            "membership__user", "membership__contact", "membership__organisation", "substitute_for"
        )
    )
    return render_to_string(
        "partnerships/pdf/minutes.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "minutes": minutes,
            "items": items,
            "present": [a for a in attendance if a.status == Attendance.Status.PRESENT],
            "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
            "declarations": list(Declaration.objects.filter(item__in=items).select_related("item")),
            "actions": list(meeting.actions.visible(restricted=restricted).select_related("item")),
            "restricted": restricted,
        },
    )


def file_name(meeting) -> str:
    return f"minutes-{meeting.local_start:%Y-%m-%d}.pdf"


@job_task(soft_time_limit=300)
def minutes_pdf_build(job: Job) -> None:
    """Render the minutes as they read now, keep the file for the next reader and attach it
    to the job for the one who asked."""
    from .models import Meeting

    meeting = Meeting.objects.select_related("board__partnership").get(pk=job.params["meeting"])
    html = minutes_html(meeting, restricted=job.params["restricted"])
    pdf = pdfcache.rendered(MINUTES_CACHE, html)
    job.file.save(file_name(meeting), ContentFile(pdf), save=False)
    job.message = (
        f"The minutes of {meeting} are ready, made {timezone.localtime():%-d %B %Y %H:%M}."
    )
